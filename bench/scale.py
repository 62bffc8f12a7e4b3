"""Per-runner cost against the number of runners in the database: 1, 100 and 1,000.

One runner is set up through the API (a 16-week plan started 8 weeks ago, 100 Strava runs
imported). The other runners are copies of that runner's documents under new ids, inserted
directly with `insert_many` (each a 16-week plan and 100 activities). At each size the API,
served by uvicorn in this process on the bundled database, answers one runner's full zoom, a
two-week calendar, the first page of activities, an import of 10 activities, a `skipSession`,
and the state refresh runs; each figure is the median of REPEAT runs after a warm-up. The
runner measured is the first one at the first size, then the last copy inserted: each size
measures a runner as the first was before any measurement (imports add activities). The
target: at 1,000 runners within 1.5x of the figure with 1 runner.

`.venv/bin/python bench/scale.py [--sizes 1,100,1000] [--repeat N]`
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from bson import ObjectId
from pymongo import AsyncMongoClient, monitoring

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.accounts import ensure_account
from app.auth import issue_token
from app.clock import SYSTEM_CLOCK
from app.fitness.inference import refresh_runner_state
from app.localdb import LocalDatabase
from app.server import create_app
from app.settings import load_settings
from bench.zoom import FULL_DEPTH
from repositories.registry import Repositories
from tests.api.tracking_helpers import IMPORT, runner_in_plan, strava_run
from tests.conftest import Account, graphql, serve

DATABASE = "bench_scale"
ACTIVITIES = 100
COPIED = (
    "users",
    "runners",
    "races",
    "trainingPlans",
    "planAssignments",
    "plannedSessions",
    "executions",
    "activities",
)
CALENDAR = (
    "query C($f: Date!, $t: Date!) { sessions(from: $f, to: $t) { id scheduledDate title status } }"
)
PAGE = """{ activities(first: 20) { edges { node { id startTime distanceM sport } }
  pageInfo { hasNextPage } } }"""
SKIP = 'mutation S($s: ID!) { skipSession(sessionId: $s, reason: "travel") { __typename } }'
_strava_ids = itertools.count(70_000_000_000)


class DatabaseTime(monitoring.CommandListener):
    """Server time of each command the API sends, by command and collection."""

    def __init__(self) -> None:
        self.names: dict[int, str] = {}
        self.ms: dict[str, float] = {}

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.names[event.request_id] = (
            f"{event.command_name} {event.command.get(event.command_name)}"
        )

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        name = self.names.pop(event.request_id, "?")
        self.ms[name] = self.ms.get(name, 0.0) + event.duration_micros / 1000

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self.names.pop(event.request_id, None)

    def top(self, runs: int) -> str:
        """The three costliest commands, per run."""
        worst = sorted(self.ms.items(), key=lambda item: -item[1])[:3]
        self.ms = {}
        return ", ".join(f"{name} {ms / runs:.1f}" for name, ms in worst)


def remap(value: Any, ids: dict[ObjectId, ObjectId], texts: dict[str, str]) -> Any:
    """`value` with every id of the source runner replaced by the copy's."""
    if isinstance(value, ObjectId):
        return ids.get(value, value)
    if isinstance(value, str):
        return texts.get(value, value)
    if isinstance(value, dict):
        return {key: remap(item, ids, texts) for key, item in value.items()}
    if isinstance(value, list):
        return [remap(item, ids, texts) for item in value]
    return value


async def copy_runner(
    db: Any, source: dict[str, list[dict]], copies: int, first: int
) -> dict[ObjectId, ObjectId]:
    """Insert `copies` copies of the source runner's documents, 50 runners per batch.

    Returns the ids of the last copy (source id -> copy id).
    """
    ids: dict[ObjectId, ObjectId] = {}
    for start in range(first, first + copies, 50):
        batch: dict[str, list[dict]] = {name: [] for name in COPIED}
        for copy in range(start, min(start + 50, first + copies)):
            ids = {
                document["_id"]: ObjectId()
                for documents in source.values()
                for document in documents
            }
            texts = {str(old): str(new) for old, new in ids.items()}
            for name, documents in source.items():
                for document in documents:
                    copied = remap(document, ids, texts)
                    if name == "users":
                        copied["email"] = f"copy{copy}-{document['email']}"
                    batch[name].append(copied)
        for name, documents in batch.items():
            if documents:
                await db[name].insert_many(documents, ordered=False)
    return ids


async def source_documents(db: Any, account: Account) -> dict[str, list[dict]]:
    """Every document of the measured runner, by collection."""
    runner_id = account.runner_id
    found = {
        "users": await db.users.find({"_id": account.user_id}).to_list(),
        "runners": await db.runners.find({"_id": runner_id}).to_list(),
    }
    for name in COPIED[2:]:
        found[name] = await db[name].find({"runnerId": runner_id}).to_list()
    return found


async def median_ms(work: Callable[[int], Awaitable[object]], repeat: int) -> float:
    """Median wall time of `repeat` runs after one warm-up run."""
    timings = []
    await work(-1)
    DATABASE_TIME.ms = {}
    for run in range(repeat):
        started = time.perf_counter()
        await work(run)
        timings.append((time.perf_counter() - started) * 1000.0)
    print(f"    database ms per run: {DATABASE_TIME.top(repeat)}")
    return statistics.median(timings)


DATABASE_TIME = DatabaseTime()


