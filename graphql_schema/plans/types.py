"""The plan and its parts: season view, weeks, runner snapshot, paces, decisions, history."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Annotated, TypeVar, cast

import strawberry

from app.models import plan
from app.planning.formatting import KM_PER_MILE, format_duration
from app.planning.periodization import PERIODIZATION_MODEL
from app.planning.seed_views import focus_summary
from app.planning.week_figures import week_context, week_label
from app.planning.week_ids import week_id
from graphql_schema.context import Context
from graphql_schema.documents import Stored, document_type, stored, stored_key
from graphql_schema.fitness.types import (
    PLAN_FITNESS_FIELDS,
    FitnessDay,
    RacePredictionResult,
    load_forecast_of_plan,
    prediction_of_plan,
)
from graphql_schema.plans import relations
from graphql_schema.plans.goal_types import PLAN_GOAL_FIELDS, PlanGoalFields, race_day, race_of
from graphql_schema.plans.parts import IntensityDistribution, PhasePlan, TargetPaces
from graphql_schema.plans.progress import PlanProgress, progress_of_plan
from graphql_schema.plans.versions import (
    VERSION_SESSIONS,
    PlanVersionInfo,
    plan_at_version,
    versions_of,
)
from graphql_schema.races.types import Race
from graphql_schema.sessions.types import Execution, Session

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
    "targetPaces": ["targetPaces"],
    "name": ["metadata"],
    "startDate": ["metadata"],
    "endDate": ["metadata"],
    "durationWeeks": ["metadata"],
    "generatorVersion": ["metadata"],
    "goalType": ["raceId"],
    "targetEvent": ["raceId"],
    "targetDate": ["raceId"],
    "targetTime": ["raceId"],
    "generatedAt": ["createdAt"],
    "lastModifiedAt": ["updatedAt"],
    "athleteId": ["runnerId"],
    "totalWeeks": ["metadata"],
    "phaseOverview": ["phases"],
    "adaptive5kTime": ["adaptive5kTimeS"],
    "goalTime": ["raceId"],
    "goalPace": ["raceId"],
    "baseline5k": ["raceId"],
    "baselineWeeklyMileage": ["raceId"],
    **PLAN_GOAL_FIELDS,
    "plannedDays": ["metadata"],
    "executions": ["metadata"],
}
"""Plan fields resolved from other stored keys (for projections)."""


@document_type(plan.SeasonView, name="Season")
class Season:
    pass


def weeks_of(plan_document: Stored, low: int = 1, high: int | None = None) -> list[Week]:
    """The stored plan's weeks `low` to `high` (inclusive) as `Week` reads them."""
    weeks = plan_document["weeklyPlan"]
    high = len(weeks) if high is None else high
    plan_id = plan_document["_id"]
    extra = (
        {VERSION_SESSIONS: plan_document[VERSION_SESSIONS]}
        if VERSION_SESSIONS in plan_document
        else {}
    )
    return [
        stored(Week, {**week, **derived, "planId": plan_id, **extra})
        for week, derived in zip(weeks, week_context(weeks), strict=True)
        if low <= week["weekNumber"] <= high
    ]


@document_type(plan.Week)
class Week:
    @strawberry.field(
        description="The week's id: stable across reads and versions, derived from the plan "
        "and the week number; `week(id:)` reads it back, and each session's `weekId` is it."
    )
    def id(self, parent: strawberry.Parent[Stored]) -> strawberry.ID:
        return strawberry.ID(week_id(parent["planId"], parent["weekNumber"]))

    plan_id: strawberry.ID = strawberry.field(
        resolver=stored_key("planId"), description="The plan the week belongs to."
    )

    @strawberry.field(
        description="The week's target volume in km (the assistant-first seed's name for "
        "`targetVolumeKm`)."
    )
    def target_volume(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["targetVolumeKm"])

    @strawberry.field(
        description="Shares of the week's planned training time at easy, moderate and hard "
        "intensity, percent, adding up to 100 (the assistant-first seed's name for "
        "`intensityDistribution`)."
    )
    def target_intensity_mix(self, parent: strawberry.Parent[Stored]) -> IntensityDistribution:
        return stored(IntensityDistribution, parent["intensityDistribution"])

    @strawberry.field(
        description="What the week is for and its key sessions, in one line: `focus` and "
        "`keySessionSummaries`."
    )
    def focus_summary(self, parent: strawberry.Parent[Stored]) -> str:
        return focus_summary(parent)

    phase_week_number: int = strawberry.field(description="Week 2 of the base phase: 2.")
    intensity_change_note: str | None = strawberry.field(
        description="How the week's hard sessions change from the week before."
    )

    @strawberry.field(description="Total km this week (the seed's name for targetVolumeKm).")
    def volume_km(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["targetVolumeKm"])

    @strawberry.field(description="`Recovery`, `Race` or null (the ProgressionChart's label).")
    def week_label(self, parent: strawberry.Parent[Stored]) -> str | None:
        return week_label(parent)

    @strawberry.field(description="The week's first day.")
    def week_start_date(self, parent: strawberry.Parent[Stored]) -> date:
        return date.fromisoformat(parent["startDate"])

    @strawberry.field(description="The week's last day.")
    def week_end_date(self, parent: strawberry.Parent[Stored]) -> date:
        return date.fromisoformat(parent["endDate"])

    @strawberry.field(description="`Base`, `Build`, `Peak` or `Taper`.")
    def phase_name(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["phase"]).capitalize()

    @strawberry.field(description="What the week is mainly for.")
    def week_focus(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["focus"])

    @strawberry.field(description="The week's special considerations, in one text.")
    def coach_notes(self, parent: strawberry.Parent[Stored]) -> str | None:
        return " ".join(parent.get("notes", [])) or None

    @strawberry.field(description="Volume change from the week before, in percent.")
    def volume_change_percent(self, parent: strawberry.Parent[Stored]) -> float | None:
        return parent.get("volumeChangePct")

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


