"""Plan status and assignment."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from app import plan_lifecycle, plan_service
from app.errors import DomainError
from app.models.plan import PlanStatus
from app.models.race import GoalPriority
from app.plan_service import PlanOptions
from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.plans.types import Plan
from graphql_schema.scalars import parse_id
from graphql_schema.user_errors import (
    Conflict,
    InvalidInput,
    NotFound,
    payload_or_user_error,
    user_error,
)
from repositories.base import Document


@strawberry.type(description="The plan after the change.")
class PlanUpdated:
    plan: Plan

    @classmethod
    def of(cls, document: Document) -> PlanUpdated:
        """The payload for the stored plan."""
        return cls(plan=stored(Plan, document))


PlanChangeResult = Annotated[
    PlanUpdated | NotFound | Conflict, strawberry.union("PlanChangeResult")
]


@strawberry.input(description="Choices for a new plan; everything else comes from the runner.")
class PlanOptionsInput:
    start_date: date | None = strawberry.field(
        default=None, description="First day of the plan (default: today)."
    )
    runs_per_week: int | None = strawberry.field(
        default=None, description="Running days per week, 2 to 7 (default: the runner's)."
    )
    goal_priority: GoalPriority | None = None


@strawberry.type(description="The new plan, a draft assigned to the runner.")
class PlanGenerated:
    plan: Plan

    @classmethod
    def of(cls, document: Document) -> PlanGenerated:
        """The payload for the stored plan."""
        return cls(plan=stored(Plan, document))


GeneratePlanResult = Annotated[
    PlanGenerated | InvalidInput | NotFound | Conflict, strawberry.union("GeneratePlanResult")
]


async def _set_status(
    info: strawberry.Info[Context, None], plan_id: strawberry.ID, status: PlanStatus
) -> PlanChangeResult:
    plan = parse_id(plan_id, "planId")
    runner_id = await info.context.runner_id()
    return await payload_or_user_error(  # type: ignore[return-value]
        plan_lifecycle.set_plan_status(
            info.context.repositories, info.context.events, runner_id, plan, status
        ),
        PlanUpdated.of,
    )


@strawberry.type
class PlanMutations:
    @strawberry.mutation(
        description="Generate a whole plan for a race goal at once: a draft, which becomes "
        "`viewer.activePlan` unless an active or paused plan is (then `activatePlan` switches). "
        "Send an `idempotencyKey` (e.g. a UUID) so that a retried request returns the same plan; "
        "the same key with another race or other options answers `Conflict`."
    )
    async def generate_plan(
        self,
        info: strawberry.Info[Context, None],
        race_id: strawberry.ID,
        options: PlanOptionsInput | None = None,
        idempotency_key: str | None = None,
    ) -> GeneratePlanResult:
        race = parse_id(race_id, "raceId")
        runner_id = await info.context.runner_id()
        chosen = options or PlanOptionsInput()
        return await payload_or_user_error(
            plan_service.generate_and_store(
                info.context.repositories,
                runner_id,
                race,
                options=PlanOptions(chosen.start_date, chosen.runs_per_week, chosen.goal_priority),
                idempotency_key=idempotency_key,
                today=await info.context.runner_today(),
            ),
            PlanGenerated.of,
        )

    @strawberry.mutation(
        description="Start following a draft plan (draft → active); it becomes `viewer.activePlan` "
        "and the plan followed until then, active or paused, is abandoned."
    )
    async def activate_plan(
        self, info: strawberry.Info[Context, None], plan_id: strawberry.ID
    ) -> PlanChangeResult:
        return await _set_status(info, plan_id, PlanStatus.ACTIVE)

    @strawberry.mutation(
        description="Change a plan's status: draft → active → paused → completed / abandoned."
    )
    async def set_plan_status(
        self, info: strawberry.Info[Context, None], plan_id: strawberry.ID, status: PlanStatus
    ) -> PlanChangeResult:
        return await _set_status(info, plan_id, PlanStatus(status))

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
        return PlanUpdated.of(document)
