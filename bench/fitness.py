"""Benchmarks of fitness: `.venv/bin/python bench/fitness.py` from the repository root.

Prints the median CPU and wall time, in milliseconds, of the performance management chart over
five years of daily loads (1826 days; budget 50 ms of CPU), then the median wall time and the
database round trips of the inference engine for a runner who has just imported 100 activities,
on the bundled database (budget 100 ms).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pymongo import AsyncMongoClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.accounts import ensure_account
from app.events import InProcessEventBus
from app.fitness.inference import refresh_runner_state
from app.fitness.load import pmc
from app.localdb import LocalDatabase
from app.settings import load_settings
from app.tracking.ingest import import_activities
from app.tracking.parsers_payloads import parse_strava_activity
from bench.round_trips import RoundTrips
from repositories.registry import Repositories

FIVE_YEARS_DAYS = 1826
PMC_BUDGET_MS = 50.0
RUNS = 21


@dataclass(frozen=True)
class Timing:
    """Median CPU and wall time of a benchmark's runs, in milliseconds."""

    name: str
    cpu_ms: float
    wall_ms: float
    runs: int
    budget_cpu_ms: float


def measure(name: str, work: Callable[[], object], budget_cpu_ms: float, runs: int) -> Timing:
    """Median CPU (process_time) and wall (perf_counter) time of `runs` calls of `work`."""
    cpu_ms: list[float] = []
    wall_ms: list[float] = []
    for _ in range(runs):
        cpu_start = time.process_time()
        wall_start = time.perf_counter()
        work()
        wall_ms.append((time.perf_counter() - wall_start) * 1000.0)
        cpu_ms.append((time.process_time() - cpu_start) * 1000.0)
    return Timing(name, statistics.median(cpu_ms), statistics.median(wall_ms), runs, budget_cpu_ms)


def bench_pmc(runs: int = RUNS) -> Timing:
    """Time the PMC over five years of daily loads: rest days, easy days and a few long ones."""
    rng = random.Random(20_240_601)
    daily_loads = [
        0.0 if rng.random() < 0.15 else rng.uniform(30.0, 120.0) * rng.choice((1.0, 1.0, 1.8))
        for _ in range(FIVE_YEARS_DAYS)
    ]
    return measure(f"pmc, {FIVE_YEARS_DAYS} days", lambda: pmc(daily_loads), PMC_BUDGET_MS, runs)


INFERENCE_ACTIVITIES = 100
INFERENCE_RUNS = 11
INFERENCE_BUDGET_MS = 100.0
TODAY = date(2025, 6, 30)
NOW = datetime(2025, 6, 30, 20, 0, tzinfo=UTC)


def strava_runs(count: int) -> list[dict[str, object]]:
    """`count` runs, one every other day up to TODAY, 6-16 km at 5:30/km with heart rate."""
    runs = []
    for index in range(count):
        day = TODAY - timedelta(days=2 * index)
        km = 6 + index % 11
        started = datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
        runs.append(
            {
                "id": 50_000 + index,
                "type": "Run",
                "sport_type": "Run",
                "start_date": started.isoformat().replace("+00:00", "Z"),
                "distance": km * 1000,
                "moving_time": km * 330,
                "elapsed_time": km * 340,
                "average_heartrate": 140 + index % 15,
            }
        )
    return runs


async def inference_on(uri: str) -> tuple[float, int]:
    """Median wall time (ms) and round trips of the engine after importing the activities."""
    counter = RoundTrips()
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        uri, tz_aware=True, event_listeners=[counter]
    )
    repositories = Repositories.build(client["bench_fitness"])
    await repositories.ensure_indexes()
    viewer = await ensure_account(repositories, "fitness@cadence.run")
    await repositories.runners.replace_section(
        viewer.runner_id, "physical", {"restingHr": 50, "maxHr": 188}
    )
    parsed = [parse_strava_activity(item, now=NOW) for item in strava_runs(INFERENCE_ACTIVITIES)]
    await import_activities(repositories, InProcessEventBus(), viewer.runner_id, parsed, now=NOW)
    wall_ms = []
    trips = 0
    for _ in range(INFERENCE_RUNS):
        counter.count = 0
        started = time.perf_counter()
        await refresh_runner_state(repositories, viewer.runner_id, now=NOW)
        wall_ms.append((time.perf_counter() - started) * 1000.0)
        trips = counter.count
    await client.drop_database("bench_fitness")
    await client.close()
    return statistics.median(wall_ms), trips


def bench_inference() -> tuple[float, int]:
    """Start the bundled database in a temporary folder and time the engine on it."""
    with tempfile.TemporaryDirectory() as data_dir:
        localdb = LocalDatabase(load_settings().localdb_server, Path(data_dir))
        uri = localdb.start()
        try:
            return asyncio.run(inference_on(uri))
        finally:
            localdb.stop()


def main() -> None:
    """Run every benchmark and print its median times."""
    for timing in (bench_pmc(),):
        verdict = "within" if timing.cpu_ms < timing.budget_cpu_ms else "OVER"
        print(
            f"{timing.name}: median {timing.cpu_ms:.3f} ms CPU, {timing.wall_ms:.3f} ms wall "
            f"over {timing.runs} runs ({verdict} the {timing.budget_cpu_ms:.0f} ms CPU budget)"
        )
    wall_ms, trips = bench_inference()
    verdict = "within" if wall_ms < INFERENCE_BUDGET_MS else "OVER"
    print(
        f"inference engine after importing {INFERENCE_ACTIVITIES} activities (bundled database): "
        f"median {wall_ms:.1f} ms wall over {INFERENCE_RUNS} runs, {trips} database round trips "
        f"({verdict} the {INFERENCE_BUDGET_MS:.0f} ms budget)"
    )


if __name__ == "__main__":
    main()
