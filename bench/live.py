"""Live delivery: 1,000 WebSocket subscribers on one API process, latency after a status change.

The spread: 250 runners, each following an 8-week plan with 4 devices subscribed to
`sessionStatusChanged(planId)` (phone, watch, web app, a second tab), one subscription per
connection over `graphql-transport-ws`: 1,000 connections. Events are scoped to one runner, so
a status change reaches that runner's 4 devices. The load: one `skipSession` per runner over
HTTP, at most 5 a second and one at a time, so every subscriber gets one event and the latency
measured is delivery, not a queue of writes.

Two latencies per frame, on this machine's clocks: from the moment the client starts the
mutation's POST (includes the database write), and from the event's `changedAt` (stamped, to
the millisecond, just before the server publishes it: the delivery path alone). The baseline,
in the same server process before the 1,000 connections open: 60 runners with one device each,
the same change at the same pace.

Then the hold: the 1,000 subscribers stay connected for `--hold-seconds` (default 90, or
LIVE_HOLD_S; the issue's run is 600: `LIVE_HOLD_S=600 make bench`) while the changes keep
flowing at the same pace, round-robin over the runners. The API process's resident memory is
sampled every 2 s: its growth after the first minute must stay under 5 %, and the delivery
p99 (from publish) at most 50 ms. Every event of the hold is checked like the others.

The server runs as its own process (`python -m app serve`) on the bundled database, once per
garbage-collector variant: with and without `gc.freeze()` after start-up (`CADENCE_GC_FREEZE`).
The client (this process, uvloop) also reports how late its own event loop ran, to show it does
not dominate. Any missed, duplicated or foreign event ends the run with exit status 1.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

import httpx
import orjson
import uvloop
from bson import ObjectId
from pymongo import AsyncMongoClient
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.accounts import ensure_account
from app.auth import issue_token
from app.clock import SYSTEM_CLOCK
from app.localdb import LocalDatabase
from app.models.race import RaceDocument
from app.plan_service import PlanOptions, generate_and_store, seed_reference_data
from app.settings import load_settings
from repositories.registry import Repositories

ROOT = Path(__file__).resolve().parent.parent
RUNNERS = 250
DEVICES = 4  # subscriptions per runner: 1,000 connections in all
CHANGES_PER_SECOND = 5.0  # what the bundled database sustains (it scans for each change)
BASELINE_RUNNERS = 60  # one device each: a change reaches one subscriber
SETTLE_S = 3.0  # after the last subscribe message: each resolver checks the plan first
PLAN_FIELDS = ("raceId", "status", "version", "idempotencyKey", "createdAt", "updatedAt")
TARGET_P99_MS = 50.0
HOLD_SECONDS = float(os.environ.get("LIVE_HOLD_S", "90"))
MEMORY_EVERY_S = 2.0
WARM_UP_S = 60.0  # memory growth counts from the first minute of the hold on
TARGET_GROWTH = 0.05
DELIVERY_TIMEOUT_S = 10.0
CONNECT_CONCURRENCY = 50
VARIANTS = {
    "no freeze": {"CADENCE_GC_FREEZE": "false"},
    "gc.freeze() at start-up": {"CADENCE_GC_FREEZE": "true"},
}

STATUS = (
    "subscription S($planId: ID!) { sessionStatusChanged(planId: $planId) "
    "{ status previousStatus changedAt session { id status scheduledDate type } } }"
)
SKIP = (
    'mutation K($s: ID!) { skipSession(sessionId: $s, reason: "bench: live delivery") '
    "{ __typename } }"
)


class BenchError(Exception):
    """The run cannot be trusted: a subscriber missed an event or got someone else's."""


@dataclass
class Runner:
    """A bench runner: token, plan and the sessions that may still be skipped."""

    name: str
    token: str
    plan_id: str
    skippable: list[str]
    used: int = 0

    def next_session(self) -> str:
        """A session never changed before (each change must be a real status change)."""
        if self.used >= len(self.skippable):
            msg = f"{self.name} has no session left to skip"
            raise BenchError(msg)
        self.used += 1
        return self.skippable[self.used - 1]


