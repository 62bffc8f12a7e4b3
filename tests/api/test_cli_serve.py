"""`cadence serve` as a real process: it answers, cleans up after itself, refuses bad settings."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from pymongo import AsyncMongoClient

from app.accounts import ensure_account
from app.auth import issue_token
from app.settings import Settings
from repositories.registry import Repositories
from tests.api.tracking_helpers import IMPORT, strava_run
from tests.conftest import free_port
from tests.integration.test_localdb import pid_alive, wait_gone


def cadence_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MONGODB_URI"}
    env.update(overrides)
    return env


class ServeProcess:
    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--port", str(self.port)],
            # One runner importing hundreds of runs in a row: the per-runner throttle of heavy
            # mutations (tests/api/test_throttle.py) is set out of the way.
            env=cadence_env(
                CADENCE_DATA_DIR=str(data_dir), CADENCE_MAX_HEAVY_MUTATIONS_PER_MINUTE="10000"
            ),
            stderr=subprocess.PIPE,
            text=True,
        )
        self.db_pid = self._wait_for_database_pid()
        self._wait_until_serving()

    def _wait_for_database_pid(self) -> int:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            record = json.loads(line)
            if record["msg"] == "bundled database started":
                self.database_uri = str(record["uri"])
                return int(record["pid"])
        pytest.fail("cadence serve never started its database")

    def _wait_until_serving(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
            except httpx.TransportError:
                time.sleep(0.1)
            else:
                return
        pytest.fail("cadence serve never answered")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        assert self.process.stderr is not None
        self.process.stderr.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServeProcess]:
    server = ServeProcess(tmp_path)
    yield server
    server.stop()


class TestServe:
    def test_answers_graphql_over_http(self, served: ServeProcess):
        response = httpx.post(
            f"http://127.0.0.1:{served.port}/graphql", json={"query": "{ serverInfo { name } }"}
        )
        assert response.json()["data"]["serverInfo"]["name"] == "Cadence"
        ready = httpx.get(f"http://127.0.0.1:{served.port}/readyz")
        assert ready.json()["database"] == "ok"

    async def test_dev_token_works_while_the_server_runs(
        self, served: ServeProcess, tmp_path: Path
    ):
        # In a thread: the suite's event loop (and its database client) keeps running.
        result = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "app", "dev-token", "--email", "next@example.com"],
            env=cadence_env(CADENCE_DATA_DIR=str(tmp_path)),
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        token = result.stdout.strip()
        async with httpx.AsyncClient() as http:
            response = await http.post(
                f"http://127.0.0.1:{served.port}/graphql",
                json={"query": "{ viewer { user { email } } }"},
                headers={"authorization": f"Bearer {token}"},
            )
        assert response.json()["data"]["viewer"]["user"]["email"] == "next@example.com"
        assert pid_alive(served.db_pid)

    @pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
    def test_no_database_left_after_the_server_stops(
        self, served: ServeProcess, sig: signal.Signals
    ):
        assert pid_alive(served.db_pid)
        served.process.send_signal(sig)
        served.process.wait(timeout=15)
        assert wait_gone(served.db_pid), f"database left running after {sig.name}"


class TestBadSettings:
    @pytest.mark.parametrize(
        ("variable", "value", "named"),
        [
            ("MONGODB_URI", "not-a-uri", "MONGODB_URI"),
            ("CADENCE_PORT", "eighty", "CADENCE_PORT"),
            ("REDIS_URL", "http://x", "REDIS_URL"),
            ("CADENCE_ALLOWED_ORIGINS", "app.example.com", "CADENCE_ALLOWED_ORIGINS"),
            ("CADENCE_ALLOWED_ORIGINS", '["https://a.example"', "CADENCE_ALLOWED_ORIGINS"),
            ("CADENCE_WS_CONNECTION_INIT_TIMEOUT_S", "60", "CADENCE_WS_CONNECTION_INIT_TIMEOUT_S"),
        ],
    )
    def test_malformed_setting_exits_with_one_line(self, variable: str, value: str, named: str):
        result = subprocess.run(
            [sys.executable, "-m", "app", "serve"],
            env=cadence_env(**{variable: value}),
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert named in lines[0]
        assert "Traceback" not in result.stderr

    def test_production_refuses_a_placeholder_secret(self):
        result = subprocess.run(
            [sys.executable, "-m", "app", "serve"],
            env=cadence_env(CADENCE_ENV="production", CADENCE_JWT_SECRET="changeme"),
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert result.returncode == 2
        assert "CADENCE_JWT_SECRET" in result.stderr.strip()
        assert len(result.stderr.strip().splitlines()) == 1


class DrainedServeProcess(ServeProcess):
    """`cadence serve` whose log is read to the end, keeping the bundled database's starts."""

    def __init__(self, data_dir: Path) -> None:
        self.starts: list[dict] = []
        super().__init__(data_dir)
        threading.Thread(target=self._drain, daemon=True).start()

    def _wait_for_database_pid(self) -> int:
        pid = super()._wait_for_database_pid()
        self.starts.append({"pid": pid, "uri": self.database_uri})
        return pid

    def _drain(self) -> None:
        assert self.process.stderr is not None
        with contextlib.suppress(ValueError):
            for line in self.process.stderr:
                with contextlib.suppress(json.JSONDecodeError):
                    record = json.loads(line)
                    if record.get("msg") == "bundled database started":
                        self.starts.append(record)

    def wait_ready(self, timeout_s: float = 90) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"http://127.0.0.1:{self.port}/readyz", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        pytest.fail(f"/readyz not 200 after {timeout_s} s")


