"""Readiness to train today, and injury risk, from load, sleep and recovery markers.

Readiness is a weighted mean of 0-100 components, over the factors that have data:

- form (weight 0.35): TSB as a share of CTL ("form %", which does not depend on the load
  unit). +5 % or fresher scores 100, falling linearly to 0 at -50 %; below -30 % it pulls
  down (the high-risk zone of intervals.icu's form bands), from +5 % it lifts. Left out while
  CTL is under 1, and while the history is shorter than CTL's 42-day time constant: fitness
  starts from zero, so a runner who just connected a watch would read as deeply fatigued.
- sleep score (0.20): the latest night's score itself; 75+ lifts, under 50 pulls down.
- sleep duration (0.15): 5 h scores 20, 8 h and more 100, linear between; 7 h+ lifts, under
  6 h pulls down.
- resting heart rate (0.15): the mean of the last three days against the 28 days before them
  (at least 7 values): 90 at the baseline, 10 points per beat above it; +3 bpm or more pulls
  down, 1 bpm or more below lifts.
- heart-rate variability (0.15): the same windows, in percent of the baseline: 80 at the
  baseline, 2 points per percent; 10 % or more below pulls down, 5 % or more above lifts.

Levels: high from 70, moderate from 45, low below. No factor with data means no readiness.

Injury risk counts warning signs, each moderate or high: the acute:chronic workload ratio
(7-day over 28-day mean daily load, once there are 28 days of history; above 1.3 moderate,
above 1.5 high), the volume ramp (the last 7 days against the mean of the three weeks before,
when those averaged 5 km or more; above +10 % moderate, the safeguards' weekly limit, above
+30 % high), each unresolved injury (moderate), soreness of 7/10 or more in the last 7 days
(moderate) and pain reported in the last 7 days (high). One high sign or two moderate ones make
the risk high, one moderate sign moderate, none low.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.models.runner import InjuryRisk, Readiness, ReadinessFactor

RECENT_DAYS = 3
BASELINE_DAYS = 28
BASELINE_MIN_VALUES = 7
HIGH_FROM = 70.0
MODERATE_FROM = 45.0
ACWR_MODERATE = 1.3
ACWR_HIGH = 1.5
RAMP_MODERATE_PCT = 10.0
RAMP_HIGH_PCT = 30.0
RAMP_MIN_BASE_KM = 5.0
HIGH_SORENESS = 7
RECENT_FEEDBACK_DAYS = 7
MIN_CTL_FOR_FORM = 1.0
MIN_HISTORY_DAYS_FOR_FORM = 42

_WEIGHTS = {
    "form": 0.35,
    "sleep_score": 0.20,
    "sleep_duration_h": 0.15,
    "resting_hr_trend": 0.15,
    "hrv_trend": 0.15,
}


class Impact(StrEnum):
    """How a factor pulls readiness."""

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


@dataclass(frozen=True, slots=True)
class Night:
    """A night of sleep, by the day it ended on."""

    local_date: date
    score: float | None
    duration_s: float


@dataclass(frozen=True, slots=True)
class Feedback:
    """How an execution felt, on the day it was run."""

    on: date
    soreness: int | None
    pain_reported: bool


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def _impact(value: float, *, positive_from: float, negative_below: float) -> Impact:
    if value < negative_below:
        return Impact.NEGATIVE
    if value >= positive_from:
        return Impact.POSITIVE
    return Impact.NEUTRAL


def trend_against_baseline(
    values_by_day: Mapping[date, float], today: date
) -> tuple[float, float] | None:
    """Mean of the last 3 days and of the 28 days before them, or None without enough data."""
    recent_start = today - timedelta(days=RECENT_DAYS - 1)
    baseline_start = recent_start - timedelta(days=BASELINE_DAYS)
    recent = [v for day, v in values_by_day.items() if recent_start <= day <= today]
    baseline = [v for day, v in values_by_day.items() if baseline_start <= day < recent_start]
    if not recent or len(baseline) < BASELINE_MIN_VALUES:
        return None
    return sum(recent) / len(recent), sum(baseline) / len(baseline)


def _form_factor(ctl: float | None, tsb: float | None) -> tuple[ReadinessFactor, float] | None:
    if ctl is None or tsb is None or ctl < MIN_CTL_FOR_FORM:
        return None
    form_pct = 100.0 * tsb / ctl
    component = _clamp((form_pct + 50.0) / 55.0 * 100.0)
    impact = _impact(form_pct, positive_from=5.0, negative_below=-30.0)
    return ReadinessFactor(name="form", value=round(form_pct, 1), impact=impact), component


def _sleep_factors(nights: Iterable[Night], today: date) -> list[tuple[ReadinessFactor, float]]:
    recent = [n for n in nights if today - timedelta(days=1) <= n.local_date <= today]
    if not recent:
        return []
    latest = max(recent, key=lambda night: night.local_date)
    factors = []
    if latest.score is not None:
        impact = _impact(latest.score, positive_from=75.0, negative_below=50.0)
        factor = ReadinessFactor(name="sleep_score", value=latest.score, impact=impact)
        factors.append((factor, _clamp(latest.score)))
    if latest.duration_s > 0:
        hours = latest.duration_s / 3600.0
        component = _clamp(20.0 + (hours - 5.0) / 3.0 * 80.0)
        impact = _impact(hours, positive_from=7.0, negative_below=6.0)
        factor = ReadinessFactor(name="sleep_duration_h", value=round(hours, 2), impact=impact)
        factors.append((factor, component))
    return factors


def _resting_hr_factor(
    resting_hr_by_day: Mapping[date, float], today: date
) -> tuple[ReadinessFactor, float] | None:
    trend = trend_against_baseline(resting_hr_by_day, today)
    if trend is None:
        return None
    delta_bpm = trend[0] - trend[1]
    if delta_bpm >= 3.0:  # noqa: PLR2004 - an elevated resting heart rate: under-recovered
        impact = Impact.NEGATIVE
    elif delta_bpm <= -1.0:
        impact = Impact.POSITIVE
    else:
        impact = Impact.NEUTRAL
    factor = ReadinessFactor(name="resting_hr_trend", value=round(delta_bpm, 1), impact=impact)
    return factor, _clamp(90.0 - 10.0 * delta_bpm)


def _hrv_factor(
    hrv_by_day: Mapping[date, float], today: date
) -> tuple[ReadinessFactor, float] | None:
    trend = trend_against_baseline(hrv_by_day, today)
    if trend is None or trend[1] <= 0:
        return None
    delta_pct = (trend[0] / trend[1] - 1.0) * 100.0
    impact = _impact(delta_pct, positive_from=5.0, negative_below=-10.0)
    factor = ReadinessFactor(name="hrv_trend", value=round(delta_pct, 1), impact=impact)
    return factor, _clamp(80.0 + 2.0 * delta_pct)


def readiness(
    *,
    ctl: float | None,
    tsb: float | None,
    nights: Sequence[Night],
    resting_hr_by_day: Mapping[date, float],
    hrv_by_day: Mapping[date, float],
    today: date,
    history_days: int | None = None,
) -> Readiness | None:
    """Readiness 0-100 with its level and factors, or None when no factor has data.

    `history_days` is how long ago the first training day was (None: long enough).
    """
    enough_history = history_days is None or history_days >= MIN_HISTORY_DAYS_FOR_FORM
    candidates = [
        _form_factor(ctl, tsb) if enough_history else None,
        *_sleep_factors(nights, today),
        _resting_hr_factor(resting_hr_by_day, today),
        _hrv_factor(hrv_by_day, today),
    ]
    scored = [candidate for candidate in candidates if candidate is not None]
    if not scored:
        return None
    total_weight = sum(_WEIGHTS[factor.name] for factor, _ in scored)
    score = sum(_WEIGHTS[factor.name] * component for factor, component in scored) / total_weight
    level = "high" if score >= HIGH_FROM else "moderate" if score >= MODERATE_FROM else "low"
    return Readiness(score=round(score, 1), level=level, factors=[factor for factor, _ in scored])


HIGH = "high"
MODERATE = "moderate"


@dataclass(frozen=True, slots=True)
class _Sign:
    severity: str
    text: str


def _acwr_sign(
    loads: Mapping[date, float], today: date, history_start: date | None
) -> _Sign | None:
    if history_start is None or history_start > today - timedelta(days=27):
        return None
    acute = sum(loads.get(today - timedelta(days=d), 0.0) for d in range(7)) / 7
    chronic = sum(loads.get(today - timedelta(days=d), 0.0) for d in range(28)) / 28
    if chronic <= 0:
        return None
    ratio = acute / chronic
    if ratio > ACWR_HIGH:
        return _Sign(HIGH, f"acute:chronic workload ratio {ratio:.2f} (above {ACWR_HIGH})")
    if ratio > ACWR_MODERATE:
        return _Sign(MODERATE, f"acute:chronic workload ratio {ratio:.2f} (above {ACWR_MODERATE})")
    return None


def _ramp_sign(last_7_days_km: float, previous_3_weeks_km: float) -> _Sign | None:
    base_km = previous_3_weeks_km / 3
    if base_km < RAMP_MIN_BASE_KM:
        return None
    ramp_pct = (last_7_days_km / base_km - 1.0) * 100.0
    text = (
        f"weekly volume up {ramp_pct:.0f} % ({last_7_days_km:.1f} km against "
        f"{base_km:.1f} km a week before)"
    )
    if ramp_pct > RAMP_HIGH_PCT:
        return _Sign(HIGH, text)
    if ramp_pct > RAMP_MODERATE_PCT:
        return _Sign(MODERATE, text)
    return None


def injury_risk(
    *,
    loads: Mapping[date, float],
    history_start: date | None,
    last_7_days_km: float,
    previous_3_weeks_km: float,
    unresolved_injuries: Sequence[str],
    feedback: Sequence[Feedback],
    today: date,
) -> InjuryRisk:
    """Injury risk level and the warning signs behind it (see the module docstring)."""
    signs = [
        sign
        for sign in (
            _acwr_sign(loads, today, history_start),
            _ramp_sign(last_7_days_km, previous_3_weeks_km),
        )
        if sign is not None
    ]
    signs.extend(_Sign(MODERATE, f"unresolved injury: {name}") for name in unresolved_injuries)
    recent = [f for f in feedback if today - timedelta(days=RECENT_FEEDBACK_DAYS - 1) <= f.on]
    worst = max((f.soreness for f in recent if f.soreness is not None), default=None)
    if worst is not None and worst >= HIGH_SORENESS:
        signs.append(
            _Sign(MODERATE, f"soreness {worst}/10 in the last {RECENT_FEEDBACK_DAYS} days")
        )
    if any(f.pain_reported for f in recent):
        signs.append(_Sign(HIGH, f"pain reported in the last {RECENT_FEEDBACK_DAYS} days"))
    moderate = sum(1 for sign in signs if sign.severity == MODERATE)
    if any(sign.severity == HIGH for sign in signs) or moderate >= 2:  # noqa: PLR2004
        level = "high"
    elif moderate:
        level = "moderate"
    else:
        level = "low"
    return InjuryRisk(level=level, factors=[sign.text for sign in signs])
