"""One runner abusing the API while another works: the other's latency and the API's memory.

The abuser, in a loop for the whole loaded phase: uploads a gzipped GPX of 1,000,000 track
points (2.5 MB gzipped, 63 MB inflated; issue #16 measured 36-72 s and 2 GB for one before the
caps) and sends the issue's query, 30 aliases of a plan's computed fields (`progress`,
`loadForecast`, `prediction`, `versions`). The other runner meanwhile sends what a calendar app
sends, one request at a time: the full zoom of their 16-week plan and the first page of their
activities. The same requests, the same number of times, are timed first on the idle API.

The API runs as its own process (`python -m app serve`) on the bundled database; its memory is
its resident set (`VmRSS` in `/proc/<pid>/status`), sampled every 20 ms. Targets: the other
runner's median within 2x of the unloaded one, the API's memory growing less than 300 MB.
"""

from __future__ import annotations

import asyncio
import gzip
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson
from pymongo import AsyncMongoClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.accounts import ensure_account
from app.auth import issue_token
from app.clock import SYSTEM_CLOCK
from app.localdb import LocalDatabase
from app.plan_service import seed_reference_data
from app.settings import load_settings
from bench.live import api_process, resident_bytes
from bench.zoom import FULL_DEPTH
from repositories.registry import Repositories
from tests.factories import build_world

REQUESTS = 40  # per phase, for the other runner
POINTS = 1_000_000
TARGET_RATIO = 2.0
TARGET_MEMORY_MB = 300.0
COMPUTED = (
    "progress { totals { completed adherenceScore } weeks { weekNumber completed } } "
    "loadForecast { date ctl atl tsb } prediction { predictedTimeS } versions { version }"
)
ACTIVITIES = "{ activities(first: 20) { edges { node { id startTime distanceM } } } }"
UPLOAD = "mutation U($file: Upload!) { uploadActivityFile(file: $file) { __typename } }"


def thirty_aliases(plan_id: str) -> str:
    """The issue's query: 30 aliases of a plan's computed fields."""
    aliases = " ".join(f'p{i}: plan(id: "{plan_id}") {{ {COMPUTED} }}' for i in range(30))
    return f"{{ {aliases} }}"


def million_point_gpx() -> bytes:
    """A gzipped GPX track of 1,000,000 timed points (2.5 MB, as in the issue)."""
    points = b"".join(
        b'<trkpt lat="48.%06d" lon="2.35"><time>2026-05-01T07:00:00Z</time></trkpt>' % index
        for index in range(POINTS)
    )
    xml = b'<?xml version="1.0"?><gpx><trk><trkseg>' + points + b"</trkseg></trk></gpx>"
    return gzip.compress(xml)


@dataclass
class Account:
    """A bench runner: their token and their plan."""

    token: str
    plan_id: str

    @property
    def headers(self) -> dict[str, str]:
        """The bearer header."""
        return {"authorization": f"Bearer {self.token}"}


