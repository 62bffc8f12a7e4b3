"""Execution analysis (GoFast rules): an executed day measured against its planned snapshot.

The snapshot is the planned session in its stored form (camelCase keys: `type`, `distanceKm`,
`durationMin`, `paceRange {minSPerKm, maxSPerKm}`). Variances are actual − planned: distance
in km and %, duration in %, pace in s/km against the target pace (the midpoint of the planned
pace range, else planned duration / planned distance); positive pace variance is slower.

- Distance target hit: within 0.5 mile (0.80467 km) of the planned distance.
- Pace target hit: within 15 s/mile (9.32 s/km) of the target pace, or inside the pace range.
- Compliance colour from actual / planned duration (distance when the plan or the activity has
  no duration): 80–120 % green, 50–80 % or 120–130 % yellow (the boundaries 80 % and 120 % are
  green, 50 % and 130 % yellow), otherwise red; missed is red. Overshooting is judged more
  strictly than falling short: a run 30 % over plan is the spike the 10 % rule guards against
  (Nielsen et al. 2014), so 44 km against 30 km planned is red, unlike 15 km (yellow).
- An easy, recovery or long run faster than the fast end of its easy band by more than the pace
  tolerance is at best yellow: an easy day run hard is not done as planned.
- Quality sessions are judged on their work: the pace of the laps (else the km splits) that
  match the work segments (`work_pace_s_per_km`) against the work band; warm-up, recoveries
  and cool-down do not count. Without laps or splits their pace is not judged.
- Without pace (a treadmill or heart-rate-only run) a steady run is judged on duration and on
  its average heart rate against the planned heart-rate band; a distance the activity did not
  record is unknown, never 0 km.
- Quality score, 0–100 = 100 × the weighted mean of the closeness of each available measure:
  distance (weight 0.35) max(0, 1 − |distance variance %| / 50);
  pace (0.40) 1 when the pace target is hit, else max(0, 1 − (|pace variance| − 9.32) / 30);
  heart rate (0.40, only without pace) 1 inside the band ± 3 bpm, else down by 1 per 15 bpm;
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
from collections.abc import Mapping, Sequence
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
YELLOW_MAX_PCT = 130.0
DISTANCE_WEIGHT = 0.35
PACE_WEIGHT = 0.40
DURATION_WEIGHT = 0.25
VARIANCE_PCT_AT_ZERO_CLOSENESS = 50.0
PACE_MISS_S_PER_KM_AT_ZERO_CLOSENESS = 30.0
HR_WEIGHT = 0.40
HR_TOLERANCE_BPM = 3.0
HR_MISS_BPM_AT_ZERO_CLOSENESS = 15.0
WORK_EFFORT = 5.0
"""Segments from this effort up are the work of a quality session."""
LAP_MATCH_SHARE = 0.2
"""A lap is a work repetition when its distance (or time) is within 20 % of the rep's."""
STEADY_TYPES = frozenset({SessionType.EASY, SessionType.RECOVERY, SessionType.LONG})
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
    is_hard: bool = False
    hr_min_bpm: float | None = None
    hr_max_bpm: float | None = None

    @classmethod
    def from_snapshot(cls, snapshot: Mapping[str, Any]) -> _Plan:
        work = _work_segments(snapshot)
        is_hard = bool(snapshot.get("isHard")) and bool(work)
        # A quality session is judged against its work band, not the whole session's.
        pace_range = (work[0].get("paceRange") if is_hard else None) or (
            snapshot.get("paceRange") or {}
        )
        fastest, slowest = pace_range.get("minSPerKm"), pace_range.get("maxSPerKm")
        hr_range = snapshot.get("hrRange") or {}
        return cls(
            type=SessionType(snapshot.get("type", SessionType.EASY)),
            distance_km=float(snapshot.get("distanceKm") or 0.0),
            duration_min=float(snapshot.get("durationMin") or 0.0),
            pace_min_s_per_km=None if fastest is None else float(fastest),
            pace_max_s_per_km=None if slowest is None else float(slowest),
            is_hard=is_hard,
            hr_min_bpm=hr_range.get("minBpm"),
            hr_max_bpm=hr_range.get("maxBpm"),
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


def _work_segments(snapshot: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [
        segment
        for segment in snapshot.get("structure") or []
        if (segment.get("effort") or 0) >= WORK_EFFORT and segment.get("paceRange")
    ]


def work_pace_s_per_km(
    planned_snapshot: Mapping[str, Any] | None,
    laps: Sequence[Mapping[str, Any]],
    splits: Sequence[Mapping[str, Any]],
) -> float | None:
    """Pace of a quality session's work, from the laps (else km splits) that match it.

    Each work segment of `repetitions` reps of `distanceM` (or `durationMin`) takes that many
    laps within 20 % of the rep, the fastest ones; a continuous segment without laps takes the
    fastest run of consecutive km splits as long as it. None when nothing matches (or the
    session has no work).
    """
    if planned_snapshot is None or not planned_snapshot.get("isHard"):
        return None
    distance_m = time_s = 0.0
    for segment in _work_segments(planned_snapshot):
        reps = int(segment.get("repetitions") or 1)
        chosen = _matching_laps(segment, laps, reps) or _matching_splits(segment, splits, reps)
        if not chosen:
            return None
        distance_m += sum(part[0] for part in chosen)
        time_s += sum(part[1] for part in chosen)
    return time_s / distance_m * 1000.0 if distance_m > 0 else None


def _lap_parts(items: Sequence[Mapping[str, Any]]) -> list[tuple[float, float]]:
    """(distance m, time s) of each lap or split that has both."""
    parts = []
    for item in items:
        distance = item.get("distanceM") or 0.0
        time = item.get("movingTimeS") or item.get("elapsedTimeS") or 0.0
        if distance > 0 and time > 0:
            parts.append((float(distance), float(time)))
    return parts


def _matching_laps(
    segment: Mapping[str, Any], laps: Sequence[Mapping[str, Any]], reps: int
) -> list[tuple[float, float]]:
    # A rep is matched on its distance, else on its time (hill reps are timed).
    rep_m = float(segment.get("distanceM") or 0.0)
    rep_s = float(segment.get("durationMin") or 0.0) * 60.0
    index, rep = (0, rep_m) if rep_m else (1, rep_s)

    def matches(part: tuple[float, float]) -> bool:
        return rep > 0 and abs(part[index] - rep) <= LAP_MATCH_SHARE * rep

    candidates = sorted((p for p in _lap_parts(laps) if matches(p)), key=lambda p: p[1] / p[0])
    return candidates[:reps] if len(candidates) >= reps else []


def _matching_splits(
    segment: Mapping[str, Any], splits: Sequence[Mapping[str, Any]], reps: int
) -> list[tuple[float, float]]:
    rep_m = segment.get("distanceM") or 0.0
    window = round(rep_m / 1000.0)
    parts = _lap_parts(splits)
    if reps != 1 or window < 1 or len(parts) < window:
        return []
    runs = [parts[i : i + window] for i in range(len(parts) - window + 1)]
    return min(runs, key=lambda run: sum(p[1] for p in run) / sum(p[0] for p in run))


def compliance_color(ratio_pct: float | None) -> ComplianceColor:
    """Colour of actual/planned duration in % (None = missed): 80–120 green, 50–130 yellow."""
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
    # A quality session's pace is its work's; the whole-session average says nothing of it.
    pace = actual.work_pace_s_per_km if plan.is_hard else actual_pace_s_per_km(actual)
    target_pace = plan.target_pace_s_per_km
    pace_variance = None if pace is None or target_pace is None else pace - target_pace
    hr_miss = _hr_miss_bpm(plan, actual) if pace is None and not plan.is_hard else None
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
    too_fast = (
        plan.type in STEADY_TYPES
        and pace is not None
        and plan.pace_min_s_per_km is not None
        and pace < plan.pace_min_s_per_km - PACE_TOLERANCE_S_PER_KM
    )
    if too_fast and colour == ComplianceColor.GREEN:
        colour = ComplianceColor.YELLOW

    weighted: list[tuple[float, float]] = []
    if distance_variance_pct is not None:
        weighted.append((DISTANCE_WEIGHT, _pct_closeness(distance_variance_pct)))
    if pace_variance is not None:
        weighted.append((PACE_WEIGHT, _pace_closeness(pace_variance, pace_hit=bool(pace_hit))))
    if hr_miss is not None:
        weighted.append((HR_WEIGHT, _hr_closeness(hr_miss)))
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
            hr_miss_bpm=hr_miss,
            too_fast=too_fast,
        ),
    )


