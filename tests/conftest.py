"""Shared fixtures: a real database per test run and xdist worker, and a live API server."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx
import hypothesis
import pytest
import time_machine
import uvicorn
from pymongo import AsyncMongoClient, monitoring
from pymongo.errors import AutoReconnect
from starlette.applications import Starlette

from app.accounts import ensure_account
from app.auth import issue_token
from app.clock import SYSTEM_CLOCK, Clock, local_today
from app.localdb import LocalDatabase
from app.server import create_app
from app.settings import Settings, load_settings
from app.transport import server_config
from repositories.registry import Repositories
from tests.calendar_check import CALENDAR_DAYS, CalendarDay

# Hypothesis's per-example deadline (200 ms) measures the machine, not the maths: on this
# machine, shared with other test suites, one example of a sub-millisecond function took 261 ms.
hypothesis.settings.register_profile("shared-machine", deadline=None)
hypothesis.settings.load_profile("shared-machine")


@dataclass
class CommandRecorder(monitoring.CommandListener):
    """Records every database command the test process sends (command monitoring)."""

    commands: list[monitoring.CommandStartedEvent] = field(default_factory=list)

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.commands.append(event)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def clear(self) -> None:
        self.commands.clear()

    def names(self, database: str | None = None) -> list[str]:
        """Names of the recorded commands, optionally only those sent to `database`."""
        return [
            event.command_name
            for event in self.commands
            if database is None or event.database_name == database
        ]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--calendar-day",
        choices=[day.name for day in CALENDAR_DAYS],
        help="live on this day of tests/calendar_check.py (the clock starts there and ticks on)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Under `--calendar-day`, the whole process — app, server, tests — lives on that day."""
    name = config.getoption("calendar_day", None)
    if name:
        day = next(day for day in CALENDAR_DAYS if day.name == name)
        traveller = time_machine.travel(day.instant, tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


@pytest.fixture(scope="session")
def calendar_day(pytestconfig: pytest.Config) -> CalendarDay | None:
    """The day of the calendar check this run lives on (None outside it)."""
    name = pytestconfig.getoption("calendar_day")
    return next((day for day in CALENDAR_DAYS if day.name == name), None)


@pytest.fixture(scope="session")
def runner_timezone(calendar_day: CalendarDay | None) -> str:
    """The timezone of the runners a test makes: the calendar day's, else UTC."""
    return calendar_day.timezone if calendar_day else "UTC"


@pytest.fixture(scope="session")
def clock() -> Clock:
    """The application's clock, as tests read it: what "now" and "today" are."""
    return SYSTEM_CLOCK


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def base_settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def mongodb_uri(base_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """MONGODB_URI when set, else the bundled database on a free port in a temporary folder."""
    if uri := os.environ.get("MONGODB_URI"):
        yield uri
        return
    localdb = LocalDatabase(base_settings.localdb_server, tmp_path_factory.mktemp("localdb"))
    yield localdb.start()
    localdb.stop()


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis server of the module's own on a free loopback port (Debian's redis-server)."""
    server = shutil.which("redis-server")
    assert server, "redis-server is required: `make` installs Debian's package"
    port = free_port()
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path_factory.mktemp("redis")),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait()


@pytest.fixture(scope="session")
def database_name() -> str:
    """A database of this run and worker's own."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"cadence_test_{worker}_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def settings(
    mongodb_uri: str, database_name: str, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    return load_settings(
        mongodb_uri=mongodb_uri,
        database_name=database_name,
        data_dir=tmp_path_factory.mktemp("data"),
    )


@pytest.fixture(scope="session")
def command_recorder() -> CommandRecorder:
    return CommandRecorder()


@pytest.fixture(scope="session")
async def mongo(
    mongodb_uri: str, database_name: str, command_recorder: CommandRecorder
) -> AsyncIterator[AsyncMongoClient[dict[str, object]]]:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        mongodb_uri, tz_aware=True, event_listeners=[command_recorder]
    )
    yield client
    try:
        await client.drop_database(database_name)
    except AutoReconnect:
        # The event loop stood still through the synchronous tests a worker ends with (the
        # property tests take minutes), so the server monitor's heartbeat timed out on resume
        # and the pool it cleared cancelled the first connection; the second one connects.
        await client.drop_database(database_name)
    await client.close()


@asynccontextmanager
async def serve(app: Starlette) -> AsyncIterator[str]:
    """Serve `app` with uvicorn on a free loopback port; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(server_config(app, app.state.settings))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
                msg = "server stopped during start-up"
                raise RuntimeError(msg)
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


@pytest.fixture(scope="session")
async def api_url(settings: Settings, command_recorder: CommandRecorder) -> AsyncIterator[str]:
    """Base URL of a live API server on the test database; its commands are recorded."""
    async with serve(create_app(settings, [command_recorder])) as url:
        yield url


@pytest.fixture
async def http(api_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=api_url, timeout=10) as client:
        yield client


@pytest.fixture(scope="session")
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
async def repositories(mongo, database_name: str):
    """Repositories on this run's database, with their indexes."""
    built = Repositories.build(mongo[database_name])
    await built.ensure_indexes()
    return built


@dataclass
class Account:
    """A user with a runner, and a bearer token for them."""

    email: str
    user_id: object
    runner_id: object
    token: str
    timezone: str
    clock: Clock

    def today(self) -> date:
        """Today on this runner's calendar."""
        return local_today(self.timezone, self.clock.now())

    @property
    def headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"}


@pytest.fixture
def make_account(repositories, settings: Settings, clock: Clock, runner_timezone: str):
    """Create a fresh user and runner in `runner_timezone`; returns their ids and a token."""

    async def make(name: str = "runner") -> Account:
        email = f"{name}-{uuid.uuid4().hex[:10]}@example.com"
        viewer = await ensure_account(repositories, email)
        await repositories.runners.collection.update_one(
            {"_id": viewer.runner_id}, {"$set": {"identity.timezone": runner_timezone}}
        )
        token = issue_token(viewer.user_id, settings.jwt_secret, timedelta(hours=1), clock.now())
        return Account(email, viewer.user_id, viewer.runner_id, token, runner_timezone, clock)

    return make


async def graphql(
    http: httpx.AsyncClient,
    query: str,
    variables: dict[str, object] | None = None,
    account: Account | None = None,
) -> dict[str, object]:
    """POST a GraphQL request and return the decoded body."""
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers=account.headers if account else {},
    )
    return response.json()
