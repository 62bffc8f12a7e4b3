"""The plan and its parts: season view, weeks, runner snapshot, paces, decisions, history."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, TypeVar

import strawberry

from app.models import plan
from graphql_schema.common_types import PaceRange  # noqa: F401 - registered for nesting
from graphql_schema.context import Context
from graphql_schema.documents import Stored, document_type, stored
from graphql_schema.fitness.types import (
    PLAN_FITNESS_FIELDS,
    FitnessDay,
    RacePredictionResult,
    load_forecast_of_plan,
    prediction_of_plan,
)
from graphql_schema.plans.progress import PlanProgress, progress_of_plan
from graphql_schema.plans.versions import (
    VERSION_SESSIONS,
    PlanVersionInfo,
    plan_at_version,
    versions_of,
)
from graphql_schema.races.types import Race
from graphql_schema.sessions.types import Session

T = TypeVar("T")


async def _once(
    info: strawberry.Info[Context, None],
    key: tuple[object, ...],
    parent: Stored,
    compute: Callable[[], Awaitable[T]],
) -> T:
    """A computed plan field, computed once per request however many aliases ask for it."""
    loaders = await info.context.loaders()
    return await loaders.once((parent["_id"], parent.get("version"), *key), compute)


PLAN_COMPUTED_FIELDS = {
    "season": ["seasonView"],
    "weeks": ["weeklyPlan"],
    "race": ["raceId"],
    **PLAN_FITNESS_FIELDS,
    "progress": ["weeklyPlan"],
    "versions": ["version"],
    "atVersion": ["version"],
}
"""Plan fields resolved from other stored keys (for projections)."""


@document_type(plan.IntensityDistribution)
class IntensityDistribution:
    pass


@document_type(plan.Milestone)
class Milestone:
    pass


@document_type(plan.Risk)
class Risk:
    pass


@document_type(plan.GoalFeasibility)
class GoalFeasibility:
    pass


@document_type(plan.SeasonView, name="Season")
class Season:
    pass


@document_type(plan.Week)
class Week:
    @strawberry.field(description="The planned days of this week, Monday first.")
    async def sessions(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> list[Session]:
        if VERSION_SESSIONS in parent:  # a week of an earlier version: its own sessions
            number = parent["weekNumber"]
            kept = [s for s in parent[VERSION_SESSIONS] if s["weekNumber"] == number]
            return [stored(Session, s) for s in sorted(kept, key=lambda s: s["scheduledDate"])]
        loaders = await info.context.loaders()
        found = await loaders.sessions_of_week.load((parent["planId"], parent["weekNumber"]))
        return [stored(Session, session) for session in found]


@document_type(plan.RadarValue)
class RadarValue:
    pass


@document_type(plan.RunnerSnapshot)
class RunnerSnapshot:
    pass


@document_type(plan.PhasePlan)
class PhasePlan:
    pass


@document_type(plan.LoadParameters)
class LoadParameters:
    pass


@document_type(plan.TargetPaces)
class TargetPaces:
    pass


@document_type(plan.Decision)
class Decision:
    pass


@document_type(plan.SafeguardApplication)
class SafeguardApplication:
    pass


@document_type(plan.Modification)
class Modification:
    pass


@document_type(plan.PauseWindow)
class PauseWindow:
    pass


@document_type(plan.PlanMetadata)
class PlanMetadata:
    pass


@document_type(
    plan.PlanDocument, name="Plan", exclude=["season_view", "weekly_plan", "idempotency_key"]
)
class Plan:
    @strawberry.field(description="The season at a glance, and why it is shaped this way.")
    def season(self, parent: strawberry.Parent[Stored]) -> Season:
        return stored(Season, parent["seasonView"])

    @strawberry.field(description="Weeks of the plan, optionally from week `from` to `to`.")
    def weeks(
        self,
        parent: strawberry.Parent[Stored],
        from_week: Annotated[int | None, strawberry.argument(name="from")] = None,
        to_week: Annotated[int | None, strawberry.argument(name="to")] = None,
    ) -> list[Week]:
        low = from_week or 1
        high = to_week or len(parent["weeklyPlan"])
        plan_id = parent["_id"]
        extra = {VERSION_SESSIONS: parent[VERSION_SESSIONS]} if VERSION_SESSIONS in parent else {}
        return [
            stored(Week, {**week, "planId": plan_id, **extra})
            for week in parent["weeklyPlan"]
            if low <= week["weekNumber"] <= high
        ]

    @strawberry.field(description="The race this plan prepares for.")
    async def race(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> Race | None:
        race_id = parent.get("raceId")
        if race_id is None:
            return None
        loaders = await info.context.loaders()
        found = await loaders.race.load(race_id)
        return stored(Race, found) if found else None

    @strawberry.field(
        description="How the runner is doing against the plan, per week and overall, as of "
        "`asOf` (default: today in the runner's timezone)."
    )
    async def progress(
        self,
        parent: strawberry.Parent[Stored],
        info: strawberry.Info[Context, None],
        as_of: date | None = None,
    ) -> PlanProgress:
        return await _once(
            info, ("progress", as_of), parent, lambda: progress_of_plan(parent, info, as_of)
        )

    @strawberry.field(
        description="Projected daily load, fitness, fatigue and form from today to the plan's "
        "end, from the sessions still scheduled (empty once the plan has ended)."
    )
    async def load_forecast(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> list[FitnessDay]:
        return await _once(
            info, ("loadForecast",), parent, lambda: load_forecast_of_plan(parent, info)
        )

    @strawberry.field(
        description="Predicted time for the plan's race from the best recent basis, against "
        "the goal; null without a basis or a race distance."
    )
    async def prediction(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> RacePredictionResult | None:
        return await _once(info, ("prediction",), parent, lambda: prediction_of_plan(parent, info))

    @strawberry.field(description="Every version of the plan, the first first, the current last.")
    async def versions(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> list[PlanVersionInfo]:
        return await _once(info, ("versions",), parent, lambda: versions_of(parent, info))

    @strawberry.field(
        description="The plan as it was at an earlier version (its weeks and sessions as they "
        "were); null for a version that never existed."
    )
    async def at_version(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None], version: int
    ) -> Annotated[Plan, strawberry.lazy("graphql_schema.plans.types")] | None:
        found = await plan_at_version(parent, info, version)
        return stored(Plan, found) if found is not None else None