def _hr_miss_bpm(plan: _Plan, actual: Actuals) -> float | None:
    """Beats per minute above (+) or below (-) the planned band; 0 inside; None unknown."""
    if actual.avg_hr is None or plan.hr_min_bpm is None or plan.hr_max_bpm is None:
        return None
    if actual.avg_hr > plan.hr_max_bpm:
        return actual.avg_hr - plan.hr_max_bpm
    if actual.avg_hr < plan.hr_min_bpm:
        return actual.avg_hr - plan.hr_min_bpm
    return 0.0


def _hr_closeness(miss_bpm: float) -> float:
    outside = max(0.0, abs(miss_bpm) - HR_TOLERANCE_BPM)
    return max(0.0, 1.0 - outside / HR_MISS_BPM_AT_ZERO_CLOSENESS)


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
    hr_miss_bpm: float | None = None,
    too_fast: bool = False,
) -> str:
    findings: list[str] = []
    if distance_variance_km is not None:
        hit = abs(distance_variance_km) <= DISTANCE_TOLERANCE_KM
        findings.append(_finding("distance", distance_variance_km, hit, "{:.1f} km {}", "long"))
    if pace_variance_s_per_km is not None:
        work = "work pace" if plan.is_hard else "pace"
        text = work + " {:.0f} s/km {}"
        findings.append(_finding(work, pace_variance_s_per_km, bool(pace_hit), text, "slow"))
    elif plan.is_hard:
        findings.append("work pace not measured (no laps or splits)")
    findings += _effort_findings(hr_miss_bpm, too_fast=too_fast)
    if findings == ["distance on target", "pace on target"]:
        findings = ["distance and pace on target"]
    if ratio_pct is not None:
        findings.append(f"{ratio_pct:.0f} % of plan")
    return (
        f"{colour.value.capitalize()}: {_describe_actual(actual)} against the planned "
        f"{_describe_plan(plan)}; {', '.join(findings) or 'done'}."
    )


def _effort_findings(hr_miss_bpm: float | None, *, too_fast: bool) -> list[str]:
    findings = ["faster than easy pace: an easy day run hard"] if too_fast else []
    if hr_miss_bpm is not None:
        hit = abs(hr_miss_bpm) <= HR_TOLERANCE_BPM
        text = "heart rate {:.0f} bpm {} the band"
        findings.append(_finding("heart rate", hr_miss_bpm, hit, text, "above"))
    return findings


_OPPOSITE = {"long": "short", "slow": "fast", "above": "below"}


def _finding(name: str, miss: float, hit: bool, text: str, positive: str) -> str:
    """`<name> on target`, else `text` filled with the size and direction of the miss."""
    if hit:
        return f"{name} on target"
    return text.format(abs(miss), positive if miss > 0 else _OPPOSITE[positive])


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
