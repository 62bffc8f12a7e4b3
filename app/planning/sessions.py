"""A week's days: which run, which is long, which are hard, and how far each one goes.

Days follow the runner's weekly pattern (`schedule`); the week's phase decides the number
and kind of hard sessions, and its volume is shared among the runs within their limits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from app.models.common import ExperienceLevel
from app.models.plan import Phase
from app.models.race import GoalPriority
from app.models.session import HARD_SESSION_TYPES, SessionType
from app.planning.errors import MIN_RUNS_PER_WEEK
from app.planning.periodization import RaceGroup, WeekFrame
from app.planning.schedule import WeekPattern

_RECOVERY_RUNS_FROM = 5
"""From this many runs a week, the easy day after a long or hard day is a recovery run."""
MIN_DAYS_BEFORE_RACE_HARD = 3
MIN_DAYS_BEFORE_RACE_LONG = 5

_HARD_COUNT: dict[Phase, dict[ExperienceLevel, int]] = {
    Phase.BASE: {
        ExperienceLevel.BEGINNER: 0,
        ExperienceLevel.INTERMEDIATE: 1,
        ExperienceLevel.ADVANCED: 1,
        ExperienceLevel.ELITE: 2,
    },
    Phase.BUILD: {
        ExperienceLevel.BEGINNER: 1,
        ExperienceLevel.INTERMEDIATE: 2,
        ExperienceLevel.ADVANCED: 2,
        ExperienceLevel.ELITE: 2,
    },
    Phase.PEAK: {
        ExperienceLevel.BEGINNER: 1,
        ExperienceLevel.INTERMEDIATE: 2,
        ExperienceLevel.ADVANCED: 2,
        ExperienceLevel.ELITE: 3,
    },
    Phase.TAPER: dict.fromkeys(ExperienceLevel, 1),
}

_ST = SessionType
_QUALITY: dict[Phase, dict[RaceGroup, tuple[SessionType, ...]]] = {
    Phase.BASE: dict.fromkeys(RaceGroup, (_ST.HILLS, _ST.THRESHOLD)),
    Phase.BUILD: {
        RaceGroup.FIVE_K: (_ST.INTERVALS, _ST.THRESHOLD, _ST.REPETITION),
        RaceGroup.TEN_K: (_ST.THRESHOLD, _ST.INTERVALS, _ST.REPETITION),
        RaceGroup.HALF: (_ST.THRESHOLD, _ST.INTERVALS, _ST.RACE_PACE),
        RaceGroup.MARATHON: (_ST.THRESHOLD, _ST.RACE_PACE, _ST.INTERVALS),
    },
    Phase.PEAK: {
        RaceGroup.FIVE_K: (_ST.INTERVALS, _ST.RACE_PACE, _ST.REPETITION),
        RaceGroup.TEN_K: (_ST.INTERVALS, _ST.RACE_PACE, _ST.THRESHOLD),
        RaceGroup.HALF: (_ST.RACE_PACE, _ST.THRESHOLD, _ST.INTERVALS),
        RaceGroup.MARATHON: (_ST.RACE_PACE, _ST.THRESHOLD, _ST.INTERVALS),
    },
    Phase.TAPER: dict.fromkeys(RaceGroup, (_ST.RACE_PACE, _ST.INTERVALS)),
}

_WEIGHTS: dict[SessionType, float] = {
    _ST.EASY: 1.0,
    _ST.RECOVERY: 0.7,
    _ST.FARTLEK: 1.0,
    _ST.HILLS: 1.0,
    _ST.RACE_PACE: 1.3,
}
_QUALITY_WEIGHT = 1.15


@dataclass(slots=True)
class DayPlan:
    """One day being laid out: its type and distance (hectometres)."""

    day: date
    type: SessionType
    distance_hm: int = 0
    strides: bool = False
    demoted_from: SessionType | None = None
    """A quality session turned easy: too short for its structure, or blocked."""
    run_walk: tuple[float, float] | None = None
    """(minutes running, minutes walking) when an easy or long day is a run-walk."""
    safeguard_refs: list[str] = field(default_factory=list)

    @property
    def is_hard(self) -> bool:
        """Whether the day counts as hard for the safeguards."""
        return self.type in HARD_SESSION_TYPES


@dataclass(frozen=True, slots=True)
class DistanceLimits:
    """Longest distance each kind of run may have (hectometres), from paces and time caps."""

    easy_hm: int
    recovery_hm: int
    quality_hm: int
    long_hm: int
    min_quality_hm: int
    min_run_hm: int
    min_fartlek_hm: int


def hard_session_count(
    frame: WeekFrame,
    experience: ExperienceLevel,
    priority: GoalPriority,
    pattern: WeekPattern,
) -> int:
    """Hard sessions the week asks for, before the safeguards."""
    if frame.is_recovery:
        return 0
    count = _HARD_COUNT[frame.phase][experience]
    runs = pattern.runs_per_week
    if frame.phase is Phase.BUILD and experience is ExperienceLevel.ELITE and runs >= 6:  # noqa: PLR2004
        count += 1
    if frame.phase is Phase.PEAK and experience is ExperienceLevel.ADVANCED and runs >= 6:  # noqa: PLR2004
        count += 1
    if priority is GoalPriority.FINISH:
        count = min(count, 1)
    cap = 1 if runs <= MIN_RUNS_PER_WEEK else runs - 2
    return max(0, min(count, cap, len(pattern.hard_days)))


def quality_types(frame: WeekFrame, group: RaceGroup, count: int) -> list[SessionType]:
    """The hard sessions of a week, most important first."""
    chosen = list(_QUALITY[frame.phase][group][:count])
    if frame.number % 2:  # odd weeks run the threshold work as one continuous tempo
        chosen = [_ST.TEMPO if kind is _ST.THRESHOLD else kind for kind in chosen]
    return chosen


def lay_out_days(
    frame: WeekFrame,
    pattern: WeekPattern,
    quality: Sequence[SessionType],
    race_date: date,
    *,
    previous_day: DayPlan | None,
    with_fartlek: bool,
    with_strides: bool,
) -> list[DayPlan]:
    """The type of each day of the week (distances come from `allocate_distances`)."""
    slots = dict(zip(pattern.hard_days, quality, strict=False))
    fartlek_day = pattern.hard_days[0] if with_fartlek and pattern.hard_days else None
    days = [
        DayPlan(day=day, type=_day_type(day, pattern, slots, race_date, fartlek_day))
        for day in frame.dates()
    ]
    if pattern.runs_per_week >= _RECOVERY_RUNS_FROM and not frame.is_race_week:
        for previous, current in pairwise([previous_day, *days]):
            if previous is None or current is None:
                continue
            if current.type is _ST.EASY and (previous.is_hard or previous.type is _ST.LONG):
                current.type = _ST.RECOVERY
    if with_strides:
        easy_days = [day for day in days if day.type is _ST.EASY]
        if easy_days:
            (easy_days[-1] if frame.is_race_week else easy_days[0]).strides = True
    return days


def _day_type(
    day: date,
    pattern: WeekPattern,
    slots: dict[int, SessionType],
    race_date: date,
    fartlek_day: int | None,
) -> SessionType:
    weekday = day.weekday()
    days_to_race = (race_date - day).days
    if days_to_race == 0:
        return _ST.RACE
    if days_to_race == 1 or weekday not in pattern.running_days:
        return _ST.REST
    if weekday == pattern.long_run_day and days_to_race >= MIN_DAYS_BEFORE_RACE_LONG:
        return _ST.LONG
    if weekday in slots and days_to_race >= MIN_DAYS_BEFORE_RACE_HARD:
        return slots[weekday]
    return _ST.FARTLEK if weekday == fartlek_day else _ST.EASY


def long_run_share(phase: Phase, group: RaceGroup) -> float:
    """Share of the week the long run is proposed at."""
    if phase is Phase.PEAK:
        return {
            RaceGroup.FIVE_K: 0.25,
            RaceGroup.TEN_K: 0.27,
            RaceGroup.HALF: 0.3,
            RaceGroup.MARATHON: 0.33,
        }[group]
    return 0.28 if phase is Phase.BUILD else 0.25


def allocate_distances(
    days: list[DayPlan],
    training_hm: int,
    long_run_hm: int,
    limits: DistanceLimits,
    *,
    long_run_cap_hm: int | None = None,
) -> int:
    """Share `training_hm` among the week's runs (long run first); returns the long run's hm.

    The long run gets `long_run_hm`, at least an equal share of the week, within its limit and
    `long_run_cap_hm` (set when a safeguard capped it). No other run exceeds its limit nor the
    long run, so the total may fall short of the target but never exceeds it. A quality
    session left too short for its structure becomes an easy run.
    """
    runs = _drop_runs_too_short(days, training_hm, limits.min_run_hm)
    if not runs:
        return 0
    long_run = next((day for day in runs if day.type is _ST.LONG), None)
    long_hm = 0
    if long_run is not None:
        long_hm = min(
            limits.long_hm, training_hm, max(long_run_hm, math.ceil(training_hm / len(runs)))
        )
        if long_run_cap_hm is not None:
            long_hm = min(long_hm, long_run_cap_hm)
        long_run.distance_hm = long_hm
    others = [day for day in runs if day is not long_run]
    caps = [_cap(day.type, limits, long_hm if long_run else None) for day in others]
    weights = [_WEIGHTS.get(day.type, _QUALITY_WEIGHT) for day in others]
    for day, distance in zip(
        others, _water_fill(training_hm - long_hm, weights, caps), strict=True
    ):
        day.distance_hm = distance
        if (day.is_hard and distance < limits.min_quality_hm) or (
            day.type is _ST.FARTLEK and distance < limits.min_fartlek_hm
        ):
            day.demoted_from, day.type = day.type, _ST.EASY
    return long_hm


def _drop_runs_too_short(days: list[DayPlan], training_hm: int, min_run_hm: int) -> list[DayPlan]:
    """The week's runs, the least important turned into rest days while runs would be short.

    A week too small for its runs to reach `min_run_hm` is better as fewer real runs.
    """
    runs = [day for day in days if day.type not in {_ST.REST, _ST.RACE}]
    by_importance = sorted(runs, key=lambda day: _DROP_ORDER.get(day.type, len(_DROP_ORDER)))
    while runs and training_hm < min_run_hm * len(runs):
        dropped = by_importance.pop(0)
        dropped.type = _ST.REST
        runs.remove(dropped)
    return runs


_DROP_ORDER = {_ST.RECOVERY: 0, _ST.EASY: 1, _ST.FARTLEK: 2}


def _cap(kind: SessionType, limits: DistanceLimits, long_hm: int | None) -> int:
    if kind is _ST.RECOVERY:
        cap = limits.recovery_hm
    elif kind in HARD_SESSION_TYPES:
        cap = limits.quality_hm
    else:
        cap = limits.easy_hm
    return cap if long_hm is None else min(cap, long_hm)


def _water_fill(total: int, weights: list[float], caps: list[int]) -> list[int]:
    """Split `total` in proportion to `weights`, never above `caps` (whole units)."""
    result = [0] * len(weights)
    active = list(range(len(weights)))
    remaining = max(0, total)
    while active:
        weight_sum = sum(weights[index] for index in active)
        full = [i for i in active if weights[i] * remaining / weight_sum >= caps[i]]
        if not full:
            break
        for index in full:
            result[index] = caps[index]
            remaining -= caps[index]
            active.remove(index)
    if active:
        weight_sum = sum(weights[index] for index in active)
        shares = {index: weights[index] * remaining / weight_sum for index in active}
        for index, share in shares.items():
            result[index] = math.floor(share)
        leftover = remaining - sum(result[index] for index in active)
        by_fraction = sorted(active, key=lambda i: (-(shares[i] - math.floor(shares[i])), i))
        for index in by_fraction[:leftover]:
            result[index] += 1
    return result
