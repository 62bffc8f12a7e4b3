"""Benchmark of batch matching: `.venv/bin/python bench/matching.py` from the repository root.

Prints the median CPU and wall time, in milliseconds, of matching 1,000 activities (a large
import: 90 % runs, 10 % rides, spread over the plan's days) against the sessions of a 30-week
plan (210 planned days, rest days included), then against about 1,000 sessions (143 weeks).
The budget is 100 ms of CPU.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models.activity import Sport
from app.models.session import SessionType
from app.tracking.matching import ActivityFacts, SessionCandidate, assign_batch

ACTIVITIES = 1000
BUDGET_CPU_MS = 100.0
RUNS = 5
FIRST_MONDAY = date(2025, 1, 6)
WEEK_TEMPLATE = [
    (SessionType.REST, 0.0, 0.0),
    (SessionType.EASY, 8.0, 48.0),
    (SessionType.INTERVALS, 10.0, 55.0),
    (SessionType.EASY, 8.0, 48.0),
    (SessionType.REST, 0.0, 0.0),
    (SessionType.EASY, 6.0, 36.0),
    (SessionType.LONG, 16.0, 100.0),
]


def plan_sessions(weeks: int) -> list[SessionCandidate]:
    """A plan of `weeks` weeks whose volume grows 2 % a week."""
    sessions: list[SessionCandidate] = []
    for week in range(weeks):
        growth = 1.02**week
        for day, (kind, distance_km, duration_min) in enumerate(WEEK_TEMPLATE):
            sessions.append(
                SessionCandidate(
                    session_id=f"w{week:03d}d{day}",
                    scheduled_date=FIRST_MONDAY + timedelta(days=7 * week + day),
                    type=kind,
                    distance_km=distance_km * growth,
                    duration_min=duration_min * growth,
                )
            )
    return sessions


def imported_activities(days: int, rng: random.Random) -> list[ActivityFacts]:
    """1,000 activities on random days of the plan, with realistic distances and paces."""
    activities: list[ActivityFacts] = []
    for index in range(ACTIVITIES):
        local_date = FIRST_MONDAY + timedelta(days=rng.randrange(days))
        distance_km = rng.uniform(3.0, 24.0)
        sport = Sport.RIDE if rng.random() < 0.1 else Sport.RUN
        activities.append(
            ActivityFacts(
                activity_id=f"a{index:04d}",
                sport=sport,
                local_date=local_date,
                start_time=datetime.combine(local_date, datetime.min.time(), UTC)
                + timedelta(hours=rng.uniform(5.0, 21.0)),
                distance_m=distance_km * 1000.0,
                elapsed_time_s=distance_km * rng.uniform(270.0, 420.0),
            )
        )
    return activities


def median_ms(
    activities: list[ActivityFacts], sessions: list[SessionCandidate]
) -> tuple[float, float]:
    """Median CPU and wall milliseconds of `RUNS` batch assignments."""
    cpu_ms: list[float] = []
    wall_ms: list[float] = []
    for _ in range(RUNS):
        cpu_start = time.process_time()
        wall_start = time.perf_counter()
        assign_batch(activities, sessions)
        wall_ms.append((time.perf_counter() - wall_start) * 1000.0)
        cpu_ms.append((time.process_time() - cpu_start) * 1000.0)
    return statistics.median(cpu_ms), statistics.median(wall_ms)


def main() -> None:
    """Run both sizes and print their median times against the budget."""
    rng = random.Random(20_250_106)
    for weeks in (30, 143):
        sessions = plan_sessions(weeks)
        activities = imported_activities(7 * weeks, rng)
        cpu_ms, wall_ms = median_ms(activities, sessions)
        verdict = "within" if cpu_ms < BUDGET_CPU_MS else "OVER"
        print(
            f"assign_batch, {len(activities)} activities × {len(sessions)} sessions "
            f"({weeks} weeks): median {cpu_ms:.2f} ms CPU, {wall_ms:.2f} ms wall over {RUNS} runs "
            f"({verdict} the {BUDGET_CPU_MS:.0f} ms CPU budget; "
            f"ratio to budget {cpu_ms / BUDGET_CPU_MS:.2f})"
        )


if __name__ == "__main__":
    main()