async def create_accounts(uri: str, database: str, jwt_secret: str) -> tuple[Account, Account]:
    """Two runners, each with a 16-week plan, executions and activities."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri, tz_aware=True)
    try:
        repositories = Repositories.build(client[database])
        await repositories.ensure_indexes()
        await seed_reference_data(repositories)
        accounts = []
        for name in ("abuser", "other"):
            viewer = await ensure_account(repositories, f"{name}@bench.cadence.run")
            world = await build_world(repositories, viewer.runner_id, 16, executed_days=20)
            now = SYSTEM_CLOCK.now()
            token = issue_token(viewer.user_id, jwt_secret, timedelta(hours=2), now)
            accounts.append(Account(token, str(world.plan["_id"])))
        return accounts[0], accounts[1]
    finally:
        await client.close()


MIB = 2**20
"""Bytes in a MiB: memory is reported in MiB (the README's "MB")."""


async def sample_memory(pid: int, samples: list[float], stop: asyncio.Event) -> None:
    """Resident memory every 20 ms until `stop`."""
    while not stop.is_set():
        samples.append(resident_bytes(pid) / MIB)
        await asyncio.sleep(0.02)


async def other_runner(http: httpx.AsyncClient, account: Account) -> list[float]:
    """The other runner's requests, one at a time: milliseconds each."""
    latencies = []
    for index in range(REQUESTS):
        body = (
            {"query": FULL_DEPTH, "variables": {"id": account.plan_id}}
            if index % 2 == 0
            else {"query": ACTIVITIES}
        )
        started = time.perf_counter()
        response = await http.post("/graphql", json=body, headers=account.headers)
        latencies.append((time.perf_counter() - started) * 1000)
        answer = response.json()
        if "errors" in answer:
            msg = f"the other runner got errors: {answer['errors']}"
            raise RuntimeError(msg)
    return latencies


@dataclass
class Abuse:
    """What the abuser's requests answered, and how long they took."""

    outcomes: dict[str, int] = field(default_factory=dict)
    upload_ms: list[float] = field(default_factory=list)
    aliases_ms: list[float] = field(default_factory=list)

    def count(self, what: str) -> None:
        """Count one outcome."""
        self.outcomes[what] = self.outcomes.get(what, 0) + 1


def outcome_of(response: httpx.Response) -> str:
    """`HTTP status: typename or error code` of an answer."""
    body = response.json()
    if "errors" in body:
        return f"{response.status_code}: {body['errors'][0].get('extensions', {}).get('code')}"
    (answer,) = body["data"].values()
    typename = answer.get("__typename") if isinstance(answer, dict) else "data"
    return f"{response.status_code}: {typename}"


async def abuser(
    http: httpx.AsyncClient, account: Account, gpx: bytes, abuse: Abuse, stop: asyncio.Event
) -> None:
    """Upload the big GPX and send the 30-alias query, over and over, until `stop`."""
    operations = orjson.dumps({"query": UPLOAD, "variables": {"file": None}}).decode()
    multipart = {"operations": operations, "map": orjson.dumps({"0": ["variables.file"]}).decode()}
    query = thirty_aliases(account.plan_id)
    while not stop.is_set():
        started = time.perf_counter()
        response = await http.post(
            "/graphql",
            headers={**account.headers, "apollo-require-preflight": "true"},
            data=multipart,
            files={"0": ("big.gpx.gz", gpx, "application/gzip")},
        )
        abuse.upload_ms.append((time.perf_counter() - started) * 1000)
        abuse.count(f"upload {outcome_of(response)}")
        started = time.perf_counter()
        response = await http.post("/graphql", json={"query": query}, headers=account.headers)
        abuse.aliases_ms.append((time.perf_counter() - started) * 1000)
        abuse.count(f"30 aliases {outcome_of(response)}")


def figures(values: list[float]) -> str:
    """min / median / max, in ms."""
    return (
        f"min {min(values):.1f} / median {statistics.median(values):.1f} / max {max(values):.1f} ms"
    )


async def measure(url: str, pid: int, abuser_account: Account, other: Account) -> int:
    """The unloaded phase, then the loaded one; prints the figures, returns the exit status."""
    gpx = million_point_gpx()
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        await other_runner(http, other)  # warm-up: caches, connections
        unloaded = await other_runner(http, other)
        before_mb = resident_bytes(pid) / MIB
        stop, memory = asyncio.Event(), []
        abuse = Abuse()
        sampler = asyncio.create_task(sample_memory(pid, memory, stop))
        attacking = asyncio.create_task(abuser(http, abuser_account, gpx, abuse, stop))
        await asyncio.sleep(0.5)  # the first upload is in flight
        loaded = await other_runner(http, other)
        stop.set()
        await attacking
        await sampler
    ratio = statistics.median(loaded) / statistics.median(unloaded)
    growth_mb = max(memory) - before_mb
    print(f"GPX upload: {POINTS:,} points, {len(gpx) / 1e6:.1f} MB gzipped")
    print(f"other runner, unloaded ({REQUESTS} requests): {figures(unloaded)}")
    print(f"other runner, loaded   ({REQUESTS} requests): {figures(loaded)}")
    print(f"median ratio loaded / unloaded: {ratio:.2f}x (target <= {TARGET_RATIO:.0f}x)")
    print(
        f"API memory: {before_mb:.0f} MB before, at most {max(memory):.0f} MB loaded: "
        f"+{growth_mb:.0f} MB (target < {TARGET_MEMORY_MB:.0f} MB)"
    )
    print(f"abuser's uploads: {figures(abuse.upload_ms)}")
    print(f"abuser's 30-alias queries: {figures(abuse.aliases_ms)}")
    for outcome, count in sorted(abuse.outcomes.items()):
        print(f"  {count:4d} x {outcome}")
    met = ratio <= TARGET_RATIO and growth_mb < TARGET_MEMORY_MB
    print("targets met" if met else "targets NOT met")
    return 0 if met else 1


def main() -> int:
    """Start the bundled database and the API, create the two runners, measure."""
    settings = load_settings()
    with tempfile.TemporaryDirectory() as data_dir:
        localdb = LocalDatabase(settings.localdb_server, Path(data_dir) / "db")
        uri = localdb.start()
        try:
            database = "bench_abuse"
            abuser_account, other = asyncio.run(create_accounts(uri, database, settings.jwt_secret))
            log = Path(data_dir) / "api.log"
            with api_process(uri, database, settings.jwt_secret, {}, log) as api:
                return asyncio.run(measure(api.url, api.pid, abuser_account, other))
        finally:
            localdb.stop()


if __name__ == "__main__":
    sys.exit(main())