class Arrival(NamedTuple):
    """A frame: its session, when it arrived, and how long after the event's `changedAt`."""

    session_id: str
    arrived: float
    since_published_s: float


@dataclass
class Subscriber:
    """One connection with one subscription; records when each frame arrives."""

    runner: Runner
    socket: ClientConnection
    arrivals: list[Arrival] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    closing: bool = False

    async def read(self) -> None:
        """Record every `next` frame's session id and arrival time until the socket closes."""
        try:
            async for raw in self.socket:
                arrived, arrived_wall = time.perf_counter(), time.time()
                message = orjson.loads(raw)
                kind = message.get("type")
                if kind == "next":
                    change = (message["payload"].get("data") or {}).get("sessionStatusChanged")
                    if change is None:
                        self.problems.append(f"error frame: {message['payload']}")
                    else:
                        published = datetime.fromisoformat(change["changedAt"]).timestamp()
                        self.arrivals.append(
                            Arrival(change["session"]["id"], arrived, arrived_wall - published)
                        )
                elif kind == "ping":
                    await self.socket.send(orjson.dumps({"type": "pong"}).decode())
                else:
                    self.problems.append(f"unexpected {kind} frame: {str(message)[:200]}")
        except ConnectionClosed as exc:
            if not self.closing:
                self.problems.append(f"connection closed: {exc}")


@dataclass
class Change:
    """One status change: whose, which session, when its mutation started and ended."""

    runner: Runner
    session_id: str
    started: float = 0.0
    answered: float = 0.0


@dataclass
class Phase:
    """The figures of one measured phase."""

    latencies_ms: list[float]
    since_published_ms: list[float]
    expected: int
    round_trips_ms: list[float]
    loop_lag_ms: float


@dataclass
class Held:
    """The hold: its deliveries and the API process's resident memory over time."""

    phase: Phase
    memory: list[tuple[float, int]]  # (seconds into the hold, resident bytes)
    connected_rss: int
    before_rss: int
    load: tuple[float, float] = (0.0, 0.0)  # the machine's 1-minute load average, start and end

    def after_warm_up(self) -> list[int]:
        """Resident bytes from the first sample after WARM_UP_S (or half the hold) on."""
        return [rss for at, rss in self.memory if at >= min(WARM_UP_S, self.memory[-1][0] / 2)]

    def growth(self) -> float:
        """Resident memory at the end against the first sample after WARM_UP_S (or the first)."""
        later = self.after_warm_up()
        return later[-1] / later[0] - 1


def resident_bytes(pid: int) -> int:
    """The process's resident set size, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    msg = f"no VmRSS for process {pid}"
    raise BenchError(msg)


async def sample_memory(pid: int, samples: list[tuple[float, int]], stop: asyncio.Event) -> None:
    begin = time.perf_counter()
    while not stop.is_set():
        samples.append((time.perf_counter() - begin, resident_bytes(pid)))
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), MEMORY_EVERY_S)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p99 of 100 values is the 99th smallest)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def raise_open_file_limit(wanted: int) -> None:
    """Each connection is a descriptor here and in the server (which inherits the limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- setup: accounts and plans, written straight to the database -------------------------------


async def create_runners(
    uri: str, database: str, sessions_per_runner: list[int], jwt_secret: str
) -> list[Runner]:
    """Runners following a copy of one generated 8-week 10k plan, and their tokens.

    Only the plan's identity and the sessions the pass will change are copied: the bundled
    database scans a whole collection for a `{_id, runnerId}` filter, so every extra document
    would slow each change down.
    """
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri, tz_aware=True)
    try:
        repositories = Repositories.build(client[database])
        return await _create_runners(repositories, sessions_per_runner, jwt_secret)
    finally:
        await client.close()


