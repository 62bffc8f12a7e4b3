"""Current fitness as a VDOT, and the training paces that follow from it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from app.fitness.vdot import Zone, race_time_for_vdot, training_paces, vdot_from_race
from app.models.common import ExperienceLevel, PaceRange
from app.models.plan import TargetPaces
from app.planning.formatting import format_duration, format_km
from app.planning.periodization import RaceGroup, race_group
from app.planning.profile import PlanRequest, RaceResult

FIVE_K_M = 5000.0
VDOT_RANGE = (15.0, 90.0)
"""VDOTs outside this range are clamped: the formulas are not calibrated beyond it."""
RECENT_RACE_DAYS = 365
RACE_PACE_BAND = 0.01
"""Race pace is trained within ±1 % of the target pace."""

_ESTIMATED_VDOT: dict[ExperienceLevel, float] = {
    ExperienceLevel.BEGINNER: 32.0,
    ExperienceLevel.INTERMEDIATE: 40.0,
    ExperienceLevel.ADVANCED: 48.0,
    ExperienceLevel.ELITE: 58.0,
}
_TYPICAL_VOLUME_KM: dict[ExperienceLevel, float] = {
    ExperienceLevel.BEGINNER: 15.0,
    ExperienceLevel.INTERMEDIATE: 30.0,
    ExperienceLevel.ADVANCED: 50.0,
    ExperienceLevel.ELITE: 80.0,
}
_VOLUME_ADJUSTMENT_MAX = 4.0


@dataclass(frozen=True, slots=True)
class Fitness:
    """Current fitness: a VDOT, where it came from, and how sure we are."""

    vdot: float
    source: str
    """`baseline_5k`, `recent_race` or `estimate`."""
    basis: str
    """The basis in words, for justifications."""
    confidence_pct: float


def current_fitness(request: PlanRequest) -> Fitness:
    """VDOT from the 5 km baseline, else the latest recent race, else experience and volume."""
    if request.baseline_5k_s:
        vdot = vdot_from_race(FIVE_K_M, request.baseline_5k_s)
        basis = f"your 5 km baseline of {format_duration(request.baseline_5k_s)}"
        return Fitness(_clamp(vdot), "baseline_5k", basis, 75.0)
    race = _latest_race(request)
    if race is not None:
        age_days = (request.start_date - race.on).days
        confidence = 85.0 if age_days <= 90 else 70.0 if age_days <= 180 else 55.0  # noqa: PLR2004
        basis = (
            f"your {format_km(race.distance_m)} km race in {format_duration(race.time_s)} "
            f"on {race.on.isoformat()}"
        )
        return Fitness(
            _clamp(vdot_from_race(race.distance_m, race.time_s)), "recent_race", basis, confidence
        )
    experience = request.experience_level
    vdot = _ESTIMATED_VDOT[experience]
    volume_km = request.current_weekly_volume_km
    if volume_km is not None:
        adjustment = (volume_km - _TYPICAL_VOLUME_KM[experience]) / 10
        vdot += max(-_VOLUME_ADJUSTMENT_MAX, min(_VOLUME_ADJUSTMENT_MAX, adjustment))
    basis = (
        f"an estimate from your experience ({experience.value})"
        + (f" and weekly volume ({volume_km:g} km)" if volume_km is not None else "")
        + "; a 5 km time trial would sharpen it"
    )
    return Fitness(_clamp(vdot), "estimate", basis, 35.0)


def _latest_race(request: PlanRequest) -> RaceResult | None:
    oldest = request.start_date - timedelta(days=RECENT_RACE_DAYS)
    usable = [
        race
        for race in request.recent_races
        if oldest <= race.on <= request.start_date and race.distance_m >= 1500  # noqa: PLR2004
    ]
    return max(usable, key=lambda race: (race.on, -race.time_s), default=None)


def _clamp(vdot: float) -> float:
    low, high = VDOT_RANGE
    return round(max(low, min(high, vdot)), 1)


RECOVERY_PACE_SLOWDOWN = 0.05
"""Recovery runs go from the slow end of easy pace to 5 % slower."""


def recovery_band(easy: PaceRange) -> PaceRange:
    """The recovery-run band: from the slow end of easy pace to 5 % slower."""
    return PaceRange(
        min_s_per_km=easy.max_s_per_km,
        max_s_per_km=round(easy.max_s_per_km * (1 + RECOVERY_PACE_SLOWDOWN), 1),
    )


def target_paces(vdot: float, race_time_s: float, distance_m: float) -> TargetPaces:
    """Daniels' training paces for `vdot` and the race pace band for `race_time_s`.

    From the half marathon up, race pace is by nature slower than threshold pace (the pace
    held for about an hour); the band is never faster than current threshold pace, so no
    half-marathon or marathon-pace session turns into an unplanned threshold session.
    """
    zones = training_paces(vdot)

    def band(zone: Zone) -> PaceRange:
        return PaceRange(
            min_s_per_km=round(zones[zone].min_s_per_km, 1),
            max_s_per_km=round(zones[zone].max_s_per_km, 1),
        )

    race_pace = race_time_s / (distance_m / 1000)
    race_fast = race_pace * (1 - RACE_PACE_BAND)
    race_slow = race_pace * (1 + RACE_PACE_BAND)
    if race_group(distance_m) in {RaceGroup.HALF, RaceGroup.MARATHON}:
        threshold_s = zones[Zone.THRESHOLD].min_s_per_km
        race_fast = max(race_fast, threshold_s)
        race_slow = max(race_slow, race_fast)
    easy = band(Zone.EASY)
    return TargetPaces(
        vdot=vdot,
        recovery=recovery_band(easy),
        easy=easy,
        marathon=band(Zone.MARATHON),
        threshold=band(Zone.THRESHOLD),
        interval=band(Zone.INTERVAL),
        repetition=band(Zone.REPETITION),
        race=PaceRange(
            min_s_per_km=math.ceil(race_fast * 10) / 10,
            max_s_per_km=math.ceil(race_slow * 10) / 10,
        ),
    )


def predicted_time_s(vdot: float, distance_m: float) -> float:
    """Race time for `vdot` over `distance_m`."""
    return race_time_for_vdot(vdot, distance_m)
