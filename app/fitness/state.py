"""The runner's training history as numbers: daily load, fitness, trend, volume, consistency.

Pure functions over plain values; `app.fitness.inference` feeds them stored documents.
Windows end today and include it: "the last 7 days" are today and the six days before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.fitness.load import MAX_RPE, daily_load_series, pmc, rpe_tss
from app.models.session import HrZone
from app.planning.intensity import HR_ZONE_PCT

TREND_DAYS = 7
TREND_MIN_CHANGE = 1.0
TREND_MIN_RATIO = 0.05
ACTUAL_VOLUME_WEEKS = 4
CONSISTENCY_WEEKS = 8
EASY_HR_TOP = HR_ZONE_PCT[HrZone.Z2][1]


@dataclass(frozen=True, slots=True)
class ActivitySample:
    """One activity as the state needs it (duplicates already left out)."""

    local_date: date
    is_run: bool
    distance_km: float
    duration_min: float
    load: float
    """The activity's load as `effective_load` gives it (zero when unknown)."""
    avg_hr: float | None = None


@dataclass(frozen=True, slots=True)
class FitnessDay:
    """One day of the chart: that day's load, and fitness, fatigue and form after it."""

    date: date
    load: float
    ctl: float
    atl: float
    tsb: float


class LoadTrend(StrEnum):
    """Which way fitness (CTL) moved over the last week."""

    RISING = "rising"
    STABLE = "stable"
    FALLING = "falling"


def effective_load(stored_load: float | None, duration_min: float, rpe: float | None) -> float:
    """The activity's load, or its session-RPE on the TSS scale when it has none.

    Without either the activity counts as zero.
    """
    if stored_load is not None:
        return stored_load
    if rpe is not None and 0 <= rpe <= MAX_RPE and duration_min >= 0:
        return rpe_tss(duration_min * 60.0, rpe)
    return 0.0


def loads_by_day(activities: Iterable[ActivitySample]) -> dict[date, float]:
    """Total load per local day."""
    totals: dict[date, float] = {}
    for activity in activities:
        if activity.load:
            totals[activity.local_date] = totals.get(activity.local_date, 0.0) + activity.load
    return totals


def fitness_series(
    loads: Mapping[date, float],
    start: date,
    end: date,
    *,
    ctl0: float = 0.0,
    atl0: float = 0.0,
) -> list[FitnessDay]:
    """The performance management chart day by day from `start` to `end` inclusive."""
    daily = daily_load_series(loads, start, end)
    points = pmc(daily, ctl0, atl0)
    return [
        FitnessDay(start + timedelta(days=offset), load, point.ctl, point.atl, point.tsb)
        for offset, (load, point) in enumerate(zip(daily, points, strict=True))
    ]


def load_trend(series: Sequence[FitnessDay]) -> LoadTrend:
    """Rising, stable or falling: CTL now against CTL a week ago.

    CTL moved when the change is at least 1 point and at least 5 % of last week's value, so a
    new runner's first days (tiny CTL) and day-to-day noise read as stable.
    """
    if len(series) <= TREND_DAYS:
        return LoadTrend.STABLE
    before = series[-1 - TREND_DAYS].ctl
    change = series[-1].ctl - before
    threshold = max(TREND_MIN_CHANGE, TREND_MIN_RATIO * before)
    if change >= threshold:
        return LoadTrend.RISING
    if change <= -threshold:
        return LoadTrend.FALLING
    return LoadTrend.STABLE


def _runs_between(activities: Iterable[ActivitySample], first: date, last: date) -> list[float]:
    return [a.distance_km for a in activities if a.is_run and first <= a.local_date <= last]


def volume_window(
    activities: Sequence[ActivitySample], today: date, days: int
) -> tuple[float, int]:
    """Running volume in km and number of runs over the last `days` days (today included)."""
    runs = _runs_between(activities, today - timedelta(days=days - 1), today)
    return sum(runs), len(runs)


def actual_weekly_volume_km(activities: Sequence[ActivitySample], today: date) -> float:
    """Mean weekly running volume over the last four weeks (28 days, today included)."""
    volume_km, _ = volume_window(activities, today, 7 * ACTUAL_VOLUME_WEEKS)
    return volume_km / ACTUAL_VOLUME_WEEKS


def consistency_score(activities: Sequence[ActivitySample], today: date) -> float:
    """Share, in percent, of the last eight 7-day blocks (ending today) that hold a run."""
    run_days = {a.local_date for a in activities if a.is_run}
    weeks_with_run = 0
    for week in range(CONSISTENCY_WEEKS):
        last = today - timedelta(days=7 * week)
        first = last - timedelta(days=6)
        if any(first <= day <= last for day in run_days):
            weeks_with_run += 1
    return 100.0 * weeks_with_run / CONSISTENCY_WEEKS


def _recent_runs(activities: Iterable[ActivitySample], today: date) -> list[ActivitySample]:
    first = today - timedelta(days=7 * ACTUAL_VOLUME_WEEKS - 1)
    return [a for a in activities if a.is_run and first <= a.local_date <= today]


def actual_long_run_km(activities: Sequence[ActivitySample], today: date) -> float | None:
    """The longest run of the last four weeks (today included), km; None without a run."""
    return max((a.distance_km for a in _recent_runs(activities, today)), default=None)


def easy_hr_ceiling_bpm(max_hr: float | None, resting_hr: float | None) -> float | None:
    """The top of heart-rate zone 2, where the plan's easy days are run; None without a maximum.

    70 % of the heart-rate reserve (Karvonen), or of the maximum without a resting heart rate.
    """
    if not max_hr:
        return None
    base = resting_hr if resting_hr and resting_hr < max_hr else 0.0
    return base + EASY_HR_TOP * (max_hr - base)


def actual_easy_pace_s_per_km(
    activities: Sequence[ActivitySample], today: date, hr_ceiling_bpm: float | None
) -> float | None:
    """Pace of the last four weeks' easy runs together: their time over their distance, s/km.

    A run is easy when its average heart rate is at or under `hr_ceiling_bpm`; runs without a
    heart rate or a distance say nothing of it. None when no run qualifies.
    """
    if hr_ceiling_bpm is None:
        return None
    easy = [
        a
        for a in _recent_runs(activities, today)
        if a.avg_hr is not None and a.avg_hr <= hr_ceiling_bpm and a.distance_km > 0
    ]
    distance_km = sum(a.distance_km for a in easy)
    return sum(a.duration_min for a in easy) * 60.0 / distance_km if distance_km else None
