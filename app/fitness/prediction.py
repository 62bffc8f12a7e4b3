"""Race-time prediction: Riegel, VDOT equivalents, the GoFast baseline and an adaptive 5 km.

Also the on-track status of a goal and the world-record pace bound that rejects goals and
paces no human has run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from app.fitness.vdot import oxygen_cost, race_time_for_vdot, vdot_from_race

RIEGEL_EXPONENT = 1.06
METRES_PER_MILE = 1609.344
FIVE_K_M = 5000.0
HALF_MARATHON_M = 21097.5
MARATHON_M = 42195.0

# GoFast baseline: every 6.2 miles beyond the 3.1-mile 5 km add 10 s to the per-mile pace.
_GOFAST_5K_MILES = 3.1
_GOFAST_STEP_MILES = 6.2
_GOFAST_STEP_S_PER_MILE = 10.0

# Men's world records in seconds, by distance in metres (outright marks, track or road,
# whichever is faster). The 800 m anchors the bound below the mile.
WORLD_RECORDS_S: Mapping[float, float] = MappingProxyType(
    {
        800.0: 100.91,  # David Rudisha, London 2012 (1:40.91)
        METRES_PER_MILE: 223.13,  # Hicham El Guerrouj, Rome 1999 (3:43.13)
        FIVE_K_M: 755.36,  # Joshua Cheptegei, Monaco 2020 (12:35.36, track)
        10000.0: 1571.00,  # Joshua Cheptegei, Valencia 2020 (26:11.00, track)
        HALF_MARATHON_M: 3402.0,  # Jacob Kiplimo, Barcelona 2025 (56:42)
        MARATHON_M: 7235.0,  # Kelvin Kiptum, Chicago 2023 (2:00:35)
    }
)

# Adaptive 5 km. Each usable effort yields a VDOT; the estimate is their weighted mean turned
# back into a 5 km time. An effort's weight is its kind's weight times 0.5^(age / half-life).
ADAPTIVE_WINDOW_DAYS = 84
ADAPTIVE_HALF_LIFE_DAYS = 21.0
ADAPTIVE_MIN_SESSION_S = 180.0
ADAPTIVE_RACE_MIN_M = 800.0
ADAPTIVE_RACE_MAX_M = 100_000.0
# An effort implying a VDOT outside this range is bad data (a GPS glitch, a walk): ignored.
ADAPTIVE_PLAUSIBLE_VDOT = (10.0, 100.0)

# On-track status thresholds on (predicted - goal) / goal.
AHEAD_BELOW = -0.01
ON_TRACK_UP_TO = 0.02
AT_RISK_UP_TO = 0.05


class EffortKind(StrEnum):
    """What an effort was: a maximal effort, a quality session, or an easy run."""

    RACE = "race"
    TIME_TRIAL = "time_trial"
    THRESHOLD = "threshold"
    INTERVAL = "interval"
    EASY = "easy"


# Races weigh most; a time trial is rarely run quite as hard; a session only implies fitness
# through the intensity it was meant to be run at. Easy runs say nothing about race fitness.
_KIND_WEIGHTS: Mapping[EffortKind, float] = MappingProxyType(
    {
        EffortKind.RACE: 1.0,
        EffortKind.TIME_TRIAL: 0.8,
        EffortKind.THRESHOLD: 0.5,
        EffortKind.INTERVAL: 0.5,
    }
)

# Fraction of VDOT a quality session is run at: Daniels' T pace sits at 88 % and his I pace at
# about 97.5 % (the VDOT 49 book paces, 4:20 and 3:59 per km, give 88.0 % and 97.6 %).
_SESSION_FRACTIONS: Mapping[EffortKind, float] = MappingProxyType(
    {EffortKind.THRESHOLD: 0.88, EffortKind.INTERVAL: 0.975}
)


class Effort(NamedTuple):
    """A recent effort: the work's distance and time (for a session, the quality part)."""

    distance_m: float
    time_s: float
    on: date
    kind: EffortKind


class OnTrackStatus(StrEnum):
    """How a predicted race time compares with the goal."""

    AHEAD = "ahead"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


class OnTrack(NamedTuple):
    """An on-track status and the predicted minus the goal time in seconds."""

    status: OnTrackStatus
    delta_s: float


def riegel(time_s: float, d1_m: float, d2_m: float, exponent: float = RIEGEL_EXPONENT) -> float:
    """Time in seconds over `d2_m` from `time_s` over `d1_m` by Riegel's T2 = T1·(D2/D1)^k."""
    if time_s <= 0 or d1_m <= 0 or d2_m <= 0:
        raise ValueError("time and distances must be positive")
    return time_s * math.pow(d2_m / d1_m, exponent)


def gofast_baseline(five_k_time_s: float, distance_m: float) -> float:
    """Baseline goal time in seconds over `distance_m` from a 5 km time (the GoFast rule)."""
    if five_k_time_s <= 0 or distance_m <= 0:
        raise ValueError("time and distance must be positive")
    five_k_pace_s_per_mile = five_k_time_s / (FIVE_K_M / METRES_PER_MILE)
    distance_miles = distance_m / METRES_PER_MILE
    slowdown_s_per_mile = (
        (distance_miles - _GOFAST_5K_MILES) / _GOFAST_STEP_MILES * _GOFAST_STEP_S_PER_MILE
    )
    return (five_k_pace_s_per_mile + slowdown_s_per_mile) * distance_miles


