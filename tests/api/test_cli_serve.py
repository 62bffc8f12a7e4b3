"""`cadence serve` as a real process: it answers, cleans up after itself, refuses bad settings."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

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
            env=cadence_env(CADENCE_DATA_DIR=str(data_dir)),
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
            f"http://127.0.0.1:{served.port}/graphql",
            json={"query": "{ serverInfo { version databaseVersion } }"},
        )
        assert response.json()["data"]["serverInfo"]["databaseVersion"].startswith("8.")

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
