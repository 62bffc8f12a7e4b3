"""How hard each kind of session is: effort, heart-rate zone, and how its work is sized.

Work sizes follow Daniels' limits on quality work per week (threshold up to 10 %, intervals
8 %, repetitions 5 % of weekly volume). Heart-rate zones are five bands of the heart-rate
reserve (Karvonen), or of the maximum when the resting heart rate is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models.common import ExperienceLevel
from app.models.session import HrZone, SessionType
from app.planning.periodization import RaceGroup

_ST = SessionType

HILL_REP_S = 75.0
HILL_RECOVERY_S = 120.0
HR_ZONE_PCT: dict[HrZone, tuple[float, float]] = {
    HrZone.Z1: (0.5, 0.6),
    HrZone.Z2: (0.6, 0.7),
    HrZone.Z3: (0.7, 0.8),
    HrZone.Z4: (0.8, 0.9),
    HrZone.Z5: (0.9, 1.0),
}
ZONE_BY_TYPE: dict[SessionType, HrZone] = {
    _ST.RECOVERY: HrZone.Z1,
    _ST.EASY: HrZone.Z2,
    _ST.LONG: HrZone.Z2,
    _ST.FARTLEK: HrZone.Z3,
    _ST.TEMPO: HrZone.Z4,
    _ST.THRESHOLD: HrZone.Z4,
    _ST.INTERVALS: HrZone.Z5,
    _ST.REPETITION: HrZone.Z5,
    _ST.HILLS: HrZone.Z5,
}
RACE_ZONE: dict[RaceGroup, HrZone] = {
    RaceGroup.FIVE_K: HrZone.Z5,
    RaceGroup.TEN_K: HrZone.Z5,
    RaceGroup.HALF: HrZone.Z4,
    RaceGroup.MARATHON: HrZone.Z3,
}
EFFORT: dict[SessionType, float] = {
    _ST.REST: 0.0,
    _ST.RECOVERY: 2.0,
    _ST.EASY: 3.0,
    _ST.LONG: 4.0,
    _ST.FARTLEK: 5.0,
    _ST.TEMPO: 7.0,
    _ST.THRESHOLD: 7.0,
    _ST.INTERVALS: 8.0,
    _ST.REPETITION: 8.0,
    _ST.HILLS: 8.0,
    _ST.RACE: 9.0,
}
RACE_PACE_EFFORT: dict[RaceGroup, float] = {
    RaceGroup.FIVE_K: 8.0,
    RaceGroup.TEN_K: 8.0,
    RaceGroup.HALF: 7.0,
    RaceGroup.MARATHON: 6.0,
}

RACE_PACE_LABEL: dict[RaceGroup, str] = {
    RaceGroup.FIVE_K: "5 km race pace",
    RaceGroup.TEN_K: "10 km race pace",
    RaceGroup.HALF: "half-marathon pace",
    RaceGroup.MARATHON: "marathon pace",
}


@dataclass(frozen=True, slots=True)
class RepSpec:
    """A repeated-work session: rep length, work budget, recovery."""

    rep_m: float
    week_share: float
    cap_km: float
    recovery_s: float | None
    """Fixed jog between reps; None: a jog as long as the rep takes (x 0.8)."""
    continuous: bool = False
    min_reps: int = 2
    """Fewest repetitions worth a session, when its distance allows them."""


def rep_spec(kind: SessionType, group: RaceGroup, experience: ExperienceLevel) -> RepSpec:
    """How a quality session of `kind` is sized for this race and runner."""
    beginner = experience is ExperienceLevel.BEGINNER
    if kind is _ST.INTERVALS:
        return RepSpec(800.0 if beginner else 1000.0, 0.08, 10.0, None, min_reps=3)
    if kind is _ST.THRESHOLD:
        return RepSpec(1000.0 if beginner else 1600.0, 0.10, 13.0, 60.0)
    if kind is _ST.TEMPO:
        return RepSpec(0.0, 0.10, 5.0 if beginner else 8.0, None, continuous=True)
    if kind is _ST.REPETITION:
        return RepSpec(200.0 if beginner else 400.0, 0.05, 6.0, None, min_reps=6)
    if kind is _ST.HILLS:
        return RepSpec(0.0, 0.06, 3.0, HILL_RECOVERY_S, min_reps=6)
    return {
        RaceGroup.FIVE_K: RepSpec(1000.0, 0.08, 5.0, 120.0),
        RaceGroup.TEN_K: RepSpec(2000.0, 0.10, 8.0, 120.0),
        RaceGroup.HALF: RepSpec(3000.0, 0.15, 12.0, 180.0),
        RaceGroup.MARATHON: RepSpec(0.0, 0.20, 16.0, None, continuous=True),
    }[group]
