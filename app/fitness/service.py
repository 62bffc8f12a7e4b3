"""Fitness reads for the API: the chart over a range, a plan's load forecast and prediction.

Each one reads only what it needs, concurrently where the reads do not depend on each other,
and leaves the maths to the pure modules.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from typing import Any

from bson import ObjectId

from app.errors import InvalidInputError
from app.fitness import history
from app.fitness.activity_loads import load_profile
from app.fitness.forecast import PlannedLoadInput, load_forecast
from app.fitness.prediction import ADAPTIVE_WINDOW_DAYS, Effort, EffortKind
from app.fitness.race_prediction import RacePrediction, race_prediction, session_effort
from app.fitness.state import FitnessDay, fitness_series, loads_by_day
from repositories.base import Document
from repositories.registry import Repositories

MAX_RANGE_DAYS = 5 * 366
"""The longest chart one query may ask for: five years."""

SESSION_FIELDS = {"scheduledDate": 1, "type": 1, "durationMin": 1, "distanceKm": 1, "effort": 1}
PREDICTION_EXECUTION_FIELDS = {
    "activityId": 1,
    "date": 1,
    "actual": 1,
    "plannedSnapshot.type": 1,
    "plannedSnapshot.paceRange": 1,
}
PREDICTION_WINDOW_DAYS = ADAPTIVE_WINDOW_DAYS + 14
"""The adaptive 5 km's window, plus the 14 days the trend looks back."""


async def _loads(repositories: Repositories, runner_id: ObjectId, first: date) -> dict[date, float]:
    activities, executions = await asyncio.gather(
        repositories.activities.on_days_from(runner_id, first, history.ACTIVITY_FIELDS),
        repositories.executions.dated_from(runner_id, first, history.EXECUTION_FIELDS),
    )
    return loads_by_day(history.activity_samples(activities, executions))


async def fitness_range(
    repositories: Repositories, runner_id: ObjectId, first: date, last: date
) -> list[FitnessDay]:
    """Daily load, CTL, ATL and TSB from `first` to `last`, warmed up on the 182 days before."""
    if last < first:
        raise InvalidInputError("to", "must not be before `from`")
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise InvalidInputError("to", f"a fitness range may span at most {MAX_RANGE_DAYS} days")
    warm_up = history.history_start(first)
    loads = await _loads(repositories, runner_id, warm_up)
    series = fitness_series(loads, warm_up, last)
    return series[(first - warm_up).days :]


async def plan_load_forecast(
    repositories: Repositories, runner_id: ObjectId, plan: Document, now: datetime
) -> list[FitnessDay]:
    """The plan's projected daily load and chart from today to its end date."""
    runner = await repositories.runners.get(runner_id, history.RUNNER_FIELDS)
    if runner is None:
        return []
    day = history.runner_today(runner, now)
    end = date.fromisoformat(plan["metadata"]["endDate"])
    if end < day:
        return []
    start = history.history_start(day)
    loads, sessions = await asyncio.gather(
        _loads(repositories, runner_id, start),
        repositories.sessions.scheduled_between(runner_id, plan["_id"], day, end, SESSION_FIELDS),
    )
    planned = [
        PlannedLoadInput(
            scheduled_date=date.fromisoformat(session["scheduledDate"]),
            type=session["type"],
            duration_min=session.get("durationMin") or 0.0,
            distance_km=session.get("distanceKm") or 0.0,
            effort=session.get("effort") or 0.0,
        )
        for session in sessions
    ]
    return load_forecast(
        load_profile(runner, day),
        loads,
        history_start=start,
        sessions=planned,
        today=day,
        end=end,
    )


def _recent_races(running: dict[str, Any]) -> list[Effort]:
    return [
        Effort(
            float(race["distanceM"]),
            float(race["timeS"]),
            date.fromisoformat(race["date"]),
            EffortKind.RACE,
        )
        for race in running.get("recentRaces") or []
    ]


async def _efforts(repositories: Repositories, runner_id: ObjectId, today: date) -> list[Effort]:
    first = today - timedelta(days=PREDICTION_WINDOW_DAYS)
    executions = await repositories.executions.dated_from(
        runner_id, first, PREDICTION_EXECUTION_FIELDS
    )
    useful = [
        e
        for e in executions
        if (e.get("plannedSnapshot") or {}).get("type") is not None
        and e.get("activityId") is not None
    ]
    needs_laps = [e["activityId"] for e in useful if e["plannedSnapshot"]["type"] != "race"]
    activities = await repositories.activities.by_ids(runner_id, needs_laps) if needs_laps else {}
    efforts = []
    for execution in useful:
        snapshot = execution["plannedSnapshot"]
        actual = execution.get("actual") or {}
        activity = activities.get(execution["activityId"]) or {}
        effort = session_effort(
            snapshot["type"],
            date.fromisoformat(execution["date"]),
            distance_m=(actual.get("distanceKm") or 0.0) * 1000.0,
            time_s=(actual.get("durationMin") or 0.0) * 60.0,
            laps=activity.get("laps") or [],
            planned_slowest_s_per_km=(snapshot.get("paceRange") or {}).get("maxSPerKm"),
        )
        if effort is not None:
            efforts.append(effort)
    return efforts


async def _race(
    repositories: Repositories, runner_id: ObjectId, race_id: ObjectId | None
) -> Document | None:
    return await repositories.races.get(runner_id, race_id) if race_id else None


async def plan_prediction(
    repositories: Repositories, runner_id: ObjectId, plan: Document, now: datetime
) -> RacePrediction | None:
    """The plan's race prediction (see `app.fitness.race_prediction`), or None without a basis."""
    runner, race = await asyncio.gather(
        repositories.runners.get(runner_id, {"identity.timezone": 1, "running": 1}),
        _race(repositories, runner_id, plan.get("raceId")),
    )
    if runner is None:
        return None
    race = race or {}
    distance_m = race.get("distanceM") or (plan.get("metadata") or {}).get("raceDistanceM")
    if not distance_m:
        return None
    day = history.runner_today(runner, now)
    running = runner.get("running") or {}
    return race_prediction(
        float(distance_m),
        efforts=await _efforts(repositories, runner_id, day),
        recent_races=_recent_races(running),
        baseline_5k_s=running.get("baseline5kS") or race.get("baseline5kS"),
        goal_time_s=race.get("goalTimeS"),
        today=day,
    )
