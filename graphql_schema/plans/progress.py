"""`Plan.progress`: how the runner is doing against the plan, per week and overall."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import cast

import strawberry

from app.models.plan import Phase
from app.tracking import progress
from graphql_schema.context import Context
from graphql_schema.documents import Stored

ADHERENCE = (
    "Adherence score, 0–100: the mean of the executions' adherence scores over the run "
    "sessions due so far, missed and skipped ones counting 0; null while none is due."
)


@strawberry.type(description="Due run sessions by compliance colour; missed and skipped are red.")
class Compliance:
    green: int
    yellow: int
    red: int


@strawberry.type(
    description="Planned against done. Counted sessions are run sessions (not rest, "
    "cross-training or strength); a session is due once its day is past or it has an outcome."
)
class ProgressCounts:
    target_volume_km: float = strawberry.field(description="The plan's target volume.")
    planned_volume_km: float = strawberry.field(
        description="Planned distance of the run sessions, as they stand now."
    )
    planned_volume_to_date_km: float = strawberry.field(
        description="Planned distance of the run sessions due so far."
    )
    actual_volume_km: float = strawberry.field(
        description="Distance run: executions of the run sessions (in their session's week) "
        "and unplanned runs (in the week of their date)."
    )
    sessions_planned: int
    sessions_due: int
    completed: int
    modified: int
    shifted: int = strawberry.field(description="Rescheduled off their original day.")
    missed: int
    skipped: int
    upcoming: int = strawberry.field(description="Not due yet: today or later, no outcome.")
    unplanned_runs: int
    supplementary_sessions: int = strawberry.field(
        description="Cross-training and strength days: never counted as missed runs."
    )
    compliance: Compliance
    adherence_score: float | None = strawberry.field(description=ADHERENCE)
    completion_rate_pct: float | None = strawberry.field(
        description="(completed + modified) / due, in %; null while none is due."
    )


@strawberry.type(description="One week of the plan against what was done.")
class WeekProgress(ProgressCounts):
    week_number: int
    start_date: date
    end_date: date
    phase: Phase


@strawberry.type(description="How the runner is doing against the plan.")
class PlanProgress:
    as_of: date = strawberry.field(description="Days before this one are past.")
    totals: ProgressCounts
    weeks: list[WeekProgress]


async def _today(context: Context, as_of: date | None) -> date:
    return as_of if as_of is not None else await context.runner_today()


async def progress_of_plan(
    parent: Stored, info: strawberry.Info[Context, None], as_of: date | None
) -> PlanProgress:
    """Resolve `Plan.progress`: two batched reads (sessions, executions) and the pure tally."""
    loaders = await info.context.loaders()
    weeks = parent["weeklyPlan"]
    plan_id = parent["_id"]
    first_day = min((date.fromisoformat(week["startDate"]) for week in weeks), default=date.min)
    last_day = max((date.fromisoformat(week["endDate"]) for week in weeks), default=date.min)
    sessions, executions, today = await asyncio.gather(
        loaders.progress_sessions.load(plan_id),
        loaders.progress_executions.load((plan_id, first_day, last_day)),
        _today(info.context, as_of),
    )
    # The domain objects carry every field under the same names: the default resolver reads
    # them as they are (graphql-core checks no type, as none of these types has an interface).
    return cast("PlanProgress", progress.plan_progress(weeks, sessions, executions, plan_id, today))
