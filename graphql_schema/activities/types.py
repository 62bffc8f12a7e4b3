"""Activities as imported, with laps, splits and load, answering under the seed's names too."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

import strawberry

from app.models import activity
from graphql_schema.common_types import PaceRange  # noqa: F401 - registers shared types first
from graphql_schema.context import Context
from graphql_schema.documents import Stored, document_type, stored


@document_type(activity.Lap)
class Lap:
    pass


@document_type(activity.Split)
class Split:
    pass


@document_type(activity.MatchSuggestion)
class MatchSuggestion:
    pass


@document_type(activity.ActivityLoad)
class ActivityLoad:
    pass


def _float(parent: Stored, key: str, factor: float = 1.0) -> float | None:
    value = parent.get(key)
    return None if value is None else float(value) * factor


async def _execution(parent: Stored, info: strawberry.Info[Context, None]) -> Stored | None:
    return await info.context.linked(parent, "executionId", lambda loaders: loaders.execution)


@document_type(activity.Sample)
class Sample:
    pass


@document_type(activity.ActivityDocument, name="Activity", exclude=["content_hash"])
class Activity:
    @strawberry.field(
        description="RPE 1-10: the feedback of the activity's execution when it has one, "
        "else the activity's own."
    )
    async def perceived_exertion(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> float | None:
        feedback = ((await _execution(parent, info)) or {}).get("feedback") or {}
        rpe = feedback.get("rpe", parent.get("perceivedExertion"))
        return None if rpe is None else float(rpe)

    @strawberry.field(description="When the activity ended (start plus elapsed time).")
    def end_time(self, parent: strawberry.Parent[Stored]) -> datetime:
        start = cast("datetime", parent["startTime"])
        return start + timedelta(seconds=float(parent["elapsedTimeS"]))

    @strawberry.field(description="The sport, as stored (`run`, `ride`...).")
    def activity_type(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["sport"])

    @strawberry.field(description="Distance, metres.")
    def distance_meters(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["distanceM"])

    @strawberry.field(description="Total elapsed time, seconds.")
    def duration_seconds(self, parent: strawberry.Parent[Stored]) -> float:
        return float(parent["elapsedTimeS"])

    @strawberry.field(description="Time moving, seconds.")
    def moving_time_seconds(self, parent: strawberry.Parent[Stored]) -> float | None:
        return _float(parent, "movingTimeS")

    @strawberry.field(description="Mean speed, m/s.")
    def avg_speed_meters_per_second(self, parent: strawberry.Parent[Stored]) -> float | None:
        return _float(parent, "avgSpeedMS")

    @strawberry.field(description="Top speed, m/s.")
    def max_speed_meters_per_second(self, parent: strawberry.Parent[Stored]) -> float | None:
        return _float(parent, "maxSpeedMS")

    @strawberry.field(description="Mean pace, minutes per km.")
    def avg_pace_minutes_per_km(self, parent: strawberry.Parent[Stored]) -> float | None:
        return _float(parent, "avgPaceSPerKm", 1 / 60)

    @strawberry.field(description="Fastest pace (from the top speed), minutes per km.")
    def max_pace_minutes_per_km(self, parent: strawberry.Parent[Stored]) -> float | None:
        speed = parent.get("maxSpeedMS")
        return round(1000 / speed / 60, 3) if speed else None

    @strawberry.field(description="Mean cadence, rpm (steps per minute / 2 for running).")
    def avg_cadence_rpm(self, parent: strawberry.Parent[Stored]) -> float | None:
        return _float(parent, "avgCadenceSpm", 0.5)

    @strawberry.field(description="Mean heart rate, bpm.")
    def avg_heart_rate_bpm(self, parent: strawberry.Parent[Stored]) -> float | None:
        return _float(parent, "avgHr")

    @strawberry.field(description="Highest heart rate, bpm.")
    def max_heart_rate_bpm(self, parent: strawberry.Parent[Stored]) -> float | None:
        return _float(parent, "maxHr")

    @strawberry.field(description="Elevation gained, metres.")
    def elevation_gain_meters(self, parent: strawberry.Parent[Stored]) -> float | None:
        return _float(parent, "elevationGainM")

    @strawberry.field(description="Elevation lost, metres.")
    def elevation_loss_meters(self, parent: strawberry.Parent[Stored]) -> float | None:
        return _float(parent, "elevationLossM")

    @strawberry.field(description="Energy burned, kcal.")
    def total_burned_calories(self, parent: strawberry.Parent[Stored]) -> float | None:
        return _float(parent, "calories")

    @strawberry.field(description="The recording device.")
    def device_name(self, parent: strawberry.Parent[Stored]) -> str | None:
        return parent.get("device")

    @strawberry.field(description="Training stress (the activity's load, TSS units).")
    def training_stress_score(self, parent: strawberry.Parent[Stored]) -> float | None:
        load = parent.get("load")
        return float(load["value"]) if load else None

    @strawberry.field(description="When Cadence last received the activity.")
    def last_synced_at(self, parent: strawberry.Parent[Stored]) -> datetime:
        return cast("datetime", parent["importedAt"])

    @strawberry.field(description="The planned session the activity executed, if linked.")
    async def planned_session_id(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> strawberry.ID | None:
        execution = await _execution(parent, info)
        session_id = execution.get("sessionId") if execution else None
        return strawberry.ID(str(session_id)) if session_id else None

    @strawberry.field(description="How well it matched the planned session, 0-1.")
    async def plan_adherence(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> float | None:
        analysis = ((await _execution(parent, info)) or {}).get("analysis")
        return round(analysis["adherenceScore"] / 100, 3) if analysis else None

    @strawberry.field(description="The session type: the linked planned session's, if any.")
    async def session_type(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> str | None:
        snapshot = ((await _execution(parent, info)) or {}).get("plannedSnapshot")
        return str(snapshot["type"]) if snapshot else None

    @strawberry.field(description="`plan` when the session type is the linked session's.")
    async def session_type_source(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> str | None:
        snapshot = ((await _execution(parent, info)) or {}).get("plannedSnapshot")
        return "plan" if snapshot else None

    @strawberry.field(
        description="The recorded track for charts and maps (time, distance, heart rate, pace, "
        "elevation, cadence, position, power), at most 600 points; empty for a source that "
        "sends no track (Strava's summary, Terra without detailed series, a manual log). One "
        "read per activity: ask for it on one activity."
    )
    async def samples(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> list[Sample]:
        runner_id = await info.context.runner_id()
        document = await info.context.repositories.activity_samples.of_activity(
            runner_id, parent["_id"]
        )
        return [stored(Sample, sample) for sample in (document or {}).get("samples", [])]
