"""The viewer: the signed-in user's own world."""

from __future__ import annotations

import strawberry

from app.accounts import shows_track_training_prompt
from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.plans.types import PLAN_COMPUTED_FIELDS, Plan
from graphql_schema.projection import projection_for
from graphql_schema.runners.types import Entitlements, Runner, User


@strawberry.type(description="The signed-in user, their runner and their plans.")
class Viewer:
    @strawberry.field(description="The account.")
    async def user(self, info: strawberry.Info[Context, None]) -> User:
        document = await (await info.context.loaders()).viewer_user()
        assert document is not None
        return stored(User, document)

    @strawberry.field(description="The Runner Object.")
    async def runner(self, info: strawberry.Info[Context, None]) -> Runner:
        viewer = await info.context.viewer()
        document = await info.context.repositories.runners.get(viewer.runner_id)
        assert document is not None
        return stored(Runner, document)

    @strawberry.field(description="What the subscription unlocks.")
    async def entitlements(self, info: strawberry.Info[Context, None]) -> Entitlements:
        user = await (await info.context.loaders()).viewer_user()
        return Entitlements(
            show_track_training_prompt=shows_track_training_prompt(user, info.context.clock.now())
        )

    @strawberry.field(description="The plan assigned last: the one the runner follows now.")
    async def active_plan(self, info: strawberry.Info[Context, None]) -> Plan | None:
        runner_id = await info.context.runner_id()
        repositories = info.context.repositories
        plan_id = await repositories.assignments.latest_plan_id(runner_id)
        if plan_id is None:
            return None
        projection = projection_for(info, PLAN_COMPUTED_FIELDS)
        document = await repositories.plans.get(runner_id, plan_id, projection)
        return stored(Plan, document) if document else None

    @strawberry.field(description="Every plan of the runner, newest first.")
    async def plans(self, info: strawberry.Info[Context, None]) -> list[Plan]:
        runner_id = await info.context.runner_id()
        projection = projection_for(info, PLAN_COMPUTED_FIELDS)
        documents = await info.context.repositories.plans.for_runner(runner_id, projection)
        return [stored(Plan, document) for document in documents]


@strawberry.type
class ViewerQueries:
    @strawberry.field(description="The signed-in user's world; needs a bearer token.")
    async def viewer(self, info: strawberry.Info[Context, None]) -> Viewer:
        await info.context.viewer()
        return Viewer()
