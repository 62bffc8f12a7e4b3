"""Weekly volume: where it starts, where it peaks, and how each week's target is proposed.

Volumes are counted in whole hectometres (0.1 km) so that sums are exact and a week never
exceeds its cap through rounding. A proposal may break a safeguard; the generator passes each
one through the engine, which caps it (and logs the application).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.models.common import ExperienceLevel
from app.models.race import GoalPriority
from app.planning.periodization import RaceGroup, WeekFrame, race_group

HM_PER_KM = 10
RECOVERY_REDUCTION_PCT = 25.0
"""A recovery week runs 25 % less than the week before it (the 20-30 % of the literature)."""
MAX_RAMP_RATE = 0.12
"""The fastest weekly growth the generator asks for; the safeguards then cap it."""
MIN_RAMP_RATE = 0.03
MIN_RUN_KM = 2.0
"""Shortest run a plan starting from nothing uses (run-walk)."""
TAPER_FRACTIONS: dict[int, tuple[float, ...]] = {
    1: (0.5,),
    2: (0.7, 0.4),
    3: (0.8, 0.6, 0.35),
    4: (0.85, 0.75, 0.6, 0.35),
}
"""Training volume of each taper week as a share of the pre-taper level (Mujika & Padilla:
cut volume 40-60 % progressively, keep intensity). The race week's share is prorated to its
days before the race."""

_DEFAULT_START_KM: dict[ExperienceLevel, float] = {
    ExperienceLevel.BEGINNER: 10.0,
    ExperienceLevel.INTERMEDIATE: 25.0,
    ExperienceLevel.ADVANCED: 45.0,
    ExperienceLevel.ELITE: 70.0,
}

_PEAK_KM: dict[RaceGroup, dict[ExperienceLevel, float]] = {
    RaceGroup.FIVE_K: {
        ExperienceLevel.BEGINNER: 30.0,
        ExperienceLevel.INTERMEDIATE: 45.0,
        ExperienceLevel.ADVANCED: 60.0,
        ExperienceLevel.ELITE: 90.0,
    },
    RaceGroup.TEN_K: {
        ExperienceLevel.BEGINNER: 35.0,
        ExperienceLevel.INTERMEDIATE: 50.0,
        ExperienceLevel.ADVANCED: 70.0,
        ExperienceLevel.ELITE: 100.0,
    },
    RaceGroup.HALF: {
        ExperienceLevel.BEGINNER: 40.0,
        ExperienceLevel.INTERMEDIATE: 60.0,
        ExperienceLevel.ADVANCED: 80.0,
        ExperienceLevel.ELITE: 115.0,
    },
    RaceGroup.MARATHON: {
        ExperienceLevel.BEGINNER: 60.0,
        ExperienceLevel.INTERMEDIATE: 75.0,
        ExperienceLevel.ADVANCED: 100.0,
        ExperienceLevel.ELITE: 140.0,
    },
}
_ULTRA_FACTOR_MAX = 1.25
_MARATHON_M = 42195.0

_GOAL_FACTOR: dict[GoalPriority, float] = {
    GoalPriority.FINISH: 0.9,
    GoalPriority.TIME: 1.0,
    GoalPriority.PERSONAL_BEST: 1.05,
}


def km_to_hm(km: float) -> int:
    """Kilometres to whole hectometres, rounded down (never above the value)."""
    return max(0, math.floor(km * HM_PER_KM + 1e-6))


def hm_to_km(hm: int) -> float:
    """Hectometres to kilometres."""
    return hm / HM_PER_KM


def start_volume_km(
    current_km: float | None, experience: ExperienceLevel, runs_per_week: int
) -> tuple[float, bool, bool]:
    """Week 1 volume in km, whether it was estimated, and whether the minimum was applied.

    The current volume (or a default by experience), at least a run-walk minimum per run; a
    runner below that minimum starts from zero (Couch-to-5K style run-walks).
    """
    estimated = current_km is None
    km = _DEFAULT_START_KM[experience] if current_km is None else current_km
    floor_km = MIN_RUN_KM * runs_per_week
    if km < floor_km:
        return floor_km, estimated, True
    return km, estimated, False


def peak_volume_km(
    distance_m: float, experience: ExperienceLevel, priority: GoalPriority, start_km: float
) -> float:
    """Peak weekly volume by distance, experience and goal; never below the start volume."""
    table = _PEAK_KM[race_group(distance_m)][experience]
    if distance_m > _MARATHON_M:
        table *= min(_ULTRA_FACTOR_MAX, (distance_m / _MARATHON_M) ** 0.3)
    return max(round(table * _GOAL_FACTOR[priority], 1), start_km)


def ramp_rate(start_km: float, peak_km: float, ramp_weeks: int) -> float:
    """Weekly growth needed to reach the peak over `ramp_weeks` weeks, within 3-12 %."""
    if ramp_weeks <= 0 or start_km <= 0 or peak_km <= start_km:
        return MIN_RAMP_RATE
    rate = float((peak_km / start_km) ** (1 / ramp_weeks)) - 1
    return min(MAX_RAMP_RATE, max(MIN_RAMP_RATE, rate))


def propose_week_hm(
    frame: WeekFrame,
    *,
    start_hm: int,
    peak_hm: int,
    rate: float,
    previous_hm: int | None,
    previous_was_recovery: bool,
    pre_recovery_hm: int,
    pre_taper_hm: int,
    taper_weeks: int,
) -> int:
    """The training volume (race excluded) a week asks for, before the safeguards."""
    if frame.is_taper:
        fraction = TAPER_FRACTIONS[taper_weeks][frame.taper_index]
        if frame.is_race_week:
            fraction *= (frame.day_count - 1) / 6
        return math.floor(pre_taper_hm * fraction)
    if previous_hm is None:
        return start_hm
    if frame.is_recovery:
        return math.floor(previous_hm * (1 - RECOVERY_REDUCTION_PCT / 100))
    if previous_was_recovery:
        return pre_recovery_hm
    return min(peak_hm, max(previous_hm, math.floor(previous_hm * (1 + rate))))


LONG_RUN_MAX_WEEK_SHARE = 0.5
"""However specific the race, a long run never takes more than half of the week (Higdon's
novice marathon peaks at 20 miles in a 40-mile week; Pfitzinger's 18/55 at about 36 %)."""
LONG_RUN_GROWTH_KM_PER_WEEK = 1.5
_SPECIFIC_LONG_RUN_SHARE: dict[RaceGroup, float] = {
    RaceGroup.HALF: 0.95,
    RaceGroup.MARATHON: 0.76,
}
"""Longest run as a share of the race: about 20 km for the half, 32 km for the marathon (the
20-mile peak of Pfitzinger's and Higdon's intermediate plans)."""
PEAK_LONG_RUNS = 3
"""Plans long enough reach the longest run three weeks before the taper and hold it, as
Pfitzinger and Higdon repeat their 20-milers, instead of touching it once."""
_HOLD_FROM_TRAINING_WEEKS = 10


@dataclass(frozen=True, slots=True)
class LongRunPlan:
    """The race-specific long-run progression of half-marathon and longer plans."""

    start_km: float
    peak_km: float
    peak_week: int


def long_run_plan(
    distance_m: float,
    longest_recent_km: float | None,
    start_volume_km_: float,
    training_weeks: int,
    cap_km: float,
) -> LongRunPlan | None:
    """Where the long run starts and how far it grows by its peak week.

    `training_weeks` are the weeks before the taper. From ten of them the peak comes as early
    as the third-last and holds to the taper, when growing at most 1.5 km a week allows it;
    otherwise in the last.
    """
    group = race_group(distance_m)
    if group not in _SPECIFIC_LONG_RUN_SHARE:
        return None
    start_km = min(cap_km, longest_recent_km or 0.3 * start_volume_km_)
    target_km = min(
        cap_km,
        distance_m / 1000 * _SPECIFIC_LONG_RUN_SHARE[group],
        start_km + LONG_RUN_GROWTH_KM_PER_WEEK * max(0, training_weeks - 1),
    )
    # The earliest week the target can come without growing faster than the limit.
    first_week = 1 + math.ceil(max(0.0, target_km - start_km) / LONG_RUN_GROWTH_KM_PER_WEEK - 1e-9)
    peak_week = training_weeks
    if training_weeks >= _HOLD_FROM_TRAINING_WEEKS:
        peak_week = min(training_weeks, max(training_weeks - PEAK_LONG_RUNS + 1, first_week))
    return LongRunPlan(
        start_km=start_km, peak_km=max(start_km, target_km), peak_week=max(1, peak_week)
    )


def propose_long_run_hm(
    frame: WeekFrame, training_hm: int, share: float, plan: LongRunPlan | None, taper_weeks: int
) -> int:
    """The long run a week asks for: its share of the week, or the race-specific progression."""
    by_share = round(training_hm * share)
    if plan is None or frame.is_race_week:
        return by_share
    if frame.is_taper:
        specific_km = plan.peak_km * TAPER_FRACTIONS[taper_weeks][frame.taper_index]
    else:
        progress = min(1.0, (frame.number - 1) / max(1, plan.peak_week - 1))
        specific_km = plan.start_km + (plan.peak_km - plan.start_km) * progress
        if frame.is_recovery:
            specific_km *= 1 - RECOVERY_REDUCTION_PCT / 100
    ceiling = max(by_share, math.floor(training_hm * LONG_RUN_MAX_WEEK_SHARE))
    return min(max(by_share, km_to_hm(specific_km)), ceiling)
