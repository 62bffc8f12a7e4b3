"""The inference engine: the runner's current state, derived from their history after each import.

`refresh_runner_state` reads the runner and, concurrently, 182 days of activities and
executions and a month of sleep, daily summaries and body measurements (six reads, each one
round trip, only the keys it needs), computes the state with the pure functions of
`app.fitness`, and writes it with one update by id that sets `currentState`,
`running.actualWeeklyVolumeKm`, `running.consistencyScore`, `running.actualEasyPaceSPerKm` and
`running.actualLongRunKm`, and nothing the runner typed.

The state is recomputed whole from the history every time, so two imports finishing together
both write a complete, consistent state; the later one wins, and a replay changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bson import ObjectId

from app.clock import Clock
from app.fitness import history
from app.fitness.readiness import injury_risk, readiness
from app.fitness.state import (
    actual_easy_pace_s_per_km,
    actual_long_run_km,
    actual_weekly_volume_km,
    consistency_score,
    easy_hr_ceiling_bpm,
    fitness_series,
    load_trend,
    loads_by_day,
    volume_window,
)
from app.models.runner import CurrentState, VolumeWindow
from repositories.base import Document
from repositories.registry import Repositories

log = logging.getLogger("cadence.fitness")

RECOVERY_DAYS = 31
"""Sleep and recovery markers read: the last 3 days and the 28-day baseline before them."""
BODY_DAYS = 90
"""Body measurements read: the latest weight may be weeks old."""

SLEEP_FIELDS = {"localDate": 1, "score": 1, "durationS": 1, "restingHr": 1, "avgHrvMs": 1}
DAILY_FIELDS = {"date": 1, "restingHr": 1, "hrvMs": 1}
BODY_FIELDS = {"measuredAt": 1, "weightKg": 1, "restingHr": 1, "hrvMs": 1}


@dataclass(frozen=True, slots=True)
class RunnerHistory:
    """What the engine reads for one runner."""

    runner: Document
    activities: list[Document]
    executions: list[Document]
    sleep: list[Document]
    daily: list[Document]
    body: list[Document]


@dataclass(frozen=True, slots=True)
class DerivedState:
    """What the engine writes: the current state and the derived running fields."""

    current_state: CurrentState
    actual_weekly_volume_km: float
    consistency_score: float
    actual_easy_pace_s_per_km: float | None = None
    actual_long_run_km: float | None = None

    def running_fields(self) -> dict[str, float | None]:
        """The derived `running` fields, by stored name."""
        pace = self.actual_easy_pace_s_per_km
        return {
            "actualWeeklyVolumeKm": self.actual_weekly_volume_km,
            "consistencyScore": self.consistency_score,
            "actualEasyPaceSPerKm": None if pace is None else round(pace, 1),
            "actualLongRunKm": self.actual_long_run_km,
        }


def _latest(documents: Sequence[Document], order_key: str, key: str) -> Any:
    dated = [d for d in documents if d.get(key) is not None and d.get(order_key) is not None]
    return max(dated, key=lambda d: d[order_key])[key] if dated else None


def _unresolved_injuries(runner: Mapping[str, Any]) -> list[str]:
    injuries = (runner.get("health") or {}).get("injuryHistory") or []
    return [str(injury.get("type")) for injury in injuries if injury.get("resolved") is False]


def derive_state(data: RunnerHistory, now: datetime) -> DerivedState:
    """The runner's current state at `now` (on their local day) from their history (pure)."""
    today = history.runner_today(data.runner, now)
    samples = [
        sample
        for sample in history.activity_samples(data.activities, data.executions)
        if sample.local_date <= today
    ]
    loads = loads_by_day(samples)
    first_activity = min((s.local_date for s in samples), default=None)
    series = fitness_series(loads, history.history_start(today), today)
    point = series[-1]
    last_7_km, last_7_runs = volume_window(samples, today, 7)
    last_28_km, last_28_runs = volume_window(samples, today, 28)
    resting_hr = history.marker_by_day(
        data.daily, data.sleep, data.body, ("restingHr", "restingHr", "restingHr")
    )
    hrv = history.marker_by_day(data.daily, data.sleep, data.body, ("hrvMs", "avgHrvMs", "hrvMs"))
    state = CurrentState(
        ctl=round(point.ctl, 2),
        atl=round(point.atl, 2),
        tsb=round(point.tsb, 2),
        load_trend=load_trend(series).value,
        readiness=readiness(
            ctl=point.ctl,
            tsb=point.tsb,
            nights=history.nights_of(data.sleep),
            resting_hr_by_day=resting_hr,
            hrv_by_day=hrv,
            today=today,
            history_days=(today - first_activity).days if first_activity else 0,
        ),
        last_7_days=VolumeWindow(volume_km=round(last_7_km, 2), run_count=last_7_runs),
        last_28_days=VolumeWindow(volume_km=round(last_28_km, 2), run_count=last_28_runs),
        injury_risk=injury_risk(
            loads=loads,
            history_start=first_activity,
            last_7_days_km=last_7_km,
            previous_3_weeks_km=last_28_km - last_7_km,
            unresolved_injuries=_unresolved_injuries(data.runner),
            feedback=history.feedback_of(data.executions),
            today=today,
        ),
        latest_resting_hr=resting_hr[max(resting_hr)] if resting_hr else None,
        latest_hrv_ms=hrv[max(hrv)] if hrv else None,
        latest_weight_kg=_latest(data.body, "measuredAt", "weightKg"),
        latest_sleep_score=_latest(data.sleep, "localDate", "score"),
        updated_at=now,
    )
    physical = data.runner.get("physical") or {}
    longest = actual_long_run_km(samples, today)
    return DerivedState(
        current_state=state,
        actual_weekly_volume_km=round(actual_weekly_volume_km(samples, today), 2),
        consistency_score=consistency_score(samples, today),
        actual_easy_pace_s_per_km=actual_easy_pace_s_per_km(
            samples, today, easy_hr_ceiling_bpm(physical.get("maxHr"), physical.get("restingHr"))
        ),
        actual_long_run_km=None if longest is None else round(longest, 2),
    )


