"""Training load: a session's load (TRIMP, rTSS or session-RPE) and the performance chart.

The performance management chart (PMC) smooths daily loads exponentially: fitness
CTL_t = CTL_{t-1} + (load_t - CTL_{t-1}) / 42, fatigue ATL the same with 7, and form
TSB_t = CTL_{t-1} - ATL_{t-1}, yesterday's balance, so a hard day does not lower its own form.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

CTL_TIME_CONSTANT_DAYS = 42.0
ATL_TIME_CONSTANT_DAYS = 7.0
MAX_RPE = 10.0

# Banister's weighting y = a·e^(b·x) of the heart-rate-reserve ratio x, by sex.
_TRIMP_MALE = (0.64, 1.92)
_TRIMP_FEMALE = (0.86, 1.67)


class Sex(StrEnum):
    """Sex, for the Banister TRIMP weighting."""

    MALE = "male"
    FEMALE = "female"


class LoadMethod(StrEnum):
    """How a session's load was computed."""

    TRIMP = "trimp"
    RTSS = "rtss"
    SESSION_RPE = "session_rpe"


class ActivityLoad(NamedTuple):
    """A session's load and the method that produced it."""

    value: float
    method: LoadMethod


@dataclass(frozen=True, slots=True)
class PmcPoint:
    """One day of the performance management chart: fitness, fatigue and form."""

    ctl: float
    atl: float
    tsb: float


def trimp_banister(
    duration_min: float, avg_hr: float, rest_hr: float, max_hr: float, sex: Sex
) -> float:
    """Banister TRIMP: duration · x · a·e^(b·x), x the heart-rate-reserve ratio, clamped 0-1."""
    if duration_min < 0:
        raise ValueError("duration must not be negative")
    if max_hr <= rest_hr:
        raise ValueError("maximum heart rate must exceed resting heart rate")
    ratio = min(max((avg_hr - rest_hr) / (max_hr - rest_hr), 0.0), 1.0)
    factor, exponent = _TRIMP_MALE if sex is Sex.MALE else _TRIMP_FEMALE
    return duration_min * ratio * factor * math.exp(exponent * ratio)


def rtss(duration_s: float, pace_s_per_km: float, threshold_pace_s_per_km: float) -> float:
    """Running TSS: hours · IF² · 100 with IF = threshold pace / pace."""
    if duration_s < 0:
        raise ValueError("duration must not be negative")
    if pace_s_per_km <= 0 or threshold_pace_s_per_km <= 0:
        raise ValueError("paces must be positive")
    intensity_factor = threshold_pace_s_per_km / pace_s_per_km
    return duration_s / 3600.0 * intensity_factor * intensity_factor * 100.0


def session_rpe(duration_min: float, rpe: float) -> float:
    """Foster's session-RPE load: duration in minutes * RPE on the 0-10 scale."""
    if duration_min < 0:
        raise ValueError("duration must not be negative")
    if not 0 <= rpe <= MAX_RPE:
        raise ValueError("RPE must be between 0 and 10")
    return duration_min * rpe


def activity_load(
    duration_s: float,
    *,
    avg_hr: float | None = None,
    rest_hr: float | None = None,
    max_hr: float | None = None,
    sex: Sex | None = None,
    pace_s_per_km: float | None = None,
    threshold_pace_s_per_km: float | None = None,
    rpe: float | None = None,
) -> ActivityLoad | None:
    """A session's load by the best method its data allows, or None when none applies.

    Order of preference: Banister TRIMP when the average, resting and maximum heart rates are
    known (maximum above resting; an unknown sex takes Banister's original male weighting);
    else rTSS when the session's pace (normalised if available, else average) and the
    runner's threshold pace are known and positive; else session-RPE when an RPE is known.
    """
    if avg_hr is not None and rest_hr is not None and max_hr is not None and max_hr > rest_hr:
        value = trimp_banister(duration_s / 60.0, avg_hr, rest_hr, max_hr, sex or Sex.MALE)
        return ActivityLoad(value, LoadMethod.TRIMP)
    if (
        pace_s_per_km is not None
        and threshold_pace_s_per_km is not None
        and pace_s_per_km > 0
        and threshold_pace_s_per_km > 0
    ):
        return ActivityLoad(
            rtss(duration_s, pace_s_per_km, threshold_pace_s_per_km), LoadMethod.RTSS
        )
    if rpe is not None:
        return ActivityLoad(session_rpe(duration_s / 60.0, rpe), LoadMethod.SESSION_RPE)
    return None


def pmc(daily_loads: Sequence[float], ctl0: float = 0.0, atl0: float = 0.0) -> list[PmcPoint]:
    """Fitness (CTL), fatigue (ATL) and form (TSB, yesterday's CTL - ATL) for each day."""
    ctl = ctl0
    atl = atl0
    points: list[PmcPoint] = []
    append = points.append
    for load in daily_loads:
        tsb = ctl - atl
        ctl += (load - ctl) / CTL_TIME_CONSTANT_DAYS
        atl += (load - atl) / ATL_TIME_CONSTANT_DAYS
        append(PmcPoint(ctl, atl, tsb))
    return points


def daily_load_series(loads_by_date: Mapping[date, float], start: date, end: date) -> list[float]:
    """One load per day from `start` to `end` inclusive, days without a load being zero."""
    if end < start:
        raise ValueError("end must not be before start")
    days = (end - start).days + 1
    return [loads_by_date.get(start + timedelta(days=offset), 0.0) for offset in range(days)]