async def measure(
    http: httpx.AsyncClient,
    repositories: Repositories,
    account: Account,
    *,
    plan_id: str,
    skippable: list[str],
    repeat: int,
) -> dict[str, float]:
    today = SYSTEM_CLOCK.now().date()

    async def ok(query: str, variables: dict[str, object] | None = None) -> None:
        body = await graphql(http, query, variables, account)
        assert "errors" not in body, body

    async def import_ten(_: int) -> None:
        runs = [
            strava_run(
                today - timedelta(days=day), 5.0, 30.0, hour=20, activity_id=next(_strava_ids)
            )
            for day in range(1, 11)
        ]
        await ok(IMPORT, {"source": "STRAVA", "payload": runs})

    figures = {
        "full zoom": await median_ms(lambda _: ok(FULL_DEPTH, {"id": plan_id}), repeat),
        "sessions(from, to)": await median_ms(
            lambda _: ok(
                CALENDAR,
                {
                    "f": (today - timedelta(days=7)).isoformat(),
                    "t": (today + timedelta(days=7)).isoformat(),
                },
            ),
            repeat,
        ),
        "activities, first page": await median_ms(lambda _: ok(PAGE), repeat),
        "import of 10 activities": await median_ms(import_ten, repeat),
    }
    await asyncio.sleep(1)  # the state refreshes the imports started
    figures["skipSession"] = await median_ms(lambda _: ok(SKIP, {"s": skippable.pop()}), repeat)
    figures["state refresh"] = await median_ms(
        lambda _: refresh_runner_state(repositories, account.runner_id, now=SYSTEM_CLOCK.now()),
        repeat,
    )
    return figures


async def main(sizes: list[int], repeat: int) -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        localdb = LocalDatabase(load_settings().localdb_server, Path(data_dir))
        uri = localdb.start()
        settings = load_settings(mongodb_uri=uri, database_name=DATABASE, data_dir=Path(data_dir))
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri, tz_aware=True)
        db = client[DATABASE]
        try:
            async with (
                serve(create_app(settings, [DATABASE_TIME])) as url,
                httpx.AsyncClient(base_url=url, timeout=600) as http,
            ):
                repositories = Repositories.build(db)
                viewer = await ensure_account(repositories, "scale@cadence.run")
                token = issue_token(
                    viewer.user_id, settings.jwt_secret, timedelta(hours=2), SYSTEM_CLOCK.now()
                )
                account = Account(
                    "scale@cadence.run",
                    viewer.user_id,
                    viewer.runner_id,
                    token,
                    "UTC",
                    SYSTEM_CLOCK,
                )
                plan_id = await runner_in_plan(http, account, weeks_ago=8)
                today = SYSTEM_CLOCK.now().date()
                runs = [
                    strava_run(today - timedelta(days=day), 8.0, 45.0, hour=6)
                    for day in range(ACTIVITIES)
                ]
                body = await graphql(http, IMPORT, {"source": "STRAVA", "payload": runs}, account)
                assert "errors" not in body, body
                await asyncio.sleep(1)
                sessions = await repositories.sessions.of_plan(account.runner_id, ObjectId(plan_id))
                skippable = [  # popped from the end: the latest days first
                    str(s["_id"])
                    for s in sessions
                    if s["scheduledDate"] > (today + timedelta(days=1)).isoformat()
                    and s["type"] != "rest"
                ]
                source = await source_documents(db, account)
                counts = {name: len(documents) for name, documents in source.items()}
                print(f"one runner: {counts}")
                results: dict[int, dict[str, float]] = {}
                present = 1
                for size in sizes:
                    started = time.perf_counter()
                    twin = await copy_runner(db, source, size - present, present)
                    present = size
                    copied_s = time.perf_counter() - started
                    # Each size measures a runner as the first one was before any measurement:
                    # the last copy inserted (the operations add activities and skip days).
                    measured, measured_plan, measured_skippable = account, plan_id, skippable
                    if twin:
                        user_id, runner_id = twin[account.user_id], twin[account.runner_id]
                        token = issue_token(
                            user_id, settings.jwt_secret, timedelta(hours=2), SYSTEM_CLOCK.now()
                        )
                        measured = Account("twin", user_id, runner_id, token, "UTC", SYSTEM_CLOCK)
                        measured_plan = str(twin[ObjectId(plan_id)])
                        measured_skippable = [str(twin[ObjectId(s)]) for s in skippable]
                    results[size] = await measure(
                        http,
                        repositories,
                        measured,
                        plan_id=measured_plan,
                        skippable=measured_skippable,
                        repeat=repeat,
                    )
                    print(f"{size} runners (copies inserted in {copied_s:.1f} s): {results[size]}")
        finally:
            await client.close()
            localdb.stop()
    first, last = sizes[0], sizes[-1]
    header = " | ".join(f"{size:,} runners" for size in sizes)
    print(f"\nmedian of {repeat} runs, ms\n| operation | {header} | {last:,} / {first:,} |")
    print("|---|" + "---|" * (len(sizes) + 1))
    for operation in results[first]:
        cells = " | ".join(f"{results[size][operation]:.1f}" for size in sizes)
        ratio = results[last][operation] / results[first][operation]
        print(f"| {operation} | {cells} | {ratio:.2f}x |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,100,1000")
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    asyncio.run(main([int(size) for size in arguments.sizes.split(",")], arguments.repeat))