async def read_history(
    repositories: Repositories, runner_id: ObjectId, runner: Document, today: date
) -> RunnerHistory:
    """Everything `derive_state` needs beyond the runner, in five concurrent reads."""
    first = history.history_start(today)
    recovery_first = today - timedelta(days=RECOVERY_DAYS - 1)
    body_first = datetime.combine(today - timedelta(days=BODY_DAYS), datetime.min.time(), UTC)
    activities, executions, sleep, daily, body = await asyncio.gather(
        repositories.activities.on_days_from(runner_id, first, history.ACTIVITY_FIELDS),
        repositories.executions.dated_from(runner_id, first, history.EXECUTION_FIELDS),
        repositories.sleep.since(runner_id, "localDate", recovery_first, SLEEP_FIELDS),
        repositories.daily_summaries.since(runner_id, "date", recovery_first, DAILY_FIELDS),
        repositories.body_measurements.since(runner_id, "measuredAt", body_first, BODY_FIELDS),
    )
    return RunnerHistory(runner, activities, executions, sleep, daily, body)


async def refresh_runner_state(
    repositories: Repositories, runner_id: ObjectId, *, now: datetime
) -> DerivedState | None:
    """Recompute and store the runner's state as of `now`; None when there is no such runner."""
    runner = await repositories.runners.get(runner_id, history.RUNNER_FIELDS)
    if runner is None:
        return None
    day = history.runner_today(runner, now)
    data = await read_history(repositories, runner_id, runner, day)
    derived = derive_state(data, now)
    await repositories.runners.set_derived_state(
        runner_id, derived.current_state.to_mongo(), derived.running_fields()
    )
    return derived


class StateRefresher:
    """Refreshes runners' current state after imports, off the import's critical path.

    The import answers as soon as its activities are stored and matched; the state follows a
    moment later. One refresh per runner runs at a time: imports arriving meanwhile ask for
    one more run after it, which reads everything they stored (bursts coalesce). `drain`
    waits for every pending refresh (at shutdown, and in tests and benchmarks).
    """

    def __init__(self, repositories: Repositories, clock: Clock) -> None:
        self._repositories = repositories
        self._clock = clock
        self._running: dict[ObjectId, asyncio.Task[None]] = {}
        self._again: set[ObjectId] = set()

    def request(self, runner_id: ObjectId) -> None:
        """Ask for the runner's state to be recomputed (soon, once per burst)."""
        if runner_id in self._running:
            self._again.add(runner_id)
            return
        self._running[runner_id] = asyncio.create_task(self._run(runner_id))

    async def _run(self, runner_id: ObjectId) -> None:
        try:
            while True:
                try:
                    await refresh_runner_state(self._repositories, runner_id, now=self._clock.now())
                except Exception:
                    log.exception(
                        "refreshing a runner's state failed", extra={"runner": str(runner_id)}
                    )
                if runner_id not in self._again:
                    return
                self._again.discard(runner_id)
        finally:
            del self._running[runner_id]

    async def settled(self, runner_id: ObjectId) -> None:
        """Wait for the runner's pending refresh, if any (before reading their state)."""
        while (task := self._running.get(runner_id)) is not None:
            await asyncio.gather(task, return_exceptions=True)

    async def drain(self) -> None:
        """Wait until no refresh is pending."""
        while self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)