async def _create_runners(
    repositories: Repositories, sessions_per_runner: list[int], jwt_secret: str
) -> list[Runner]:
    await repositories.ensure_indexes()
    await seed_reference_data(repositories)
    now = SYSTEM_CLOCK.now()
    today = now.date()
    start = today - timedelta(days=today.weekday())
    template = await ensure_account(repositories, "live-template@bench.cadence.run")
    race = RaceDocument(
        runner_id=template.runner_id,
        name="City 10k",
        type="10k",
        date=start + timedelta(weeks=8, days=-1),
    )
    await repositories.races.insert(race)
    plan = await generate_and_store(
        repositories,
        template.runner_id,
        race.id,
        options=PlanOptions(start_date=start, runs_per_week=5),
        idempotency_key=None,
        today=start,
    )
    planned = await repositories.sessions.in_range(
        template.runner_id, plan["_id"], start, start + timedelta(weeks=9), None
    )
    runs = [session for session in planned if session["type"] not in {"rest", "race"}]
    await repositories.sessions.collection.delete_many({"planId": plan["_id"]})
    runners, plans, copies = [], [], []
    for index, count in enumerate(sessions_per_runner):
        viewer = await ensure_account(repositories, f"live{index}@bench.cadence.run")
        plan_id = ObjectId()
        plans.append(
            {"_id": plan_id, "runnerId": viewer.runner_id}
            | {key: plan[key] for key in PLAN_FIELDS if key in plan}
        )
        own = [
            {**session, "_id": ObjectId(), "runnerId": viewer.runner_id, "planId": plan_id}
            for session in itertools.islice(itertools.cycle(runs), count)
        ]
        copies.extend(own)
        token = issue_token(viewer.user_id, jwt_secret, timedelta(hours=6), now)
        runners.append(Runner(f"runner {index}", token, str(plan_id), [str(s["_id"]) for s in own]))
    await repositories.plans.collection.insert_many(plans)
    await repositories.sessions.collection.insert_many(copies)
    return runners


# --- the server process ----------------------------------------------------------------------


class ApiProcess(NamedTuple):
    """A running API process: where it answers, and its process id."""

    url: str
    pid: int


@contextmanager
def api_process(
    uri: str, database: str, jwt_secret: str, overrides: dict[str, str], log: Path
) -> Iterator[ApiProcess]:
    """`python -m app serve` on a free port; stopped (and killed if need be) on exit."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CADENCE_")}
    env.pop("REDIS_URL", None)
    env.update(
        MONGODB_URI=uri,
        CADENCE_DATABASE_NAME=database,
        CADENCE_JWT_SECRET=jwt_secret,
        CADENCE_LOG_LEVEL="WARNING",
        CADENCE_MAX_SUBSCRIPTIONS_PER_CONNECTION="1",
        **overrides,
    )
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                msg = f"the API process exited during start-up: see {log}"
                raise BenchError(msg)
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == httpx.codes.OK:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                msg = "the API process never became ready"
                raise BenchError(msg)
            time.sleep(0.1)
        yield ApiProcess(url, process.pid)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --- the client ------------------------------------------------------------------------------


async def subscribe(ws_url: str, runner: Runner) -> Subscriber:
    """Open a connection, authenticate with the token and start the subscription."""
    sock = await connect(
        ws_url, subprotocols=[Subprotocol("graphql-transport-ws")], ping_interval=None
    )
    init = {"type": "connection_init", "payload": {"token": runner.token}}
    await sock.send(orjson.dumps(init).decode())
    ack = orjson.loads(await asyncio.wait_for(sock.recv(), timeout=30))
    if ack.get("type") != "connection_ack":
        await sock.close()
        msg = f"{runner.name}: connection refused: {ack}"
        raise BenchError(msg)
    request = {
        "id": "1",
        "type": "subscribe",
        "payload": {"query": STATUS, "variables": {"planId": runner.plan_id}},
    }
    await sock.send(orjson.dumps(request).decode())
    return Subscriber(runner, sock)


async def open_subscribers(ws_url: str, runners: list[Runner]) -> list[Subscriber]:
    limit = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def one(runner: Runner) -> Subscriber:
        async with limit:
            return await subscribe(ws_url, runner)

    return list(await asyncio.gather(*(one(r) for r in runners)))


async def close_subscribers(subscribers: list[Subscriber]) -> None:
    for subscriber in subscribers:
        subscriber.closing = True
    await asyncio.gather(*(s.socket.close() for s in subscribers), return_exceptions=True)


async def measure_loop_lag(samples: list[float], stop: asyncio.Event) -> None:
    """How late a 5 ms sleep wakes up: the client's own share of the latency."""
    while not stop.is_set():
        before = time.perf_counter()
        await asyncio.sleep(0.005)
        samples.append((time.perf_counter() - before - 0.005) * 1000)


