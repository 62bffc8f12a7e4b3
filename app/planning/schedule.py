"""The runner's weekly pattern: running days, the long-run day and the ranked hard days.

Running weekdays are spread over the free days (preferred days first); hard weekdays are
chosen so that no two are neighbours, Sunday and Monday included, so hard days never touch
across weeks either. Nor does a hard day touch the long run, itself the week's biggest load
(Daniels counts it as a quality session; Pfitzinger puts an easy day on each side of it):
only when every other running day neighbours the long-run day does a hard day sit beside it,
and the pattern says so (`hard_beside_long_run`) for the plan to log it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from app.models.common import WEEKDAYS, ExperienceLevel, Weekday
from app.planning.errors import MAX_RUNS_PER_WEEK, MIN_RUNS_PER_WEEK
from app.planning.profile import PlanRequest

_RUNS_BY_EXPERIENCE: dict[ExperienceLevel, int] = {
    ExperienceLevel.BEGINNER: 3,
    ExperienceLevel.INTERMEDIATE: 4,
    ExperienceLevel.ADVANCED: 5,
    ExperienceLevel.ELITE: 6,
}
_DEFAULT_MAX_RUNS = 6
"""A plan never picks 7 runs a week by itself: only a runner's request does."""
_MAX_HARD_PER_WEEK = 3


@dataclass(frozen=True, slots=True)
class WeekPattern:
    """The runner's weekly template (weekday indexes, 0 = Monday)."""

    running_days: tuple[int, ...]
    long_run_day: int
    hard_days: tuple[int, ...]
    """Weekdays for hard sessions, best first; a week with h hard sessions uses the first h."""
    runs_per_week: int
    runs_source: str
    requested_runs: int | None
    hard_beside_long_run: bool = False
    """Whether the only hard days the running days allow neighbour the long run."""


def choose_runs_per_week(request: PlanRequest) -> tuple[int, str, int | None]:
    """Runs per week, where the number came from, and the request when free days cut it."""
    free = len(request.free_days)
    if request.runs_per_week is not None:
        runs, source = request.runs_per_week, "your request"
    elif request.current_runs_per_week and request.current_runs_per_week >= MIN_RUNS_PER_WEEK:
        runs = min(request.current_runs_per_week, _DEFAULT_MAX_RUNS)
        source = "what you run now"
    else:
        runs, source = _RUNS_BY_EXPERIENCE[request.experience_level], "your experience level"
    runs = max(MIN_RUNS_PER_WEEK, min(runs, MAX_RUNS_PER_WEEK))
    if runs > free:
        return free, f"{source}, limited to your {free} free days", runs
    return runs, source, None


def choose_pattern(request: PlanRequest) -> WeekPattern:
    """Running days, long-run day and ranked hard days for the runner's week."""
    runs, source, requested = choose_runs_per_week(request)
    free = [WEEKDAYS.index(day) for day in request.free_days]
    preferred = {WEEKDAYS.index(day) for day in request.preferred_days}
    long_day = _long_run_day(request.long_run_day, free, preferred)
    selected = [long_day]
    candidates = [day for day in free if day != long_day]
    while len(selected) < runs:
        best = max(
            candidates,
            key=lambda day: (day in preferred, min(_gap(day, other) for other in selected), -day),
        )
        selected.append(best)
        candidates.remove(best)
    running = tuple(sorted(selected))
    others = [day for day in running if day != long_day]
    away = [day for day in others if _gap(day, long_day) > 1]
    hard_days = _rank_hard_days(away or others, long_day)
    return WeekPattern(
        running_days=running,
        long_run_day=long_day,
        hard_days=hard_days,
        runs_per_week=runs,
        runs_source=source,
        requested_runs=requested,
        hard_beside_long_run=not away and bool(hard_days),
    )


def _long_run_day(wanted: Weekday | None, free: list[int], preferred: set[int]) -> int:
    if wanted is not None and WEEKDAYS.index(wanted) in free:
        return WEEKDAYS.index(wanted)
    for day in (6, 5):  # the weekend, when long runs fit best
        if day in free:
            return day
    return max(free, key=lambda day: (day in preferred, day))


def _gap(first: int, second: int) -> int:
    """Days between two weekdays on the weekly cycle (Sunday and Monday are 1 apart)."""
    distance = abs(first - second) % 7
    return min(distance, 7 - distance)


def _rank_hard_days(candidates: list[int], long_day: int) -> tuple[int, ...]:
    def score(days: Sequence[int]) -> tuple[float, ...]:
        spacing = min((_gap(a, b) for a, b in combinations(days, 2)), default=7)
        return (
            sum(min(_gap(day, long_day), 3) - 2 * (_gap(day, long_day) == 1) for day in days)
            + spacing,
            -sum(days),
        )

    for size in range(min(_MAX_HARD_PER_WEEK, len(candidates)), 0, -1):
        valid = [
            days
            for days in combinations(candidates, size)
            if all(_gap(a, b) > 1 for a, b in combinations(days, 2))
        ]
        if valid:
            best = max(valid, key=score)
            ranked: list[int] = []
            for prefix in range(1, size + 1):
                subset = max(
                    (
                        days
                        for days in combinations(best, prefix)
                        if all(day in days for day in ranked)
                    ),
                    key=score,
                )
                ranked.extend(day for day in subset if day not in ranked)
            return tuple(ranked)
    return ()
