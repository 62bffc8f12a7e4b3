"""Training load: a session's load on one scale, and the performance chart.

One scale for every activity: load points on the TSS scale, 100 = one hour at threshold
(Coggan's TSS, whose running form is rTSS). Each method gives an intensity factor IF and the
load is hours x IF^2 x 100, so an easy hour scores about the same whatever the data:

- pace (rTSS): IF = threshold pace / pace;
- heart rate (hrTSS): IF = average heart rate / threshold heart rate, the threshold at 88 % of
  the maximum (Daniels' T intensity; TrainingPeaks' hrTSS rates heart rate against the
  lactate-threshold heart rate the same way);
- session-RPE: IF from the runner's CR-10 rating, 7 ("very hard", an hour's race effort) being
  threshold: RPE 2 to 7 give 42, 56, 67, 77, 88 and 100 points an hour, the hourly TSS of
  recovery, endurance, tempo and threshold work (Allen & Coggan).

Raw Banister TRIMP (arbitrary units, about 85 for an easy hour), Foster's session-RPE (180 for
the same hour at RPE 3) and rTSS (69) are not summed: a runner whose heart-rate strap fails
and whose runs fall back to pace must not see fitness and form jump. The raw formulas stay
here, exact, for reference and tests.

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
    """Which data gave a session's load (the value is always on the TSS scale)."""

    HEART_RATE = "hr_tss"
    PACE = "rtss"
    RPE = "rpe_tss"


THRESHOLD_HR_FRACTION = 0.88
"""Threshold heart rate as a fraction of the maximum (Daniels: T pace at about 88 %)."""
RPE_INTENSITY_FACTOR: tuple[float, ...] = (
    0.0,
    0.55,
    0.65,
    0.75,
    0.82,
    0.88,
    0.94,
    1.0,
    1.04,
    1.08,
    1.12,
)
"""Intensity factor for each whole CR-10 rating, 0 to 10 (interpolated between them)."""


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
    if pace_s_per_km <= 0 or threshold_pace_s_per_km <= 0:
        raise ValueError("paces must be positive")
    return tss_points(duration_s, threshold_pace_s_per_km / pace_s_per_km)


def session_rpe(duration_min: float, rpe: float) -> float:
    """Foster's session-RPE load: duration in minutes * RPE on the 0-10 scale."""
    if duration_min < 0:
        raise ValueError("duration must not be negative")
    if not 0 <= rpe <= MAX_RPE:
        raise ValueError("RPE must be between 0 and 10")
    return duration_min * rpe


def tss_points(duration_s: float, intensity_factor: float) -> float:
    """Load points on the TSS scale: hours x IF^2 x 100."""
    if duration_s < 0:
        raise ValueError("duration must not be negative")
    return duration_s / 3600.0 * intensity_factor * intensity_factor * 100.0


def hr_tss(duration_s: float, avg_hr: float, max_hr: float) -> float:
    """Heart-rate TSS: IF = average heart rate / threshold heart rate (88 % of the maximum)."""
    if max_hr <= 0 or avg_hr < 0:
        raise ValueError("heart rates must be positive")
    return tss_points(duration_s, avg_hr / (THRESHOLD_HR_FRACTION * max_hr))


def rpe_intensity_factor(rpe: float) -> float:
    """The intensity factor of a CR-10 rating, interpolated between whole ratings."""
    if not 0 <= rpe <= MAX_RPE:
        raise ValueError("RPE must be between 0 and 10")
    low = min(int(rpe), len(RPE_INTENSITY_FACTOR) - 2)
    share = rpe - low
    return RPE_INTENSITY_FACTOR[low] * (1 - share) + RPE_INTENSITY_FACTOR[low + 1] * share


def rpe_tss(duration_s: float, rpe: float) -> float:
    """Session-RPE on the TSS scale."""
    return tss_points(duration_s, rpe_intensity_factor(rpe))


def activity_load(
    duration_s: float,
    *,
    avg_hr: float | None = None,
    rest_hr: float | None = None,
    max_hr: float | None = None,
    pace_s_per_km: float | None = None,
    threshold_pace_s_per_km: float | None = None,
    rpe: float | None = None,
) -> ActivityLoad | None:
    """A session's load on the TSS scale by the best data it has, or None when none applies.

    Order of preference: heart rate when the average and maximum heart rates are known (and
    the maximum above the resting rate when that is known); else pace when the session's pace
    and the runner's threshold pace are known and positive; else an RPE when one is known.
    The TSS scale does not weight by sex.
    """
    if avg_hr is not None and max_hr is not None and (rest_hr is None or max_hr > rest_hr):
        return ActivityLoad(hr_tss(duration_s, avg_hr, max_hr), LoadMethod.HEART_RATE)
    if (
        pace_s_per_km is not None
        and threshold_pace_s_per_km is not None
        and pace_s_per_km > 0
        and threshold_pace_s_per_km > 0
    ):
        return ActivityLoad(
            rtss(duration_s, pace_s_per_km, threshold_pace_s_per_km), LoadMethod.PACE
        )
    if rpe is not None:
        return ActivityLoad(rpe_tss(duration_s, rpe), LoadMethod.RPE)
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