async def fire(http: httpx.AsyncClient, changes: list[Change]) -> None:
    """One mutation every 1/CHANGES_PER_SECOND s, each after the previous has answered.

    The changes do not overlap: the latency measured is delivery, not a queue of writes.
    """

    async def mutate(change: Change) -> None:
        change.started = time.perf_counter()
        response = await http.post(
            "/graphql",
            json={"query": SKIP, "variables": {"s": change.session_id}},
            headers={"authorization": f"Bearer {change.runner.token}"},
        )
        change.answered = time.perf_counter()
        answer = response.json()
        if (answer.get("data") or {}).get("skipSession", {}).get("__typename") != "SessionSaved":
            msg = f"skipSession failed for {change.runner.name}: {answer}"
            raise BenchError(msg)

    begin = time.perf_counter()
    for index, change in enumerate(changes):
        delay = begin + index / CHANGES_PER_SECOND - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await mutate(change)


async def deliver(
    http: httpx.AsyncClient, subscribers: list[Subscriber], changes: list[Change]
) -> Phase:
    """Fire the changes, wait for every expected frame, check them; the latencies."""
    by_runner: dict[int, list[Subscriber]] = {}
    for subscriber in subscribers:
        by_runner.setdefault(id(subscriber.runner), []).append(subscriber)
    for subscriber in subscribers:
        subscriber.arrivals.clear()
    expected = sum(len(by_runner.get(id(c.runner), [])) for c in changes)
    lag: list[float] = []
    stop = asyncio.Event()
    lag_task = asyncio.create_task(measure_loop_lag(lag, stop))
    try:
        await fire(http, changes)
        deadline = time.perf_counter() + DELIVERY_TIMEOUT_S
        while sum(len(s.arrivals) for s in subscribers) < expected:
            if time.perf_counter() > deadline:
                break
            await asyncio.sleep(0.02)
    finally:
        stop.set()
        await lag_task
    await asyncio.sleep(0.3)  # late strays: duplicates or someone else's events
    latencies, since_published = check(subscribers, changes)
    return Phase(
        latencies_ms=latencies,
        since_published_ms=since_published,
        expected=expected,
        round_trips_ms=[(c.answered - c.started) * 1000 for c in changes],
        loop_lag_ms=max(lag, default=0.0),
    )


def check(subscribers: list[Subscriber], changes: list[Change]) -> tuple[list[float], list[float]]:
    """Each subscriber got exactly its own runner's changes, once each; the latencies from the
    mutation's start and from the event's `changedAt`."""
    change_of = {c.session_id: c for c in changes}
    latencies: list[float] = []
    since_published: list[float] = []
    problems: list[str] = []
    for subscriber in subscribers:
        problems.extend(f"{subscriber.runner.name}: {p}" for p in subscriber.problems)
        own = {c.session_id for c in changes if c.runner is subscriber.runner}
        received = [arrival.session_id for arrival in subscriber.arrivals]
        foreign = [s for s in received if s not in own]
        if foreign:
            problems.append(f"{subscriber.runner.name} received another's events: {foreign[:3]}")
        if len(received) != len(set(received)):
            problems.append(f"{subscriber.runner.name} received an event twice")
        if missed := own - set(received):
            problems.append(f"{subscriber.runner.name} missed {len(missed)} of {len(own)} events")
        for arrival in subscriber.arrivals:
            if arrival.session_id in own:
                started = change_of[arrival.session_id].started
                latencies.append((arrival.arrived - started) * 1000)
                since_published.append(arrival.since_published_s * 1000)
    if problems:
        raise BenchError("; ".join(problems[:10]) + (" ..." if len(problems) > 10 else ""))
    return latencies, since_published


