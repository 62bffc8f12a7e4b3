"""A planned day with its live status, and what was executed against it."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Annotated

import strawberry

from app.models import execution, session
from app.planning import calendar_widget as widget
from app.planning import seed_views
from app.planning.content import SPLIT_RUN
from app.planning.week_ids import week_id
from graphql_schema.activities.types import Activity
from graphql_schema.common_types import HeartRateRange, PaceRange  # noqa: F401 - for nesting
from graphql_schema.context import Context
from graphql_schema.documents import Stored, document_type, stored, stored_key
from graphql_schema.sessions.execution_parts import (
    ActualMetrics,
    PlannedData,
    actual_metrics_of,
    planned_data_of,
)
from graphql_schema.sessions.seed_types import WorkoutStructure, WorkoutTargets


@document_type(session.Segment)
class Segment:
    pass


@document_type(session.Alternative)
class Alternative:
    @strawberry.field(description="When to choose it (the seed's name for `when`).")
    def when_to_use(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["when"])


@document_type(session.CalendarDisplay)
class CalendarDisplay:
    pass


@strawberry.type(description="A block of a structured workout in the seed's fields and units.")
class StructureSegment:
    segment_type: str
    duration_seconds: int | None
    distance_meters: float | None
    target_pace: str | None = strawberry.field(description="`4:55–5:05/km`.")
    target_heart_rate: float | None
    target_effort: float | None = strawberry.field(description="1-10.")
    repetitions: int | None
    recovery_seconds: int | None
    notes: str | None


async def execution_of(parent: Stored, info: strawberry.Info[Context, None]) -> Stored | None:
    """The execution of a planned day (batched per request), or None."""
    loaders = await info.context.loaders()
    found = await loaders.executions_of_session.load(parent["_id"])
    return found[0] if found else None


SEGMENTS_DESCRIPTION = (
    "The workout block by block, as stored (stored as `structure`; the assistant-first seed's "
    "`structure` is the three-part one)."
)


@document_type(session.PlannedSessionDocument, name="Session")
class Session:
    structure: list[Segment] = strawberry.field(name="segments", description=SEGMENTS_DESCRIPTION)

    @strawberry.field(
        description="The id of the session's week (`Week.id`; `week(id:)` reads it back)."
    )
    def week_id(self, parent: strawberry.Parent[Stored]) -> strawberry.ID:
        return strawberry.ID(week_id(parent["planId"], parent["weekNumber"]))

    @strawberry.field(
        name="structure",
        description="Warm-up, main part and cool-down in words; null for a day without "
        "structure (a rest day).",
    )
    def workout_structure(self, parent: strawberry.Parent[Stored]) -> WorkoutStructure | None:
        parts = widget.structure_parts(parent)
        return None if parts is None else stored(WorkoutStructure, parts)

    @strawberry.field(
        description="Duration, distance, pace band, heart-rate zone and RPE of the workout; "
        "null on a rest day."
    )
    def targets(self, parent: strawberry.Parent[Stored]) -> WorkoutTargets | None:
        found = seed_views.workout_targets(parent)
        return None if found is None else stored(WorkoutTargets, found)

    @strawberry.field(
        description="Why the session is there, in short: what it trains (`physiologicalTarget`)."
    )
    def rationale(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["physiologicalTarget"])

    @strawberry.field(description="What to focus on while running it (`keyPoints`).")
    def coach_cues(self, parent: strawberry.Parent[Stored]) -> list[str]:
        return list(parent.get("keyPoints", []))

    training_plan_id: strawberry.ID = strawberry.field(
        resolver=stored_key("planId"), description="GoFast's name for `planId`."
    )

    @strawberry.field(description="GoFast's week index, counted from 0: `weekNumber` - 1.")
    def week_index(self, parent: strawberry.Parent[Stored]) -> int:
        return seed_views.week_index(parent["weekNumber"])

    date: dt.date = strawberry.field(
        resolver=stored_key("scheduledDate"), description="GoFast's name for `scheduledDate`."
    )

    @strawberry.field(
        description="GoFast's `plannedData`: type, distance (km and miles), duration, pace "
        "band, heart-rate band and description of the day (an execution's `plannedData` is "
        "the same of its snapshot)."
    )
    def planned_data(self, parent: strawberry.Parent[Stored]) -> PlannedData:
        found = planned_data_of(parent)
        assert found is not None  # a stored session is never empty
        return found

    @strawberry.field(description="The session type as stored (`tempo`, `long`, `rest`...).")
    def session_type(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["type"])

    @strawberry.field(description="`Tempo`, `Easy`, `Intervals`, `Long Run`, `Rest`...")
    def session_type_display(self, parent: strawberry.Parent[Stored]) -> str:
        return widget.session_type_display(parent)

    @strawberry.field(description="`progression`, `fartlek` or `hills` for those sessions.")
    def session_subtype(self, parent: strawberry.Parent[Stored]) -> str | None:
        return str(parent["type"]) if parent["type"] in widget.SUBTYPES else None

    @strawberry.field(description="A day without training.")
    def is_rest_day(self, parent: strawberry.Parent[Stored]) -> bool:
        return widget.is_rest_day(parent)

    @strawberry.field(description="`Mon` ... `Sun`.")
    def day_of_week_short(self, parent: strawberry.Parent[Stored]) -> str:
        return widget.day_of_week_short(parent)

    @strawberry.field(description="Planned duration in seconds.")
    def target_duration_seconds(self, parent: strawberry.Parent[Stored]) -> int:
        return round(float(parent["durationMin"]) * 60)

    @strawberry.field(description="`50 min`; `—` on a rest day.")
    def target_duration_display(self, parent: strawberry.Parent[Stored]) -> str:
        return widget.target_duration_display(parent)

    @strawberry.field(description="Planned distance in metres.")
    def target_distance_meters(self, parent: strawberry.Parent[Stored]) -> float:
        return round(float(parent["distanceKm"]) * 1000, 1)

    @strawberry.field(description="Planned effort on the 0-10 scale, rounded.")
    def effort_level(self, parent: strawberry.Parent[Stored]) -> int:
        return widget.effort_level(parent)

    @strawberry.field(description="`7/10`.")
    def effort_display(self, parent: strawberry.Parent[Stored]) -> str:
        return widget.effort_display(parent)

    @strawberry.field(description="The faster end of the pace band, `4:55/km`.")
    def target_pace_min(self, parent: strawberry.Parent[Stored]) -> str | None:
        return widget.target_pace(parent, "min")

    @strawberry.field(description="The slower end of the pace band, `5:05/km`.")
    def target_pace_max(self, parent: strawberry.Parent[Stored]) -> str | None:
        return widget.target_pace(parent, "max")

    @strawberry.field(description="`4:55–5:05/km`; null without a pace.")
    def target_pace_display(self, parent: strawberry.Parent[Stored]) -> str | None:
        return widget.target_pace_display(parent)

    @strawberry.field(description="Heart-rate zone 1-5.")
    def target_heart_rate_zone(self, parent: strawberry.Parent[Stored]) -> int | None:
        return widget.heart_rate_zone(parent)

    @strawberry.field(description="Lower end of the heart-rate band, bpm.")
    def target_heart_rate_min(self, parent: strawberry.Parent[Stored]) -> float | None:
        band = parent.get("hrRange")
        return band["minBpm"] if band else None

    @strawberry.field(description="Upper end of the heart-rate band, bpm.")
    def target_heart_rate_max(self, parent: strawberry.Parent[Stored]) -> float | None:
        band = parent.get("hrRange")
        return band["maxBpm"] if band else None

    @strawberry.field(description="`10 min warm-up → 30 min tempo → 10 min cool-down`.")
    def structure_display(self, parent: strawberry.Parent[Stored]) -> str | None:
        return widget.structure_display(parent)

    @strawberry.field(description="The structure in the seed's fields and units.")
    def structure_segments(self, parent: strawberry.Parent[Stored]) -> list[StructureSegment]:
        return [stored(StructureSegment, s) for s in widget.structure_segments(parent)]

    @strawberry.field(description="Knowledge-base entries that informed the session.")
    def related_knowledge_ids(self, parent: strawberry.Parent[Stored]) -> list[str]:
        return list(parent.get("knowledgeRefs", []))

    @strawberry.field(description="Safeguards checked for the session.")
    def related_safeguard_ids(self, parent: strawberry.Parent[Stored]) -> list[str]:
        return list(parent.get("safeguardRefs", []))

    @strawberry.field(description="Whether it can be moved within its week (race day cannot).")
    def is_moveable(self, parent: strawberry.Parent[Stored]) -> bool:
        return bool(parent["type"] != session.SessionType.RACE)

    @strawberry.field(description="Whether it can be run as two runs the same day.")
    def can_be_split(self, parent: strawberry.Parent[Stored]) -> bool:
        return any(alt["title"] == SPLIT_RUN for alt in parent.get("alternatives", []))

    @strawberry.field(description="The activity that completed the day, if any.")
    async def completed_activity_id(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> strawberry.ID | None:
        done = await execution_of(parent, info)
        activity_id = done.get("activityId") if done else None
        return strawberry.ID(str(activity_id)) if activity_id else None

    @strawberry.field(description="When the day's execution was recorded.")
    async def completed_at(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> datetime | None:
        done = await execution_of(parent, info)
        return done.get("createdAt") if done else None

    @strawberry.field(description="How well the execution matched the plan, 0-1.")
    async def adherence_score(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> float | None:
        analysis = ((await execution_of(parent, info)) or {}).get("analysis")
        return round(analysis["adherenceScore"] / 100, 3) if analysis else None

    @strawberry.field(description="What was changed, for a modified day (the analysis).")
    async def modification_notes(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> str | None:
        done = await execution_of(parent, info)
        if not done or done.get("completionStatus") != "modified" or not done.get("analysis"):
            return None
        return str(done["analysis"]["summary"])

    @strawberry.field(description="Duration actually run, seconds.")
    async def actual_duration_seconds(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> int | None:
        minutes = ((await execution_of(parent, info)) or {}).get("actual", {}).get("durationMin")
        return None if minutes is None else round(minutes * 60)

    @strawberry.field(description="Distance actually run, metres.")
    async def actual_distance_meters(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> float | None:
        km = ((await execution_of(parent, info)) or {}).get("actual", {}).get("distanceKm")
        return None if km is None else round(km * 1000, 1)

    @strawberry.field(description="How it felt, in the runner's words (the feedback's notes).")
    async def user_feedback(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> str | None:
        feedback = ((await execution_of(parent, info)) or {}).get("feedback") or {}
        return feedback.get("notes")

    @strawberry.field(
        description="Satisfaction 1-5: Cadence asks for RPE, soreness and fatigue instead, so "
        "this stays null."
    )
    def user_rating(self) -> int | None:
        return None

    @strawberry.field(description="The calendar colour token (`rest`, `easy`, `hard`...).")
    def color_theme(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["display"]["color"])

    @strawberry.field(description="What was executed against this day (at most one).")
    async def executions(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> list[Annotated[Execution, strawberry.lazy("graphql_schema.sessions.types")]]:
        loaders = await info.context.loaders()
        found = await loaders.executions_of_session.load(parent["_id"])
        return [stored(Execution, document) for document in found]


@document_type(execution.Actuals)
class Actuals:
    pass


@document_type(execution.Feedback)
class Feedback:
    pass


@document_type(execution.Analysis)
class Analysis:
    pass


@document_type(
    session.PlannedSessionDocument,
    name="SessionSnapshot",
    description="A planned day frozen as it was when executed: the plan's fields, not the "
    "day's live state (its version, last update and execution are on `Session`).",
    exclude=["version", "updated_at", "execution_id"],
)
class SessionSnapshot:
    structure: list[Segment] = strawberry.field(name="segments", description=SEGMENTS_DESCRIPTION)


@document_type(
    execution.ExecutionDocument, name="Execution", exclude=["session_key", "planned_snapshot"]
)
class Execution:
    @strawberry.field(
        name="plannedSnapshot",
        description="The planned session as it was when this day was executed.",
    )
    def snapshot_of_plan(self, parent: strawberry.Parent[Stored]) -> SessionSnapshot | None:
        snapshot = parent.get("plannedSnapshot")
        return stored(SessionSnapshot, snapshot) if snapshot else None

    @strawberry.field(description="The recorded activity behind this execution, if any.")
    async def activity(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> Activity | None:
        found = await _activity_of(parent, info)
        return stored(Activity, found) if found else None

    workout_id: strawberry.ID | None = strawberry.field(
        resolver=stored_key("sessionId"),
        description="The planned workout (session) executed; null for an unplanned run.",
    )

    @strawberry.field(description="When the run started; null when none was recorded.")
    async def performed_at(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> datetime | None:
        found = await _activity_of(parent, info)
        return found["startTime"] if found else None

    @strawberry.field(description="What the run measured; null when none was recorded.")
    def actual_metrics(self, parent: strawberry.Parent[Stored]) -> ActualMetrics | None:
        return actual_metrics_of(parent)

    @strawberry.field(
        description="How closely the day followed the plan, 0-100 (`analysis.adherenceScore`); "
        "null for an unplanned run."
    )
    def adherence_score(self, parent: strawberry.Parent[Stored]) -> float | None:
        analysis = parent.get("analysis")
        return float(analysis["adherenceScore"]) if analysis else None

    @strawberry.field(description="GoFast's week index: 0 for the plan's first week.")
    def week_index(self, parent: strawberry.Parent[Stored]) -> int | None:
        number = parent.get("weekNumber")
        return None if number is None else seed_views.week_index(int(number))

    @strawberry.field(
        description="The planned day as it was when executed, in GoFast's shape; null for an "
        "unplanned run."
    )
    def planned_data(self, parent: strawberry.Parent[Stored]) -> PlannedData | None:
        return planned_data_of(parent.get("plannedSnapshot"))


async def _activity_of(parent: Stored, info: strawberry.Info[Context, None]) -> Stored | None:
    return await info.context.linked(parent, "activityId", lambda loaders: loaders.activity)
