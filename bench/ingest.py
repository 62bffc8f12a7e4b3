"""Import and match 1,000 activities for one runner: wall time and database round trips.

The runner follows a 30-week plan; the activities cover its days (most on the day, some a day
late, some doubles and rides). The import goes through the real pipeline: parse (Strava JSON),
upsert, duplicate check, matching, executions, session statuses, missed-day sweep.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pymongo import AsyncMongoClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.accounts import ensure_account
from app.clock import FixedClock
from app.events import InProcessEventBus
from app.fitness.inference import StateRefresher
from app.localdb import LocalDatabase
from app.models.race import RaceDocument
from app.plan_service import PlanOptions, generate_and_store, seed_reference_data
from app.settings import load_settings
from app.tracking.imports import PayloadSource, import_payload
from app.tracking.ingest import ImportResult
from bench.round_trips import RoundTrips, process_cpu_seconds
from repositories.registry import Repositories

ACTIVITIES = 1000
RUNS = int(os.environ.get("INGEST_RUNS", "5"))
TARGET_SECONDS, TARGET_TRIPS = 1.0, 20
NOW = datetime(2025, 8, 4, 12, 0, tzinfo=UTC)
"""When the imports happen: after the 30-week plan from 2025-01-06 and its last (late) run."""


def payloads(sessions: list[dict], offset: int) -> list[dict[str, object]]:
    """A history backfill: every run of the plan so far (some a day late), then older runs and
    rides from before the plan, ACTIVITIES in all."""
    items = []
    runs = [s for s in sessions if s["type"] not in {"rest", "race"}]
    plan_start = date.fromisoformat(sessions[0]["scheduledDate"])
    for index in range(ACTIVITIES):
        if index < len(runs):
            session = runs[index]
            day = date.fromisoformat(session["scheduledDate"])
            day += timedelta(days=1 if index % 9 == 4 else 0)
            distance = session["distanceKm"] * (0.95 + (index % 3) * 0.05)
        else:
            day = plan_start - timedelta(days=1 + (index - len(runs)) * 365 // ACTIVITIES * 2)
            distance = 5 + index % 12
        started = datetime(day.year, day.month, day.day, 6 + index % 3, index % 60, tzinfo=UTC)
        sport = "Ride" if index % 25 == 0 else "Run"
        items.append(
            {
                "id": offset + index,
                "sport_type": sport,
                "type": sport,
                "start_date": started.isoformat().replace("+00:00", "Z"),
                "distance": round(distance * 1000),
                "moving_time": round(distance * 350),
                "elapsed_time": round(distance * 360),
                "average_heartrate": 140 + index % 20,
            }
        )
    return items


@dataclass(frozen=True)
class Run:
    """One import: its time and round trips, then the state refresh that follows it."""

    seconds: float
    cpu_seconds: float
    database_seconds: float
    database_cpu_seconds: float
    trips: int
    outcome: dict[str, int]
    refresh_seconds: float
    refresh_trips: int


async def one_run(uri: str, run: int, database_pid: int) -> Run:
    counter = RoundTrips()
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        uri, tz_aware=True, event_listeners=[counter]
    )
    repositories = Repositories.build(client[f"bench_ingest_{run}"])
    await repositories.ensure_indexes()
    await seed_reference_data(repositories)
    viewer = await ensure_account(repositories, f"ingest{run}@cadence.run")
    start = date(2025, 1, 6)
    race = RaceDocument(
        runner_id=viewer.runner_id,
        name="Marathon",
        type="marathon",
        date=start + timedelta(weeks=30, days=-1),
    )
    await repositories.races.insert(race)
    plan = await generate_and_store(
        repositories,
        viewer.runner_id,
        race.id,
        options=PlanOptions(start_date=start),
        idempotency_key=None,
        today=start,
    )
    sessions = await repositories.sessions.in_range(
        viewer.runner_id, plan["_id"], start, start + timedelta(weeks=30), None
    )
    # The API's own import: the Strava payloads parsed, imported and the connection stamped.
    strava = payloads(sessions, run * 10_000)
    counter.count, counter.database_seconds = 0, 0.0
    refresher = StateRefresher(repositories, FixedClock(NOW))
    cpu_started = time.thread_time()
    database_cpu_started = process_cpu_seconds(database_pid)
    started = time.perf_counter()
    result = await import_payload(
        repositories,
        InProcessEventBus(),
        viewer.runner_id,
        PayloadSource.STRAVA,
        strava,
        now=NOW,
        refresher=refresher,
    )
    assert isinstance(result, ImportResult)
    seconds = time.perf_counter() - started
    cpu_seconds = time.thread_time() - cpu_started
    database_cpu_seconds = process_cpu_seconds(database_pid) - database_cpu_started
    database_seconds = counter.database_seconds
    trips = counter.count
    # What follows the answer, as in the API: the runner's state from the new history.
    await refresher.drain()
    refresh_seconds = time.perf_counter() - started - seconds
    refresh_trips = counter.count - trips
    outcome = {
        "linked": result.linked,
        "suggested": result.suggested,
        "unplanned": result.unplanned,
        "not_runs": result.not_runs,
    }
    await client.drop_database(f"bench_ingest_{run}")
    await client.close()
    return Run(
        seconds,
        cpu_seconds,
        database_seconds,
        database_cpu_seconds,
        trips,
        outcome,
        refresh_seconds,
        refresh_trips,
    )


async def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        localdb = LocalDatabase(load_settings().localdb_server, Path(data_dir))
        uri = localdb.start()
        assert localdb.pid is not None
        try:
            results = [await one_run(uri, run, localdb.pid) for run in range(RUNS)]
        finally:
            localdb.stop()
    print(f"import and match {ACTIVITIES} activities ({RUNS} runs, bundled database):")
    print(f"  outcome {results[0].outcome}")
    print(f"  wall time {spread([r.seconds for r in results], ' s')} (min / median / max)")
    print(f"  round trips {spread([float(r.trips) for r in results], '', 0)}")
    print(
        f"  of which this process's CPU {spread([r.cpu_seconds for r in results], ' s')}, "
        f"the database's commands {spread([r.database_seconds for r in results], ' s')}"
    )
    database_cpu = spread([r.database_cpu_seconds for r in results], " s")
    print(
        f"  the database process's CPU {database_cpu} (less sensitive than wall time to other load)"
    )
    seconds = statistics.median(r.seconds for r in results)
    trips = statistics.median(r.trips for r in results)
    met = seconds <= TARGET_SECONDS and trips <= TARGET_TRIPS
    print(
        f"  target: median at most {TARGET_SECONDS:.0f} s and {TARGET_TRIPS} round trips -> "
        f"{'met' if met else 'NOT met'}"
    )
    refresh = [r.refresh_seconds for r in results]
    print(
        f"then the runner's state refresh (after the import answers): {spread(refresh, ' s')}, "
        f"{results[0].refresh_trips} round trips"
    )


def spread(values: list[float], unit: str, digits: int = 2) -> str:
    """min / median / max of a list of figures."""
    low, middle, high = min(values), statistics.median(values), max(values)
    return f"{low:.{digits}f} / {middle:.{digits}f} / {high:.{digits}f}{unit}"


if __name__ == "__main__":
    asyncio.run(main())