async def measure(
    url: str, pid: int, runners: list[Runner], baseline_runners: list[Runner], hold_s: float
) -> tuple[Phase, Phase, Held | None]:
    """Baseline with one device per runner, one change per runner with all devices, the hold."""
    ws_url = url.replace("http://", "ws://") + "/graphql"
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        alone = await open_subscribers(ws_url, baseline_runners)
        readers = [asyncio.create_task(s.read()) for s in alone]
        await asyncio.sleep(SETTLE_S)
        baseline = await deliver(
            http,
            alone,
            [Change(runner, runner.next_session()) for runner in baseline_runners],
        )
        await close_subscribers(alone)
        await asyncio.gather(*readers)

        before_rss = resident_bytes(pid)
        devices = [runner for runner in runners for _ in range(DEVICES)]
        subscribers = await open_subscribers(ws_url, devices)
        readers = [asyncio.create_task(s.read()) for s in subscribers]
        held = None
        try:
            await asyncio.sleep(SETTLE_S)
            loaded = await deliver(
                http, subscribers, [Change(runner, runner.next_session()) for runner in runners]
            )
            if hold_s > 0:
                held = await hold(http, pid, subscribers, runners, hold_s, before_rss)
        finally:
            await close_subscribers(subscribers)
            await asyncio.gather(*readers)
    return baseline, loaded, held


async def hold(  # noqa: PLR0917 - the phases' state, passed along
    http: httpx.AsyncClient,
    pid: int,
    subscribers: list[Subscriber],
    runners: list[Runner],
    seconds: float,
    before_rss: int,
) -> Held:
    """Keep every subscriber connected for `seconds` with changes flowing; sample memory."""
    connected_rss = resident_bytes(pid)
    count = int(seconds * CHANGES_PER_SECOND)
    changes = [Change(runners[i % len(runners)], "") for i in range(count)]
    for change in changes:
        change.session_id = change.runner.next_session()
    samples: list[tuple[float, int]] = []
    load_at_start = os.getloadavg()[0]
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(pid, samples, stop))
    try:
        phase = await deliver(http, subscribers, changes)
    finally:
        stop.set()
        await sampler
    return Held(phase, samples, connected_rss, before_rss, (load_at_start, os.getloadavg()[0]))


def hold_sessions(hold_s: float) -> int:
    """Sessions each subscribed runner must have left to skip: one, then the hold's share."""
    return 1 + -(-int(hold_s * CHANGES_PER_SECOND) // RUNNERS)


def run(coroutine: Callable[[], Awaitable[Any]]) -> Any:
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coroutine())  # type: ignore[arg-type]


def figures(values: list[float]) -> str:
    return (
        f"p50 {statistics.median(values):6.1f}  p99 {percentile(values, 0.99):6.1f}"
        f"  max {max(values):6.1f} ms"
    )


