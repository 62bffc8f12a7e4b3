"""Changing a plan after the fact: adapt, pause, resume, blackout days, regenerate.

Every applied change is a new plan version with an adaptation log; earlier versions stay
readable through `Plan.atVersion`.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from typing import Annotated

import strawberry
from bson import ObjectId

from app.adaptation import service
from app.adaptation.service import RevisionResult
from app.events import EventBus
from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.plans.adaptation_types import AdaptationDelta, AdaptationLog, SessionChange
from graphql_schema.plans.types import Plan
from graphql_schema.scalars import parse_id
from graphql_schema.user_errors import Conflict, InvalidInput, NotFound, payload_or_user_error
from repositories.registry import Repositories


@strawberry.type(description="What the adaptation rules found, and the change they propose.")
class AdaptationProposal:
    triggers: list[str] = strawberry.field(
        description="The rules that fired: low_adherence, missed_key_session, pain_reported, "
        "high_soreness, poor_readiness, ahead_of_plan."
    )
    change_summary: str
    reason: str
    changes: list[SessionChange]
    delta: AdaptationDelta


@strawberry.type(description="The plan after a change, and the log entry of the change.")
class PlanRevised:
    plan: Plan
    adaptation: AdaptationLog | None = strawberry.field(
        description="The adaptation log entry; null when nothing changed or for a preview."
    )
    applied: bool = strawberry.field(description="Whether the plan changed (a new version).")
    proposal: AdaptationProposal


PlanRevisionResult = Annotated[
    PlanRevised | NotFound | InvalidInput | Conflict, strawberry.union("PlanRevisionResult")
]


def _revised(result: RevisionResult) -> PlanRevised:
    revision = result.revision
    return PlanRevised(
        plan=stored(Plan, result.plan),
        adaptation=stored(AdaptationLog, result.log) if result.log is not None else None,
        applied=result.applied,
        proposal=AdaptationProposal(
            triggers=result.triggers,
            change_summary=revision.summary,
            reason=revision.reason,
            changes=[stored(SessionChange, c.to_mongo()) for c in revision.changes()],
            delta=stored(AdaptationDelta, revision.delta().to_mongo()),
        ),
    )


async def _run(change: Awaitable[RevisionResult]) -> PlanRevisionResult:
    return await payload_or_user_error(change, _revised)


async def _target(
    info: strawberry.Info[Context, None], plan_id: strawberry.ID
) -> tuple[Repositories, EventBus, ObjectId, ObjectId]:
    """What every plan change needs: repositories, events, the viewer's runner and the plan."""
    plan = parse_id(plan_id, "planId")
    context = info.context
    return context.repositories, context.events, await context.runner_id(), plan


@strawberry.type
class AdaptationMutations:
    @strawberry.mutation(
        description="Run the adaptation rules (adherence, missed key sessions, pain and "
        "soreness, readiness, ahead of plan) on the coming days. With `preview: true` nothing "
        "is written: the proposal shows what would change."
    )
    async def adapt_plan(
        self, info: strawberry.Info[Context, None], plan_id: strawberry.ID, preview: bool = False
    ) -> PlanRevisionResult:
        if info.context.refresher is not None:  # readiness from the latest import
            await info.context.refresher.settled(await info.context.runner_id())
        return await _run(
            service.adapt_plan(
                *await _target(info, plan_id),
                preview=preview,
                now=info.context.clock.now(),
            )
        )

    @strawberry.mutation(
        description="Pause an active plan for `days` days from `from` (default today): the "
        "remaining sessions move by whole weeks, race day stays, the taper is compressed."
    )
    async def pause_plan(
        self,
        info: strawberry.Info[Context, None],
        plan_id: strawberry.ID,
        days: int,
        from_day: Annotated[date | None, strawberry.argument(name="from")] = None,
    ) -> PlanRevisionResult:
        today = await info.context.runner_today()
        return await _run(
            service.pause_plan(
                *await _target(info, plan_id),
                first_day=from_day or today,
                days=days,
                today=today,
            )
        )

    @strawberry.mutation(description="Resume a paused plan.")
    async def resume_plan(
        self, info: strawberry.Info[Context, None], plan_id: strawberry.ID
    ) -> PlanRevisionResult:
        return await _run(service.resume_plan(*await _target(info, plan_id)))

    @strawberry.mutation(
        description="Days the runner cannot train: they become rest days, and their key "
        "workouts move to a free easy day of the same week when one is safe."
    )
    async def set_blackout_dates(
        self, info: strawberry.Info[Context, None], plan_id: strawberry.ID, dates: list[date]
    ) -> PlanRevisionResult:
        return await _run(
            service.set_blackout_dates(
                *await _target(info, plan_id),
                dates,
                today=await info.context.runner_today(),
            )
        )

    @strawberry.mutation(
        description="Generate the plan again from `fromDate` with the runner's current "
        "profile; what is done stays, and the plan gets a new version."
    )
    async def regenerate_plan(
        self, info: strawberry.Info[Context, None], plan_id: strawberry.ID, from_date: date
    ) -> PlanRevisionResult:
        today = await info.context.runner_today()
        return await _run(
            service.regenerate_plan(
                *await _target(info, plan_id),
                from_date=from_date,
                today=today,
            )
        )
