"""Stored history (camelCase documents) turned into the plain values the fitness maths takes.

Also the projections that read only those keys, so the engine and the fitness queries load
as little as they can.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from bson import ObjectId

from app.clock import local_today
from app.fitness.readiness import Feedback, Night
from app.fitness.state import ActivitySample, effective_load
from app.models.activity import RUNNING_SPORTS
from repositories.base import Document

HISTORY_DAYS = 182
"""Days of activities read for CTL: after 182 days the unknown start weighs e^(-182/42) < 2 %."""

RUNNER_FIELDS = {
    "identity": 1,
    "physical": 1,
    "running": 1,
    "health.injuryHistory": 1,
    "currentState.latestRestingHr": 1,
}
ACTIVITY_FIELDS = {
    "localDate": 1,
    "sport": 1,
    "distanceM": 1,
    "movingTimeS": 1,
    "elapsedTimeS": 1,
    "load": 1,
    "duplicateOf": 1,
    "avgHr": 1,
    "perceivedExertion": 1,
}
EXECUTION_FIELDS = {"activityId": 1, "date": 1, "feedback": 1}


def runner_today(runner: Mapping[str, Any], now: datetime) -> date:
    """The day `now` falls on in the runner's timezone."""
    return local_today((runner.get("identity") or {}).get("timezone"), now)


def history_start(today: date) -> date:
    """The first day of activities the fitness chart is computed from."""
    return today - timedelta(days=HISTORY_DAYS - 1)


def rpe_by_activity(executions: Iterable[Document]) -> dict[ObjectId, float]:
    """The RPE the runner gave each activity's execution, where they gave one."""
    found: dict[ObjectId, float] = {}
    for execution in executions:
        rpe = (execution.get("feedback") or {}).get("rpe")
        if rpe is not None and execution.get("activityId") is not None:
            found[execution["activityId"]] = float(rpe)
    return found


def activity_samples(
    activities: Iterable[Document], executions: Iterable[Document]
) -> list[ActivitySample]:
    """Canonical activities (duplicates left out) with their effective loads."""
    rpes = rpe_by_activity(executions)
    samples = []
    for activity in activities:
        if activity.get("duplicateOf") is not None:
            continue
        duration_min = (activity.get("movingTimeS") or activity.get("elapsedTimeS") or 0) / 60.0
        stored = (activity.get("load") or {}).get("value")
        samples.append(
            ActivitySample(
                local_date=date.fromisoformat(activity["localDate"]),
                is_run=activity.get("sport") in RUNNING_SPORTS,
                distance_km=(activity.get("distanceM") or 0.0) / 1000.0,
                duration_min=duration_min,
                load=effective_load(
                    stored,
                    duration_min,
                    rpes.get(activity["_id"], activity.get("perceivedExertion")),
                ),
                avg_hr=activity.get("avgHr"),
            )
        )
    return samples


def feedback_of(executions: Iterable[Document]) -> list[Feedback]:
    """The soreness and pain the runner reported, by execution day."""
    found = []
    for execution in executions:
        feedback = execution.get("feedback")
        if feedback:
            found.append(
                Feedback(
                    on=date.fromisoformat(execution["date"]),
                    soreness=feedback.get("soreness"),
                    pain_reported=bool(feedback.get("painReported")),
                )
            )
    return found


def nights_of(sleep: Iterable[Document]) -> list[Night]:
    """Nights of sleep by the day they ended on."""
    return [
        Night(
            local_date=date.fromisoformat(night["localDate"]),
            score=night.get("score"),
            duration_s=night.get("durationS") or 0.0,
        )
        for night in sleep
    ]


def marker_by_day(
    daily: Iterable[Document],
    sleep: Iterable[Document],
    body: Iterable[Document],
    keys: tuple[str, str, str],
) -> dict[date, float]:
    """One value a day of a recovery marker, from the best record of the day.

    A daily summary's value wins over a night's, which wins over a body measurement's; `keys`
    names the marker in each of the three collections.
    """
    daily_key, sleep_key, body_key = keys
    values: dict[date, float] = {}
    for document in body:
        if (value := document.get(body_key)) is not None:
            values[document["measuredAt"].date()] = float(value)
    for document in sleep:
        if (value := document.get(sleep_key)) is not None:
            values[date.fromisoformat(document["localDate"])] = float(value)
    for document in daily:
        if (value := document.get(daily_key)) is not None:
            values[date.fromisoformat(document["date"])] = float(value)
    return values
