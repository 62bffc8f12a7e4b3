"""Execution analysis (GoFast rules): an executed day measured against its planned snapshot.

The snapshot is the planned session in its stored form (camelCase keys: `type`, `distanceKm`,
`durationMin`, `paceRange {minSPerKm, maxSPerKm}`). Variances are actual − planned: distance
in km and %, duration in %, pace in s/km against the target pace (the midpoint of the planned
pace range, else planned duration / planned distance); positive pace variance is slower.

- Distance target hit: within 0.5 mile (0.80467 km) of the planned distance.
- Pace target hit: within 15 s/mile (9.32 s/km) of the target pace, or inside the pace range.
- Compliance colour from actual / planned duration (distance when the plan or the activity has
  no duration): 80–120 % green, 50–80 % or 120–150 % yellow (the boundaries 80 % and 120 % are
  green, 50 % and 150 % yellow), otherwise red; missed is red.
- Quality score, 0–100 = 100 × the weighted mean of the closeness of each available measure:
  distance (weight 0.35) max(0, 1 − |distance variance %| / 50);
  pace (0.40) 1 when the pace target is hit, else max(0, 1 − (|pace variance| − 9.32) / 30);
  duration (0.25) max(0, 1 − |duration variance %| / 50).
  A measure the plan or the activity lacks drops out and the others' weights are rescaled; with
  none left the score is 100 (done, and nothing to fall short of). There are no other penalties.
- Adherence score, 0–100: completion 50 (green 50, yellow 25, red 0) plus 50 shared equally by
  the targets the plan defines (distance, pace), each earned when hit; a plan defining neither
  target scores completion alone, scaled to 100.
- Missed (no distance and no duration recorded): red, quality 0, adherence 0.
- A run on a rest day: red, quality 0, adherence 0, no variances — the prescription was rest.
  A rest day without an activity: green, 100, 100.
- An unplanned run (no snapshot): no analysis (`None`); its completion status is completed.
Values are rounded for display: km to 3 decimals, % and s/km to 1, scores to 1; the hits and
the colour are decided on the unrounded values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.models.execution import Actuals, Analysis, CompletionStatus, ComplianceColor
from app.models.session import SessionType

METRES_PER_MILE = 1609.344
DISTANCE_TOLERANCE_KM = 0.5 * METRES_PER_MILE / 1000.0
PACE_TOLERANCE_S_PER_KM = 15.0 * 1000.0 / METRES_PER_MILE
GREEN_MIN_PCT = 80.0
GREEN_MAX_PCT = 120.0
YELLOW_MIN_PCT = 50.0
YELLOW_MAX_PCT = 150.0
DISTANCE_WEIGHT = 0.35
PACE_WEIGHT = 0.40
DURATION_WEIGHT = 0.25
VARIANCE_PCT_AT_ZERO_CLOSENESS = 50.0
PACE_MISS_S_PER_KM_AT_ZERO_CLOSENESS = 30.0
COMPLETION_POINTS = {ComplianceColor.GREEN: 50.0, ComplianceColor.YELLOW: 25.0}
TARGET_POINTS = 50.0
RATIO_DECIMALS = 6


@dataclass(frozen=True, slots=True)
class _Plan:
    type: SessionType
    distance_km: float
    duration_min: float
    pace_min_s_per_km: float | None
    pace_max_s_per_km: float | None

    @classmethod
    def from_snapshot(cls, snapshot: Mapping[str, Any]) -> _Plan:
        pace_range = snapshot.get("paceRange") or {}
        fastest, slowest = pace_range.get("minSPerKm"), pace_range.get("maxSPerKm")
        return cls(
            type=SessionType(snapshot.get("type", SessionType.EASY)),
            distance_km=float(snapshot.get("distanceKm") or 0.0),
            duration_min=float(snapshot.get("durationMin") or 0.0),
            pace_min_s_per_km=None if fastest is None else float(fastest),
            pace_max_s_per_km=None if slowest is None else float(slowest),
        )

    @property
    def target_pace_s_per_km(self) -> float | None:
        """Midpoint of the pace range, else planned duration over planned distance."""
        if self.pace_min_s_per_km is not None and self.pace_max_s_per_km is not None:
            return (self.pace_min_s_per_km + self.pace_max_s_per_km) / 2.0
        if self.distance_km > 0 and self.duration_min > 0:
            return self.duration_min * 60.0 / self.distance_km
        return None

    def in_pace_range(self, pace_s_per_km: float) -> bool:
        """Whether a pace lies inside the planned range (false when there is none)."""
        if self.pace_min_s_per_km is None or self.pace_max_s_per_km is None:
            return False
        return self.pace_min_s_per_km <= pace_s_per_km <= self.pace_max_s_per_km


def compliance_color(ratio_pct: float | None) -> ComplianceColor:
    """Colour of actual/planned duration in % (None = missed): 80–120 green, 50–150 yellow."""
    if ratio_pct is None:
        return ComplianceColor.RED
    if GREEN_MIN_PCT <= ratio_pct <= GREEN_MAX_PCT:
        return ComplianceColor.GREEN
    if YELLOW_MIN_PCT <= ratio_pct <= YELLOW_MAX_PCT:
        return ComplianceColor.YELLOW
    return ComplianceColor.RED


def analyse(planned_snapshot: Mapping[str, Any] | None, actual: Actuals) -> Analysis | None:
    """The execution measured against its planned snapshot; None for an unplanned run."""
    if planned_snapshot is None:
        return None
    plan = _Plan.from_snapshot(planned_snapshot)
    done = _was_done(actual)
    if plan.type == SessionType.REST:
        if not done:
            return Analysis(
                quality_score=100.0,
                adherence_score=100.0,
                compliance_color=ComplianceColor.GREEN,
                summary="Rest day taken as planned.",
            )
        summary = f"{_describe_actual(actual)} on a rest day; rest is part of the plan."
        return _zero_analysis(summary[0].upper() + summary[1:])
    if not done:
        return _zero_analysis(f"Missed: the planned {_describe_plan(plan)} was not done.")
    return _analyse_done(plan, actual)


def completion_status(
    planned_snapshot: Mapping[str, Any] | None,
    actual: Actuals,
    performed_type: SessionType | None = None,
) -> CompletionStatus:
    """Completed when done green as planned; modified when done off-target; missed when not done."""
    if planned_snapshot is None:
        return CompletionStatus.COMPLETED
    if not _was_done(actual):
        return CompletionStatus.MISSED
    plan = _Plan.from_snapshot(planned_snapshot)
    if plan.type == SessionType.REST:
        return CompletionStatus.MODIFIED
    if performed_type is not None and performed_type != plan.type:
        return CompletionStatus.MODIFIED
    colour = compliance_color(_compliance_ratio_pct(plan, actual))
    return (
        CompletionStatus.COMPLETED if colour == ComplianceColor.GREEN else CompletionStatus.MODIFIED
    )


def actual_pace_s_per_km(actual: Actuals) -> float | None:
    """The recorded average pace, else duration over distance."""
    if actual.avg_pace_s_per_km is not None:
        return actual.avg_pace_s_per_km
    if actual.distance_km and actual.duration_min:
        pace = actual.duration_min * 60.0 / actual.distance_km
        # A distance of a few millimetres gives no meaningful (or even finite) pace.
        return pace if math.isfinite(pace) else None
    return None


def _was_done(actual: Actuals) -> bool:
    return bool(actual.distance_km) or bool(actual.duration_min)


def _compliance_ratio_pct(plan: _Plan, actual: Actuals) -> float | None:
    """Actual / planned duration in %, else distance; None when nothing can be compared."""
    if plan.duration_min > 0 and actual.duration_min:
        ratio = actual.duration_min / plan.duration_min
    elif plan.distance_km > 0 and actual.distance_km:
        ratio = actual.distance_km / plan.distance_km
    else:
        return None
    # Rounded so that 0.8 · planned lands on exactly 80 %, not 79.99999999999999 %.
    return round(ratio * 100.0, RATIO_DECIMALS)


def _zero_analysis(summary: str) -> Analysis:
    return Analysis(
        quality_score=0.0,
        adherence_score=0.0,
        compliance_color=ComplianceColor.RED,
        summary=summary,
    )


def _analyse_done(plan: _Plan, actual: Actuals) -> Analysis:
    distance_variance_km: float | None = None
    distance_variance_pct: float | None = None
    duration_variance_pct: float | None = None
    if plan.distance_km > 0 and actual.distance_km is not None:
        distance_variance_km = actual.distance_km - plan.distance_km
        distance_variance_pct = distance_variance_km / plan.distance_km * 100.0
    if plan.duration_min > 0 and actual.duration_min is not None:
        duration_variance_pct = (actual.duration_min - plan.duration_min) / plan.duration_min * 100
    pace = actual_pace_s_per_km(actual)
    target_pace = plan.target_pace_s_per_km
    pace_variance = None if pace is None or target_pace is None else pace - target_pace
    distance_hit = (
        None if distance_variance_km is None else abs(distance_variance_km) <= DISTANCE_TOLERANCE_KM
    )
    pace_hit: bool | None = None
    if pace is not None and pace_variance is not None:
        pace_hit = abs(pace_variance) <= PACE_TOLERANCE_S_PER_KM or plan.in_pace_range(pace)
    ratio_pct = _compliance_ratio_pct(plan, actual)
    # Done, yet nothing in common to compare (a time-only activity on a distance-only plan, a
    # plan without volume): counted as done to plan.
    colour = ComplianceColor.GREEN if ratio_pct is None else compliance_color(ratio_pct)

    weighted: list[tuple[float, float]] = []
    if distance_variance_pct is not None:
        weighted.append((DISTANCE_WEIGHT, _pct_closeness(distance_variance_pct)))
    if pace_variance is not None:
        weighted.append((PACE_WEIGHT, _pace_closeness(pace_variance, pace_hit=bool(pace_hit))))
    if duration_variance_pct is not None:
        weighted.append((DURATION_WEIGHT, _pct_closeness(duration_variance_pct)))
    total_weight = sum(weight for weight, _ in weighted)
    quality = (
        100.0 * sum(weight * closeness for weight, closeness in weighted) / total_weight
        if weighted
        else 100.0
    )
    targets = [hit for hit in (distance_hit, pace_hit) if hit is not None]
    completion = COMPLETION_POINTS.get(colour, 0.0)
    adherence = (
        completion + TARGET_POINTS * sum(targets) / len(targets) if targets else 2.0 * completion
    )
    return Analysis(
        distance_variance_km=_rounded(distance_variance_km, 3),
        distance_variance_pct=_rounded(distance_variance_pct, 1),
        duration_variance_pct=_rounded(duration_variance_pct, 1),
        pace_variance_s_per_km=_rounded(pace_variance, 1),
        distance_target_hit=distance_hit,
        pace_target_hit=pace_hit,
        quality_score=round(quality, 1),
        adherence_score=round(adherence, 1),
        compliance_color=colour,
        summary=_summary(
            plan,
            actual,
            colour=colour,
            distance_variance_km=distance_variance_km,
            pace_variance_s_per_km=pace_variance,
            pace_hit=pace_hit,
            ratio_pct=ratio_pct,
        ),
    )


def _pct_closeness(variance_pct: float) -> float:
    return max(0.0, 1.0 - abs(variance_pct) / VARIANCE_PCT_AT_ZERO_CLOSENESS)


def _pace_closeness(pace_variance_s_per_km: float, *, pace_hit: bool) -> float:
    if pace_hit:
        return 1.0
    miss_s_per_km = abs(pace_variance_s_per_km) - PACE_TOLERANCE_S_PER_KM
    return max(0.0, 1.0 - miss_s_per_km / PACE_MISS_S_PER_KM_AT_ZERO_CLOSENESS)


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _summary(
    plan: _Plan,
    actual: Actuals,
    *,
    colour: ComplianceColor,
    distance_variance_km: float | None,
    pace_variance_s_per_km: float | None,
    pace_hit: bool | None,
    ratio_pct: float | None,
) -> str:
    findings: list[str] = []
    if distance_variance_km is not None:
        if abs(distance_variance_km) <= DISTANCE_TOLERANCE_KM:
            findings.append("distance on target")
        else:
            direction = "long" if distance_variance_km > 0 else "short"
            findings.append(f"{abs(distance_variance_km):.1f} km {direction}")
    if pace_variance_s_per_km is not None:
        if pace_hit:
            findings.append("pace on target")
        else:
            direction = "slow" if pace_variance_s_per_km > 0 else "fast"
            findings.append(f"pace {abs(pace_variance_s_per_km):.0f} s/km {direction}")
    if findings == ["distance on target", "pace on target"]:
        findings = ["distance and pace on target"]
    if ratio_pct is not None:
        findings.append(f"{ratio_pct:.0f} % of plan")
    return (
        f"{colour.value.capitalize()}: {_describe_actual(actual)} against the planned "
        f"{_describe_plan(plan)}; {', '.join(findings) or 'done'}."
    )


def _describe_plan(plan: _Plan) -> str:
    details: list[str] = []
    if plan.distance_km > 0:
        details.append(f"{plan.distance_km:.1f} km")
    if plan.duration_min > 0:
        details.append(_clock(plan.duration_min * 60.0))
    if plan.pace_min_s_per_km is not None and plan.pace_max_s_per_km is not None:
        details.append(f"{_pace(plan.pace_min_s_per_km)}–{_pace(plan.pace_max_s_per_km)}/km")
    kind = "long run" if plan.type == SessionType.LONG else f"{plan.type.replace('_', ' ')} session"
    return f"{kind} ({', '.join(details)})" if details else kind


def _describe_actual(actual: Actuals) -> str:
    parts: list[str] = []
    if actual.distance_km:
        parts.append(f"{actual.distance_km:.1f} km")
    if actual.duration_min:
        parts.append(f"in {_clock(actual.duration_min * 60.0)}")
    pace = actual_pace_s_per_km(actual)
    if pace is not None:
        parts.append(f"({_pace(pace)}/km)")
    return " ".join(parts)


def _clock(seconds: float) -> str:
    """46:30, or 1:50:00 from an hour on."""
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _pace(seconds_per_km: float) -> str:
    minutes, secs = divmod(round(seconds_per_km), 60)
    return f"{minutes}:{secs:02d}"
