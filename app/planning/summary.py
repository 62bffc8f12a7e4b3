"""A plain-text overview of a generated plan: a header, then one row per week."""

from __future__ import annotations

from collections import defaultdict

from app.models.common import PaceRange
from app.models.session import PlannedSessionDocument, SessionType
from app.planning.formatting import format_duration, format_pace
from app.planning.generator import GeneratedPlan

_ST = SessionType
_SHORT: dict[str, str] = {
    _ST.TEMPO: "tempo",
    _ST.THRESHOLD: "threshold",
    _ST.INTERVALS: "intervals",
    _ST.REPETITION: "reps",
    _ST.HILLS: "hills",
    _ST.RACE_PACE: "race pace",
    _ST.RACE: "RACE",
}


def _band(pace: PaceRange | None) -> str:
    if pace is None:
        return "-"
    return f"{format_pace(pace.min_s_per_km)}-{format_pace(pace.max_s_per_km)}"


def _header(generated: GeneratedPlan) -> list[str]:
    plan = generated.plan
    metadata, view, load = plan.metadata, plan.season_view, plan.load_parameters
    lines = [
        f"{metadata.name}",
        (
            f"{metadata.start_date.isoformat()} to {metadata.end_date.isoformat()}, "
            f"{metadata.total_weeks} weeks, {load.runs_per_week} runs a week, "
            f"taper {load.taper_weeks} week(s), recovery week every {load.recovery_every_n_weeks}"
        ),
    ]
    feasibility = view.goal_feasibility
    if feasibility is not None:
        goal = format_duration(feasibility.goal_time_s) if feasibility.goal_time_s else "finish"
        predicted = (
            format_duration(feasibility.predicted_time_s) if feasibility.predicted_time_s else "-"
        )
        lines.append(
            f"Goal {goal}: {str(feasibility.verdict).upper()} (predicted {predicted}, "
            f"confidence {feasibility.confidence or 0:.0f} %)"
        )
    paces = plan.target_paces
    if paces is not None:
        lines.append(
            f"VDOT {paces.vdot:.1f}; paces per km: E {_band(paces.easy)}, "
            f"M {_band(paces.marathon)}, T {_band(paces.threshold)}, I {_band(paces.interval)}, "
            f"R {_band(paces.repetition)}, race {_band(paces.race)}"
        )
    lines.append(
        f"Volume {load.start_volume_km:.1f} km to a peak of {load.peak_volume_km:.1f} km; "
        f"{len(plan.safeguard_applications)} safeguard application(s)"
    )
    return lines


def format_plan_summary(generated: GeneratedPlan) -> str:
    """One line per week (number, dates, phase, km, long run, key sessions, R/T/RACE marks)."""
    by_week: dict[int, list[PlannedSessionDocument]] = defaultdict(list)
    for session in generated.sessions:
        by_week[session.week_number].append(session)
    rows = [
        (
            f"{'Wk':>3}  {'Dates':<23}  {'Phase':<5}  {'Km':>6}  {'Long':>5}  "
            f"{'Key sessions':<44}  Marks"
        )
    ]
    for week in generated.plan.weekly_plan:
        key = ", ".join(
            f"{session.scheduled_date.strftime('%a')} {_SHORT[session.type]}"
            for session in by_week[week.week_number]
            if session.type in _SHORT
        )
        marks = " ".join(
            mark
            for mark, on in (
                ("R", week.is_recovery_week),
                ("T", week.is_taper_week),
                ("RACE", week.is_race_week),
            )
            if on
        )
        dates = f"{week.start_date.isoformat()} - {week.end_date.isoformat()}"
        rows.append(
            f"{week.week_number:>3}  {dates:<23}  {week.phase!s:<5}  "
            f"{week.target_volume_km:>6.1f}  {week.long_run_km:>5.1f}  {key:<44}  {marks}".rstrip()
        )
    return "\n".join([*_header(generated), "", *rows]) + "\n"