def vdot_equivalent(time_s: float, d1_m: float, d2_m: float) -> float:
    """Time in seconds over `d2_m` at the VDOT of `time_s` run over `d1_m`."""
    return race_time_for_vdot(vdot_from_race(d1_m, time_s), d2_m)


def _effort_vdot(effort: Effort) -> float | None:
    """VDOT an effort implies, or None when it says nothing usable about race fitness."""
    if effort.distance_m <= 0 or effort.time_s <= 0:
        return None
    cost = oxygen_cost(effort.distance_m / (effort.time_s / 60.0))
    if cost <= 0:
        return None
    if effort.kind in {EffortKind.RACE, EffortKind.TIME_TRIAL}:
        if not ADAPTIVE_RACE_MIN_M <= effort.distance_m <= ADAPTIVE_RACE_MAX_M:
            return None
        vdot = vdot_from_race(effort.distance_m, effort.time_s)
    elif effort.kind in _SESSION_FRACTIONS and effort.time_s >= ADAPTIVE_MIN_SESSION_S:
        vdot = cost / _SESSION_FRACTIONS[effort.kind]
    else:
        return None
    low, high = ADAPTIVE_PLAUSIBLE_VDOT
    return vdot if low <= vdot <= high else None


def adaptive_5k(efforts: Sequence[Effort], as_of: date | None = None) -> float | None:
    """Estimated 5 km time in seconds from recent races and quality sessions, or None.

    `as_of` defaults to the latest effort's date. Efforts dated after it, or more than
    ADAPTIVE_WINDOW_DAYS before it, are ignored, as are easy runs, races outside 800 m-100 km,
    sessions shorter than ADAPTIVE_MIN_SESSION_S of work and efforts implying an implausible
    VDOT (ADAPTIVE_PLAUSIBLE_VDOT). Each remaining effort gives a
    VDOT (a race or time trial through the race formula; a threshold or interval session as
    the oxygen cost of its pace over the fraction of VDOT that session is run at) weighted by
    kind (race 1.0, time trial 0.8, session 0.5) times 0.5^(age_days / 21). The weighted mean
    VDOT is returned as a 5 km time.
    """
    if not efforts:
        return None
    reference = as_of if as_of is not None else max(effort.on for effort in efforts)
    weighted_sum = 0.0
    total_weight = 0.0
    for effort in efforts:
        age_days = (reference - effort.on).days
        if not 0 <= age_days <= ADAPTIVE_WINDOW_DAYS:
            continue
        vdot = _effort_vdot(effort)
        if vdot is None:
            continue
        weight = _KIND_WEIGHTS[effort.kind] * math.pow(0.5, age_days / ADAPTIVE_HALF_LIFE_DAYS)
        weighted_sum += weight * vdot
        total_weight += weight
    if total_weight == 0:
        return None
    return race_time_for_vdot(weighted_sum / total_weight, FIVE_K_M)


def on_track(predicted_s: float, goal_s: float) -> OnTrack:
    """Status of a predicted race time against the goal, with predicted - goal in seconds.

    With r = (predicted - goal) / goal: ahead when r < -1 %, on track up to +2 % (the spread
    of a prediction), at risk up to +5 % (what a training block can still gain), off track
    beyond.
    """
    if goal_s <= 0 or predicted_s <= 0:
        raise ValueError("times must be positive")
    delta_s = predicted_s - goal_s
    ratio = delta_s / goal_s
    if ratio < AHEAD_BELOW:
        status = OnTrackStatus.AHEAD
    elif ratio <= ON_TRACK_UP_TO:
        status = OnTrackStatus.ON_TRACK
    elif ratio <= AT_RISK_UP_TO:
        status = OnTrackStatus.AT_RISK
    else:
        status = OnTrackStatus.OFF_TRACK
    return OnTrack(status=status, delta_s=delta_s)


def world_record_pace_s_per_km(distance_m: float) -> float:
    """World-record pace in seconds per km at `distance_m` (800 m and up): a lower bound.

    Between two records the time follows the Riegel power law through both; beyond the
    marathon it follows Riegel's 1.06 from the marathon record, faster than the ultra records,
    so the bound stays safe for rejecting a goal.
    """
    distances = sorted(WORLD_RECORDS_S)
    if distance_m < distances[0]:
        raise ValueError(f"no world-record bound below {distances[0]} m")
    if distance_m >= distances[-1]:
        time_s = riegel(WORLD_RECORDS_S[distances[-1]], distances[-1], distance_m)
    else:
        upper = next(d for d in distances if d > distance_m)
        lower = distances[distances.index(upper) - 1]
        exponent = math.log(WORLD_RECORDS_S[upper] / WORLD_RECORDS_S[lower]) / math.log(
            upper / lower
        )
        time_s = riegel(WORLD_RECORDS_S[lower], lower, distance_m, exponent)
    return time_s / (distance_m / 1000.0)