@pytest.fixture
def drained(tmp_path: Path) -> Iterator[DrainedServeProcess]:
    server = DrainedServeProcess(tmp_path)
    yield server
    server.stop()


class TestTheBundledDatabaseComesBack:
    def test_a_killed_database_is_started_again(self, drained: DrainedServeProcess):
        os.kill(drained.db_pid, signal.SIGKILL)
        assert wait_gone(drained.db_pid)
        drained.wait_ready()
        assert len(drained.starts) == 2
        assert pid_alive(drained.starts[-1]["pid"])
        ready = httpx.get(f"http://127.0.0.1:{drained.port}/readyz")
        assert ready.json()["database"] == "ok"

    async def test_no_acknowledged_import_is_lost_when_it_is_killed(
        self, drained: DrainedServeProcess, base_settings: Settings, clock
    ):
        drained.wait_ready()
        client = AsyncMongoClient(drained.database_uri, tz_aware=True)
        repositories = Repositories.build(client["cadence"])
        viewer = await ensure_account(repositories, "kill@example.com")
        token = issue_token(
            viewer.user_id, base_settings.jwt_secret, timedelta(hours=1), clock.now()
        )
        acknowledged: list[str] = []
        first_day = clock.now().date() - timedelta(days=300)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{drained.port}",
            headers={"authorization": f"Bearer {token}"},
            timeout=30,
        ) as http:
            for number in range(200):
                if number == 60:
                    os.kill(drained.db_pid, signal.SIGKILL)
                run = strava_run(first_day + timedelta(days=number), 5.0, 30.0)
                body = (
                    await http.post(
                        "/graphql",
                        json={"query": IMPORT, "variables": {"source": "STRAVA", "payload": [run]}},
                    )
                ).json()
                result = (body.get("data") or {}).get("importActivities") or {}
                if result.get("__typename") == "ActivitiesImported":
                    acknowledged.append(result["activities"][0]["id"])
        drained.wait_ready()
        stored = {
            str(document["_id"])
            async for document in client["cadence"].activities.find(
                {"runnerId": viewer.runner_id}, {"_id": 1}
            )
        }
        await client.close()
        assert len(drained.starts) == 2, "the database was started again"
        assert 100 < len(acknowledged) < 200
        assert [a for a in acknowledged if a not in stored] == []
