"""Plan generation for 8-, 16- and 24-week marathon plans: CPU time, then the stored write.

Prints the median `time.process_time` of N runs per plan length and its ratio to the
target (a 24-week marathon plan in at most 20 ms of CPU). `STEPS` maps a step name to a
function of the request; add steps there and every plan length is measured for each of them.
A step with database round trips can keep an `asyncio.Runner` and call `runner.run(...)`;
note that `process_time` counts this process's CPU only, not the database server's.

Then each generated plan is written through the real store path (`store_plan`: in one
transaction, insert the plan, insert its sessions in one `insert_many`, commit) against the
bundled database (`MONGODB_URI` when set), printing the database round trips of the write
(expected 3, whatever the length) and its median wall time.
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bson import ObjectId
from pymongo import AsyncMongoClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.localdb import LocalDatabase
from app.models.common import ExperienceLevel, RaceType, Weekday
from app.models.race import GoalPriority
from app.plan_service import store_plan
from app.planning import PlanRequest, generate_plan, load_knowledge_base, load_safeguards
from app.settings import load_settings
from bench.round_trips import RoundTrips
from repositories.registry import Repositories

TARGET_24_WEEKS_MS = 20.0
RUNS = 50
WARMUP = 5
WEEKS = (8, 16, 24)
STORE_RUNS = 5
EXPECTED_WRITE_ROUND_TRIPS = 3
BENCH_DATABASE = "bench_generate"
START = date(2026, 1, 5)
NOW = datetime(2026, 1, 1, tzinfo=UTC)
PLAN_ID = ObjectId("650000000000000000000001")

SAFEGUARDS = load_safeguards()
KNOWLEDGE_KEYS = frozenset(entry.key for entry in load_knowledge_base())

Step = Callable[[PlanRequest], object]


def marathon_request(weeks: int) -> PlanRequest:
    """An intermediate runner, 5 runs a week, aiming at 3:45 in `weeks` weeks."""
    return PlanRequest(
        runner_id=ObjectId("650000000000000000000002"),
        race_id=ObjectId("650000000000000000000003"),
        race_name="Bench Marathon",
        race_type=RaceType.MARATHON,
        race_distance_m=42195.0,
        race_date=START + timedelta(weeks=weeks, days=-1),
        start_date=START,
        goal_time_s=3 * 3600 + 45 * 60,
        goal_priority=GoalPriority.TIME,
        experience_level=ExperienceLevel.INTERMEDIATE,
        age_years=42,
        injury_types=("shin splints",),
        current_weekly_volume_km=35.0,
        baseline_5k_s=24 * 60.0,
        max_hr_bpm=185.0,
        resting_hr_bpm=52.0,
        preferred_days=(Weekday.TUESDAY, Weekday.THURSDAY),
        runs_per_week=5,
    )


def generate(request: PlanRequest) -> object:
    """The pure generation, as the service calls it."""
    return generate_plan(request, SAFEGUARDS, KNOWLEDGE_KEYS, plan_id=PLAN_ID, now=NOW)


STEPS: dict[str, Step] = {"generate": generate}


def cpu_ms(step: Step, request: PlanRequest, runs: int = RUNS) -> list[float]:
    """CPU milliseconds of `runs` calls of `step`, after a few warm-up calls."""
    for _ in range(WARMUP):
        step(request)
    gc.collect()
    samples = []
    for _ in range(runs):
        started = time.process_time()
        step(request)
        samples.append((time.process_time() - started) * 1000)
    return samples


async def store_figures(uri: str) -> list[tuple[int, int, int, float]]:
    """Per plan length: sessions, round trips of one plan write, and median wall ms."""
    counter = RoundTrips()
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        uri, tz_aware=True, event_listeners=[counter]
    )
    try:
        repositories = Repositories.build(client[BENCH_DATABASE])
        await repositories.ensure_indexes()
        figures = []
        for weeks in WEEKS:
            request = marathon_request(weeks)
            trips: set[int] = set()
            wall_ms = []
            sessions = 0
            for _ in range(STORE_RUNS):
                # A fresh id per write: the plan id and its idempotency key are unique.
                generated = generate_plan(
                    request, SAFEGUARDS, KNOWLEDGE_KEYS, plan_id=ObjectId(), now=NOW
                )
                sessions = len(generated.sessions)
                counter.count = 0
                started = time.perf_counter()
                await store_plan(repositories, generated, idempotency_key=None)
                wall_ms.append((time.perf_counter() - started) * 1000)
                trips.add(counter.count)
            figures.append((weeks, sessions, max(trips), statistics.median(wall_ms)))
        await client.drop_database(BENCH_DATABASE)
    finally:
        await client.close()
    return figures


def print_store_figures() -> None:
    """Write each plan length through `store_plan` on a real database and print the figures."""
    with tempfile.TemporaryDirectory() as data_dir:
        uri = os.environ.get("MONGODB_URI")
        localdb = None
        if not uri:
            localdb = LocalDatabase(load_settings().localdb_server, Path(data_dir))
            uri = localdb.start()
        try:
            figures = asyncio.run(store_figures(uri))
        finally:
            if localdb is not None:
                localdb.stop()
    where = "MONGODB_URI" if localdb is None else "bundled SecantusDB"
    print(f"plan write through store_plan ({where}), median wall time of {STORE_RUNS} writes")
    for weeks, sessions, trips, wall_ms in figures:
        verdict = "as expected" if trips == EXPECTED_WRITE_ROUND_TRIPS else "NOT as expected"
        print(
            f"store      {weeks:>2} weeks: {sessions:>3} sessions, {trips} round trips "
            f"({verdict}: {EXPECTED_WRITE_ROUND_TRIPS}), wall {wall_ms:6.1f} ms"
        )


def main() -> int:
    """Measure every step for every plan length and print the figures."""
    print(f"plan generation CPU time, median of {RUNS} runs (time.process_time)")
    for name, step in STEPS.items():
        for weeks in WEEKS:
            request = marathon_request(weeks)
            samples = sorted(cpu_ms(step, request))
            median = statistics.median(samples)
            p90 = samples[int(0.9 * len(samples)) - 1]
            line = f"{name:<10} {weeks:>2} weeks: median {median:6.2f} ms, p90 {p90:6.2f} ms"
            if weeks == max(WEEKS) and name == "generate":
                ratio = median / TARGET_24_WEEKS_MS
                line += f"  ({ratio:.2f}x the {TARGET_24_WEEKS_MS:g} ms target)"
            print(line)
    print_store_figures()
    return 0


if __name__ == "__main__":
    sys.exit(main())
