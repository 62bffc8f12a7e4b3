"""A plan's race prediction: predicted times from the best recent basis, against the goal.

The basis, best first:

1. the adaptive 5 km (`app.fitness.prediction.adaptive_5k`) over the efforts of the last 84
   days: executed race days (the whole run), executed threshold, tempo, interval and
   repetition sessions (only their work: the laps run inside the planned pace band or faster,
   with 3 % slack on its slow end, so warm-up and recoveries do not dilute the pace) and the
   runner's recent races;
2. else the runner's latest recent race of the last year;
3. else the 5 km baseline (the runner's, else the race's).

From the basis come three predictions for the race distance: the VDOT equivalent (the one
shown as *the* prediction), Riegel's T2 = T1 (D2/D1)^1.06 and the GoFast baseline rule (from
the basis' 5 km equivalent). With a goal time, the on-track status compares the VDOT
prediction with it. The trend compares today's prediction with the one the same data gave 14
days earlier: improving or declining beyond 0.5 %, steady otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.fitness.prediction import (
    FIVE_K_M,
    Effort,
    EffortKind,
    OnTrack,
    adaptive_5k,
    gofast_baseline,
    on_track,
    riegel,
    vdot_equivalent,
)
from app.fitness.vdot import vdot_from_race

RECENT_RACE_DAYS = 365
TREND_DAYS = 14
TREND_THRESHOLD = 0.005
WORK_LAP_SLACK = 1.03

_SESSION_KINDS: Mapping[str, EffortKind] = {
    "race": EffortKind.RACE,
    "threshold": EffortKind.THRESHOLD,
    "tempo": EffortKind.THRESHOLD,
    "intervals": EffortKind.INTERVAL,
    "repetition": EffortKind.INTERVAL,
}


@dataclass(frozen=True, slots=True)
class Basis:
    """What a prediction rests on: a kind, and a distance run in a time."""

    kind: str
    """`adaptive_5k`, `recent_race` or `baseline_5k`."""
    distance_m: float
    time_s: float


@dataclass(frozen=True, slots=True)
class RacePrediction:
    """Predicted times over the race distance, the goal and how the runner stands."""

    distance_m: float
    basis: Basis
    vdot: float
    predicted_time_s: float
    vdot_equivalent_s: float
    riegel_s: float
    gofast_baseline_s: float
    goal_time_s: float | None
    on_track: OnTrack | None
    previous_predicted_time_s: float | None
    trend: str | None
    as_of: date


def session_effort(
    session_type: str | None,
    on: date,
    *,
    distance_m: float,
    time_s: float,
    laps: Sequence[Mapping[str, Any]],
    planned_slowest_s_per_km: float | None,
) -> Effort | None:
    """The effort an executed session gives the adaptive 5 km, or None when it gives none."""
    kind = _SESSION_KINDS.get(session_type or "")
    if kind is None:
        return None
    if kind is EffortKind.RACE:
        return Effort(distance_m, time_s, on, kind) if distance_m > 0 and time_s > 0 else None
    if planned_slowest_s_per_km is None:
        return None
    limit = planned_slowest_s_per_km * WORK_LAP_SLACK
    work_m = work_s = 0.0
    for lap in laps:
        lap_m = lap.get("distanceM") or 0.0
        lap_s = lap.get("movingTimeS") or lap.get("elapsedTimeS") or 0.0
        if lap_m > 0 and lap_s > 0 and lap_s / (lap_m / 1000.0) <= limit:
            work_m += lap_m
            work_s += lap_s
    return Effort(work_m, work_s, on, kind) if work_m > 0 else None


def choose_basis(
    efforts: Sequence[Effort],
    recent_races: Iterable[Effort],
    baseline_5k_s: float | None,
    as_of: date,
) -> Basis | None:
    """The best basis known on `as_of` (see the module docstring)."""
    races = [race for race in recent_races if race.on <= as_of]
    known = [effort for effort in efforts if effort.on <= as_of]
    five_k_s = adaptive_5k([*known, *races], as_of)
    if five_k_s is not None:
        return Basis("adaptive_5k", FIVE_K_M, five_k_s)
    oldest = as_of - timedelta(days=RECENT_RACE_DAYS)
    latest = max((r for r in races if r.on >= oldest), key=lambda r: r.on, default=None)
    if latest is not None:
        return Basis("recent_race", latest.distance_m, latest.time_s)
    if baseline_5k_s:
        return Basis("baseline_5k", FIVE_K_M, baseline_5k_s)
    return None


def _trend(predicted_s: float, previous_s: float | None) -> str | None:
    if previous_s is None:
        return None
    change = (predicted_s - previous_s) / previous_s
    if change < -TREND_THRESHOLD:
        return "improving"
    if change > TREND_THRESHOLD:
        return "declining"
    return "steady"


def race_prediction(
    distance_m: float,
    *,
    efforts: Sequence[Effort],
    recent_races: Sequence[Effort],
    baseline_5k_s: float | None,
    goal_time_s: float | None,
    today: date,
) -> RacePrediction | None:
    """The prediction for a race of `distance_m`, or None without any basis."""
    basis = choose_basis(efforts, recent_races, baseline_5k_s, today)
    if basis is None:
        return None
    try:
        vdot_s = vdot_equivalent(basis.time_s, basis.distance_m, distance_m)
        five_k_s = (
            basis.time_s
            if basis.distance_m == FIVE_K_M
            else vdot_equivalent(basis.time_s, basis.distance_m, FIVE_K_M)
        )
        vdot = vdot_from_race(basis.distance_m, basis.time_s)
    except ValueError:
        return None
    earlier = choose_basis(efforts, recent_races, baseline_5k_s, today - timedelta(TREND_DAYS))
    previous_s = None
    if earlier is not None:
        try:
            previous_s = vdot_equivalent(earlier.time_s, earlier.distance_m, distance_m)
        except ValueError:
            previous_s = None
    return RacePrediction(
        distance_m=distance_m,
        basis=basis,
        vdot=vdot,
        predicted_time_s=vdot_s,
        vdot_equivalent_s=vdot_s,
        riegel_s=riegel(basis.time_s, basis.distance_m, distance_m),
        gofast_baseline_s=gofast_baseline(five_k_s, distance_m),
        goal_time_s=goal_time_s,
        on_track=on_track(vdot_s, goal_time_s) if goal_time_s else None,
        previous_predicted_time_s=previous_s,
        trend=_trend(vdot_s, previous_s),
        as_of=today,
    )
