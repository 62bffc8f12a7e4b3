"""The load of one activity, from what is known about the runner when it is imported.

Each activity gets the load `app.fitness.load.activity_load` computes, on one scale (TSS
points, 100 = an hour at threshold) whatever the data: heart rate first, then pace, then
session-RPE. What each needs, and where it comes from when the runner did not type it:

- heart rate needs the activity's average heart rate and the runner's maximum heart rate
  (`physical.maxHr`, else Tanaka's 208 - 0.7 x age from the date of birth); the resting heart
  rate (`physical.restingHr`, else `currentState.latestRestingHr`) only has to be below it.
- pace needs the activity's average pace and the runner's threshold pace:
  `running.thresholdPaceSPerKm`, else Daniels' T pace (88 % of VDOT) from the 5 km baseline
  (`running.baseline5kS`), else from the latest recent race of the last year. It only
  applies to running sports: a ride's speed says nothing against a running threshold.
- session-RPE needs an RPE, which an imported activity never carries; it is filled in later,
  at read time, from the RPE the runner gives as feedback on the execution
  (`app.fitness.state.effective_load`).

With none of these the activity has no load and counts as zero in the daily load series.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.fitness.load import ActivityLoad, Sex, activity_load
from app.fitness.vdot import pace_at_fraction_s_per_km, vdot_from_race
from app.models.activity import RUNNING_SPORTS

THRESHOLD_FRACTION_OF_VDOT = 0.88
"""Daniels' T pace: the top of his threshold band, 88 % of VDOT."""
FIVE_K_M = 5000.0
RECENT_RACE_DAYS = 365
MIN_RACE_M = 1500.0
TANAKA_INTERCEPT = 208.0
TANAKA_SLOPE = 0.7


@dataclass(frozen=True, slots=True)
class LoadProfile:
    """What the load formulas need to know about the runner."""

    rest_hr: float | None = None
    max_hr: float | None = None
    sex: Sex | None = None
    threshold_pace_s_per_km: float | None = None


def load_profile(runner: Mapping[str, Any], today: date) -> LoadProfile:
    """The runner's load profile from the stored Runner Object (camelCase keys)."""
    identity = runner.get("identity") or {}
    physical = runner.get("physical") or {}
    running = runner.get("running") or {}
    state = runner.get("currentState") or {}
    sex = identity.get("sex")
    return LoadProfile(
        rest_hr=physical.get("restingHr") or state.get("latestRestingHr"),
        max_hr=physical.get("maxHr") or _tanaka_max_hr(identity.get("dateOfBirth"), today),
        sex=Sex(sex) if sex in {Sex.MALE.value, Sex.FEMALE.value} else None,
        threshold_pace_s_per_km=running.get("thresholdPaceSPerKm")
        or _threshold_from_vdot(running, today),
    )


def _tanaka_max_hr(date_of_birth: str | None, today: date) -> float | None:
    if not date_of_birth:
        return None
    age_years = (today - date.fromisoformat(date_of_birth)).days / 365.25
    return TANAKA_INTERCEPT - TANAKA_SLOPE * age_years if age_years > 0 else None


def _threshold_from_vdot(running: Mapping[str, Any], today: date) -> float | None:
    try:
        if baseline := running.get("baseline5kS"):
            vdot = vdot_from_race(FIVE_K_M, float(baseline))
        else:
            oldest = (today - timedelta(days=RECENT_RACE_DAYS)).isoformat()
            races = [
                race
                for race in running.get("recentRaces") or []
                if race.get("date", "") >= oldest and race.get("distanceM", 0) >= MIN_RACE_M
            ]
            if not races:
                return None
            latest = max(races, key=lambda race: race["date"])
            vdot = vdot_from_race(float(latest["distanceM"]), float(latest["timeS"]))
        return pace_at_fraction_s_per_km(vdot, THRESHOLD_FRACTION_OF_VDOT)
    except ValueError:
        return None


def load_for(
    profile: LoadProfile,
    *,
    sport: str,
    duration_s: float,
    avg_hr: float | None,
    pace_s_per_km: float | None,
) -> ActivityLoad | None:
    """The load of an activity by the best method the data allows (see the module docstring)."""
    if duration_s <= 0:
        return None
    is_run = sport in RUNNING_SPORTS
    return activity_load(
        duration_s,
        avg_hr=avg_hr,
        rest_hr=profile.rest_hr,
        max_hr=profile.max_hr,
        pace_s_per_km=pace_s_per_km if is_run else None,
        threshold_pace_s_per_km=profile.threshold_pace_s_per_km if is_run else None,
    )