@document_type(
    plan.PlanDocument,
    name="Plan",
    exclude=[
        "season_view",
        "weekly_plan",
        "idempotency_key",
        "idempotency_fingerprint",
        "target_paces",
    ],
)
class Plan(PlanGoalFields):
    template_id: str | None = strawberry.field(
        default=None, description="Cadence generates every plan; no template is used."
    )

    @strawberry.field(name="targetPaces", description="Training paces from the plan's VDOT.")
    def paces_of_plan(self, parent: strawberry.Parent[Stored]) -> TargetPaces | None:
        paces = parent.get("targetPaces")
        return stored(TargetPaces, paces) if paces else None

    @strawberry.field(description="The plan's name.")
    def name(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["metadata"]["name"])

    @strawberry.field(description="The plan's first day.")
    def start_date(self, parent: strawberry.Parent[Stored]) -> date:
        return date.fromisoformat(parent["metadata"]["startDate"])

    @strawberry.field(description="The plan's last day (race day).")
    def end_date(self, parent: strawberry.Parent[Stored]) -> date:
        return date.fromisoformat(parent["metadata"]["endDate"])

    @strawberry.field(description="How many weeks the plan has.")
    def duration_weeks(self, parent: strawberry.Parent[Stored]) -> int:
        return int(parent["metadata"]["totalWeeks"])

    @strawberry.field(description="The generator's version.")
    def generator_version(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["metadata"]["generatorVersion"])

    @strawberry.field(description="`block`: base, build, peak, taper (see the season view).")
    def periodization_model(self) -> str:
        return PERIODIZATION_MODEL

    @strawberry.field(description="When the plan was generated.")
    def generated_at(self, parent: strawberry.Parent[Stored]) -> datetime:
        return cast("datetime", parent["createdAt"])

    @strawberry.field(description="When the plan last changed.")
    def last_modified_at(self, parent: strawberry.Parent[Stored]) -> datetime:
        return cast("datetime", parent["updatedAt"])

    @strawberry.field(description="`race` for a plan toward a race; null otherwise.")
    def goal_type(self, parent: strawberry.Parent[Stored]) -> str | None:
        return "race" if parent.get("raceId") is not None else None

    @strawberry.field(description="The race's name.")
    async def target_event(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> str | None:
        race = await race_of(parent, info)
        return str(race["name"]) if race else None

    target_date: date | None = strawberry.field(resolver=race_day, description="Race day.")

    athlete_id: strawberry.ID = strawberry.field(
        resolver=stored_key("runnerId"), description="GoFast's name for `runnerId`."
    )

    @strawberry.field(description="GoFast's name for `durationWeeks`.")
    def total_weeks(self, parent: strawberry.Parent[Stored]) -> int:
        return int(parent["metadata"]["totalWeeks"])

    @strawberry.field(description="The phases (GoFast's `phaseOverview`).")
    def phase_overview(self, parent: strawberry.Parent[Stored]) -> list[PhasePlan]:
        return [stored(PhasePlan, phase) for phase in parent.get("phases", [])]

    @strawberry.field(description="The adaptive 5 km time, `h:mm:ss` or `m:ss` (GoFast).")
    def adaptive5k_time(self, parent: strawberry.Parent[Stored]) -> str | None:
        seconds = parent.get("adaptive5kTimeS")
        return None if seconds is None else format_duration(seconds)

    @strawberry.field(description="The race's goal time, seconds (GoFast's name).")
    async def goal_time(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> float | None:
        return ((await race_of(parent, info)) or {}).get("goalTimeS")

    @strawberry.field(description="The race's goal pace, s/km (GoFast's name).")
    async def goal_pace(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> float | None:
        return ((await race_of(parent, info)) or {}).get("goalPaceSPerKm")

    @strawberry.field(description="The 5 km time the plan started from, seconds (GoFast).")
    async def baseline5k(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> float | None:
        return ((await race_of(parent, info)) or {}).get("baseline5kS")

    @strawberry.field(description="The weekly volume the plan started from, miles (GoFast).")
    async def baseline_weekly_mileage(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> float | None:
        km = ((await race_of(parent, info)) or {}).get("baselineWeeklyVolumeKm")
        return None if km is None else round(km / KM_PER_MILE, 1)

    @strawberry.field(description="The race's goal time, seconds.")
    async def target_time(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> float | None:
        race = await race_of(parent, info)
        return race.get("goalTimeS") if race else None

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
        return weeks_of(parent, from_week or 1, to_week or None)

    planned_days: list[Session] = strawberry.field(
        resolver=relations.planned_days,
        description="The plan's planned days by date, optionally of weeks `from` to `to` "
        "(GoFast's `plannedDays`).",
    )
    executions: list[Execution] = strawberry.field(
        resolver=relations.executions,
        description="What was executed against the plan's days (done, missed or skipped), by "
        "date, optionally of weeks `from` to `to` (GoFast's `executions`).",
    )

    @strawberry.field(description="The race this plan prepares for.")
    async def race(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> Race | None:
        found = await race_of(parent, info)
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
