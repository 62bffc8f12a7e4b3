"""An executed day in the seeds' shapes: assistant-first `actualMetrics`, GoFast `plannedData`."""

from __future__ import annotations

import strawberry

from app.planning.calendar_widget import target_pace_display
from app.planning.formatting import KM_PER_MILE, format_pace
from graphql_schema.common_types import HeartRateRange
from graphql_schema.documents import Stored, stored


@strawberry.type(description="What the run measured (assistant-first `actual_metrics`).")
class ActualMetrics:
    duration_minutes: float | None = strawberry.field(description="Time moving, minutes.")
    distance_km: float | None = strawberry.field(description="km; null when not recorded.")
    avg_pace: str | None = strawberry.field(description="Mean pace, `m:ss` per km.")
    hr_avg: float | None = strawberry.field(description="Mean heart rate, bpm.")
    hr_drift: float | None = strawberry.field(
        description="Heart-rate drift, %: aerobic decoupling (Pa:HR) of the second half of the "
        "run against the first; null without a 20-minute track with heart rate and distance."
    )
    cadence: float | None = strawberry.field(description="Mean cadence, steps per minute.")


def actual_metrics_of(execution: Stored) -> ActualMetrics | None:
    """The execution's actuals in the seed's names; None when no activity was recorded."""
    if execution.get("activityId") is None:
        return None
    actual = execution.get("actual") or {}
    pace = actual.get("avgPaceSPerKm")
    return ActualMetrics(
        duration_minutes=actual.get("durationMin"),
        distance_km=actual.get("distanceKm"),
        avg_pace=format_pace(pace) if pace else None,
        hr_avg=actual.get("avgHr"),
        hr_drift=actual.get("hrDriftPct"),
        cadence=actual.get("avgCadenceSpm"),
    )


@strawberry.type(
    description="The planned day as GoFast snapshots it (`plannedData`): type, mileage, pace, "
    "heart rate, description."
)
class PlannedData:
    type: str = strawberry.field(description="The session type (`easy`, `tempo`, `rest`...).")
    distance_km: float = strawberry.field(description="Planned distance, km (0 on a rest day).")
    mileage: float = strawberry.field(description="Planned distance, miles (GoFast's unit).")
    duration_minutes: float = strawberry.field(description="Planned duration, minutes.")
    pace: str | None = strawberry.field(description="The pace band, `4:55–5:05/km`.")
    hr: HeartRateRange | None = strawberry.field(description="The heart-rate band, bpm.")
    description: str = strawberry.field(description="What to do, in words.")


def planned_data_of(session: Stored | None) -> PlannedData | None:
    """A planned session (live or snapshot) in GoFast's `plannedData` shape."""
    if not session:
        return None
    distance_km = float(session["distanceKm"])
    band = session.get("hrRange")
    return PlannedData(
        type=str(session["type"]),
        distance_km=distance_km,
        mileage=round(distance_km / KM_PER_MILE, 2),
        duration_minutes=float(session["durationMin"]),
        pace=target_pace_display(session),
        hr=stored(HeartRateRange, band) if band else None,
        description=str(session["description"]),
    )