def describe(label: str, phase: Phase) -> str:
    return (
        f"  {label:<17} from mutation start {figures(phase.latencies_ms)}"
        f" | from publish {figures(phase.since_published_ms)}"
        f" | delivered {len(phase.latencies_ms)}/{phase.expected}"
        f" | mutation p50 {statistics.median(phase.round_trips_ms):5.1f} ms"
        f" | client loop lag max {phase.loop_lag_ms:5.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="run the variants N times, in turn")
    parser.add_argument(
        "--hold-seconds",
        type=float,
        default=HOLD_SECONDS,
        help="how long the 1,000 subscribers stay with events flowing (first variant only)",
    )
    args = parser.parse_args()
    raise_open_file_limit(RUNNERS * DEVICES * 2 + 1024)
    settings = load_settings()
    results: dict[str, list[tuple[Phase, Phase]]] = {name: [] for name in VARIANTS}
    holds: list[Held] = []
    with tempfile.TemporaryDirectory() as data_dir:
        localdb = LocalDatabase(settings.localdb_server, Path(data_dir) / "db")
        uri = localdb.start()
        log = Path(data_dir) / "api.log"
        try:
            print(
                f"{RUNNERS} runners x {DEVICES} devices = {RUNNERS * DEVICES} subscriptions, "
                f"one skipSession per runner, at most {CHANGES_PER_SECOND:.0f}/s, one at a time; "
                f"baseline: {BASELINE_RUNNERS} runners x 1 device, same pace"
            )
            passes = itertools.product(range(args.repeat), VARIANTS.items())
            for index, (_, (name, overrides)) in enumerate(passes):
                database = f"bench_live_{index}"
                hold_s = args.hold_seconds if index == 0 else 0.0
                counts = [hold_sessions(hold_s)] * RUNNERS + [1] * BASELINE_RUNNERS
                runners = run(lambda: create_runners(uri, database, counts, settings.jwt_secret))  # noqa: B023
                subscribed, alone = runners[:RUNNERS], runners[RUNNERS:]
                with api_process(uri, database, settings.jwt_secret, overrides, log) as api:
                    baseline, loaded, held = run(
                        lambda: measure(api.url, api.pid, subscribed, alone, hold_s)  # noqa: B023
                    )
                results[name].append((baseline, loaded))
                print(f"{name}:")
                print(describe("1 subscriber", baseline))
                print(describe(f"{RUNNERS * DEVICES} subscribers", loaded))
                if held is not None:
                    holds.append(held)
                    print(describe_hold(held, hold_s))
                sys.stdout.flush()
        except BenchError as exc:
            print(f"FAILED: {exc}", file=sys.stderr)
            if log.exists():
                sys.stderr.write(log.read_text(errors="replace")[-3000:])
            return 1
        finally:
            localdb.stop()
    print("p99 from publish, range over passes (baseline -> 1,000 subscribers):")
    for name, passes_of in results.items():
        alone = [percentile(baseline.since_published_ms, 0.99) for baseline, _ in passes_of]
        loaded = [percentile(phase.since_published_ms, 0.99) for _, phase in passes_of]
        verdict = "met" if max(loaded) <= TARGET_P99_MS else "NOT met"
        print(
            f"  {name:<24} {min(alone):.1f}-{max(alone):.1f} ms -> "
            f"{min(loaded):.1f}-{max(loaded):.1f} ms (target {TARGET_P99_MS:.0f} ms: {verdict})"
        )
    print("  (from the mutation's start, add the database write: see 'mutation p50' above)")
    failed = [h for h in holds if h.growth() >= TARGET_GROWTH]
    failed += [h for h in holds if percentile(h.phase.since_published_ms, 0.99) > TARGET_P99_MS]
    return 1 if failed else 0


def describe_hold(held: Held, hold_s: float) -> str:
    """The hold's deliveries and memory, with the verdicts."""
    mib = 1024 * 1024
    rss = [value / mib for _, value in held.memory]
    per_subscriber = (held.connected_rss - held.before_rss) / (RUNNERS * DEVICES) / 1024
    growth = held.growth()
    p99 = percentile(held.phase.since_published_ms, 0.99)
    delivered = f"{len(held.phase.latencies_ms)} events delivered of {held.phase.expected}"
    latency_verdict = "met" if p99 <= TARGET_P99_MS else "NOT met"
    memory_verdict = "met" if growth < TARGET_GROWTH else "NOT met"
    spread = f"{min(rss):.1f} / {statistics.median(rss):.1f} / {max(rss):.1f} MiB"
    lines = [
        f"  hold of {hold_s:.0f} s, {RUNNERS * DEVICES} subscribers, {delivered}:",
        (
            f"    from publish {figures(held.phase.since_published_ms)}"
            f" (target p99 <= {TARGET_P99_MS:.0f} ms: {latency_verdict})"
        ),
        (
            f"    API resident memory min / median / max {spread} over {len(rss)} samples;"
            f" {rss[0]:.1f} MiB at the start, {held.after_warm_up()[0] / mib:.1f} MiB after the"
            f" first minute, {rss[-1]:.1f} MiB at the end"
        ),
        (
            f"    growth after the first minute {growth * 100:+.1f} %"
            f" (target < {TARGET_GROWTH * 100:.0f} %: {memory_verdict});"
            f" {per_subscriber:.0f} KiB per connected subscriber; load average"
            f" {held.load[0]:.1f} at the start, {held.load[1]:.1f} at the end"
        ),
    ]
    return "\n".join(lines)


def _stop_on_sigterm(signum: int, _: object) -> NoReturn:
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    sys.exit(main())
