"""Plan status and assignment."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app import plan_lifecycle
from app.errors import DomainError
from app.models.plan import PlanStatus
from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.plans.types import Plan
from graphql_schema.scalars import parse_id
from graphql_schema.user_errors import Conflict, NotFound, user_error


@strawberry.type(description="The plan after the change.")
class PlanUpdated:
    plan: Plan


PlanChangeResult = Annotated[
    PlanUpdated | NotFound | Conflict, strawberry.union("PlanChangeResult")
]


@strawberry.type
class PlanMutations:
    @strawberry.mutation(
        description="Change a plan's status: draft → active → paused → completed / abandoned."
    )
    async def set_plan_status(
        self, info: strawberry.Info[Context, None], plan_id: strawberry.ID, status: PlanStatus
    ) -> PlanChangeResult:
        plan = parse_id(plan_id, "planId")
        runner_id = await info.context.runner_id()
        try:
            document = await plan_lifecycle.set_plan_status(
                info.context.repositories, info.context.events, runner_id, plan, PlanStatus(status)
            )
        except DomainError as exc:
            return user_error(exc)  # type: ignore[return-value]
        return PlanUpdated(plan=stored(Plan, document))

    @strawberry.mutation(description="Make this plan the one the runner follows now.")
    async def assign_plan(
        self, info: strawberry.Info[Context, None], plan_id: strawberry.ID
    ) -> PlanChangeResult:
        plan = parse_id(plan_id, "planId")
        runner_id = await info.context.runner_id()
        repositories = info.context.repositories
        try:
            await plan_lifecycle.assign_plan(repositories, runner_id, plan)
        except DomainError as exc:
            return user_error(exc)  # type: ignore[return-value]
        document = await repositories.plans.get(runner_id, plan)
        assert document is not None
        return PlanUpdated(plan=stored(Plan, document))
