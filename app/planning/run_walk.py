"""Run-walk: how a runner who starts from (almost) nothing runs their first weeks.

A runner whose weekly volume is below the run-walk minimum (`volume.MIN_RUN_KM` a run) does
not get continuous runs at once: easy and long runs alternate running and brisk walking, the
running share growing each week, as Couch-to-5K and Galloway's run-walk do (C25K goes from
60 s running and 90 s walking to 30 minutes continuous in nine weeks; Cadence uses six steps
because its runs are short). No hard session comes before continuous running.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models.common import PaceRange
from app.models.session import Segment, SegmentKind

RUN_WALK_STEPS: tuple[tuple[float, float], ...] = (
    (1.0, 1.5),
    (1.5, 2.0),
    (3.0, 1.5),
    (5.0, 2.5),
    (8.0, 2.0),
    (10.0, 2.0),
)
"""(minutes running, minutes walking) of each week's cycle, week 1 first; then continuous."""
WALK_PACE_S_PER_KM = 600.0
"""Brisk walking, 6 km/h."""
RUN_WALK_TITLE = "Run-walk"


def run_walk_step(week_number: int) -> tuple[float, float] | None:
    """The run-walk cycle of a from-zero plan's week, or None once running is continuous."""
    if 1 <= week_number <= len(RUN_WALK_STEPS):
        return RUN_WALK_STEPS[week_number - 1]
    return None


def continuous_from_week() -> int:
    """The first week a from-zero plan runs continuously."""
    return len(RUN_WALK_STEPS) + 1


@dataclass(frozen=True, slots=True)
class RunWalk:
    """A run-walk session laid out: its cycles, duration and average pace band."""

    summary: str
    segment: Segment
    duration_min: float
    pace_range: PaceRange
    run_min: float
    walk_min: float


def run_walk_pace_s(easy: PaceRange, step: tuple[float, float]) -> float:
    """Average pace of a run-walk session at `step` (running at mid easy pace)."""
    return _mixed_pace_s((easy.min_s_per_km + easy.max_s_per_km) / 2, *step)


def _mixed_pace_s(run_pace_s: float, run_min: float, walk_min: float) -> float:
    """Average pace of a cycle: the time over the distance of its running and walking."""
    metres = run_min * 60 * 1000 / run_pace_s + walk_min * 60 * 1000 / WALK_PACE_S_PER_KM
    return (run_min + walk_min) * 60 * 1000 / metres


def lay_out_run_walk(distance_m: float, step: tuple[float, float], easy: PaceRange) -> RunWalk:
    """`distance_m` as cycles of running at easy pace and brisk walking."""
    run_min, walk_min = step
    run_s = (easy.min_s_per_km + easy.max_s_per_km) / 2
    cycle_pace_s = _mixed_pace_s(run_s, run_min, walk_min)
    cycle_m = (run_min + walk_min) * 60 * 1000 / cycle_pace_s
    cycles = max(1, round(distance_m / cycle_m))
    duration_min = round(distance_m / 1000 * cycle_pace_s / 60, 1)
    segment = Segment(
        kind=SegmentKind.INTERVAL,
        description=f"{_minutes(run_min)} running at easy pace",
        duration_min=run_min,
        distance_m=round(run_min * 60 * 1000 / run_s),
        repetitions=cycles,
        recovery_duration_min=walk_min,
        recovery_description="brisk walking",
        pace_range=easy,
        effort=3.0,
    )
    summary = (
        f"{cycles} × {_minutes(run_min)} running / {_minutes(walk_min)} walking, "
        f"{distance_m / 1000:.1f} km"
    )
    band = PaceRange(
        min_s_per_km=round(_mixed_pace_s(easy.min_s_per_km, run_min, walk_min), 1),
        max_s_per_km=round(_mixed_pace_s(easy.max_s_per_km, run_min, walk_min), 1),
    )
    return RunWalk(summary, segment, duration_min, band, run_min, walk_min)


def run_walk_text(
    summary: str,
    duration_min: float,
    step: tuple[float, float],
    week_number: int,
    start_km: float | None,
) -> str:
    """Why this session is a run-walk, with this runner's volume and this week's numbers."""
    now = (
        f"you run about {start_km:g} km a week now"
        if start_km
        else "you start from no regular running"
    )
    return (
        f"Run-walk, week {week_number} of {len(RUN_WALK_STEPS)}: {summary}, about "
        f"{duration_min:.0f} min. As {now}, bone and tendon need weeks to take continuous "
        f"running; the running share grows each week ({_minutes(step[0])} at a time now) and "
        f"from week {continuous_from_week()} the runs are continuous."
    )


def _minutes(value: float) -> str:
    if value == int(value):
        return f"{value:.0f} min"
    return f"{value:g} min"
