"""Request ids, one log line per request (refused ones too), live metrics and tracing."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from app.observability import JsonFormatter
from app.server import create_app
from app.settings import Settings
from tests.api.test_cli_serve import cadence_env
from tests.api.test_subscriptions import PLAN_CHANGED, SET_STATUS, first_event, ws_client
from tests.conftest import free_port, graphql, serve
from tests.factories import build_world

SERVER_INFO = {"query": "query Info { serverInfo { version } }"}


@pytest.fixture
async def own_api(settings: Settings) -> AsyncIterator[str]:
    """An API of the test's own, so its metrics count only what the test does."""
    async with serve(create_app(settings)) as url:
        yield url


def request_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "cadence.request" and r.msg == "request"]


class TestRequestId:
    async def test_a_callers_id_is_echoed_and_logged(
        self, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
    ):
        with caplog.at_level(logging.INFO, logger="cadence.request"):
            response = await http.post(
                "/graphql", json=SERVER_INFO, headers={"x-request-id": "trace-42.a:b"}
            )
        assert response.headers["x-request-id"] == "trace-42.a:b"
        (line,) = request_lines(caplog)
        assert line.request_id == "trace-42.a:b"  # type: ignore[attr-defined]
        assert (line.operation_name, line.status) == ("Info", 200)  # type: ignore[attr-defined]

    async def test_an_id_is_made_when_none_or_an_unusable_one_comes(self, http: httpx.AsyncClient):
        fresh = (await http.get("/healthz")).headers["x-request-id"]
        again = (await http.get("/healthz")).headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", fresh)
        assert fresh != again
        odd = await http.get("/healthz", headers={"x-request-id": "has spaces\tand tabs"})
        assert re.fullmatch(r"[0-9a-f]{32}", odd.headers["x-request-id"])


class TestOneLinePerRequest:
    @pytest.mark.parametrize(
        ("method", "path", "kwargs", "status"),
        [
            ("POST", "/graphql", {"content": b"x" * 2_000_001}, 413),
            ("PUT", "/graphql", {}, 405),
            ("POST", "/graphql", {"json": SERVER_INFO, "headers": {"accept": "text/csv"}}, 406),
            ("GET", "/nowhere", {}, 404),
            ("GET", "/metrics", {}, 200),
        ],
    )
    async def test_refused_requests_are_logged_too(
        self,
        http: httpx.AsyncClient,
        caplog: pytest.LogCaptureFixture,
        method: str,
        path: str,
        kwargs: dict,
        status: int,
    ):
        with caplog.at_level(logging.INFO, logger="cadence.request"):
            response = await http.request(method, path, **kwargs)
        assert response.status_code == status
        (line,) = request_lines(caplog)
        assert (line.method, line.path, line.status) == (method, path, status)  # type: ignore[attr-defined]
        assert line.request_id == response.headers["x-request-id"]  # type: ignore[attr-defined]

    def test_timestamps_are_utc_to_the_millisecond(self):
        record = logging.makeLogRecord({"msg": "hello", "levelname": "INFO", "name": "t"})
        record.created = 1_700_000_000.1239
        entry = json.loads(JsonFormatter().format(record))
        assert entry["ts"] == "2023-11-14T22:13:20.123Z"


def metric(text: str, name: str) -> float:
    """The value of one sample of the Prometheus text (`name` with its labels), 0 if absent."""
    for line in text.splitlines():
        if not line.startswith("#") and line.rsplit(" ", 1)[0] == name:
            return float(line.rsplit(" ", 1)[1])
    return 0.0


class TestMetrics:
    async def test_build_info_and_database_latency(self, own_api: str):
        async with httpx.AsyncClient(base_url=own_api) as http:
            await http.post("/graphql", json=SERVER_INFO)
            text = (await http.get("/metrics")).text
        assert 'cadence_build_info{python="' in text
        assert 'version="0.1.0"' in text
        assert metric(text, 'cadence_db_command_duration_seconds_count{command="ping"}') >= 1

    async def test_websockets_subscriptions_and_delivered_events(
        self, own_api: str, make_account, repositories
    ):
        owner = await make_account("watched")
        world = await build_world(repositories, owner.runner_id, 8)
        plan_id = str(world.plan["_id"])
        field = '{field="planChanged"}'
        async with httpx.AsyncClient(base_url=own_api) as http:
            async with ws_client(own_api, owner) as session:
                listening = asyncio.create_task(
                    first_event(session, PLAN_CHANGED, {"planId": plan_id})
                )
                deadline = time.monotonic() + 5
                while (
                    metric(
                        text := (await http.get("/metrics")).text, f"cadence_subscriptions{field}"
                    )
                    < 1
                ):
                    assert time.monotonic() < deadline, "the subscription never showed"
                    await asyncio.sleep(0.05)
                assert metric(text, "cadence_websocket_connections") == 1
                await graphql(http, SET_STATUS, {"planId": plan_id}, owner)
                await asyncio.wait_for(listening, timeout=2)
                text = (await http.get("/metrics")).text
                assert metric(text, f"cadence_subscription_events_delivered_total{field}") == 1
            deadline = time.monotonic() + 5
            while (
                metric(text := (await http.get("/metrics")).text, "cadence_websocket_connections")
                != 0
            ):
                assert time.monotonic() < deadline, "the closed socket is still counted"
                await asyncio.sleep(0.05)
            assert metric(text, f"cadence_subscriptions{field}") == 0


def spans_printed(env: dict[str, str], data_dir: Path, mongodb_uri: str) -> list[dict]:
    """Serve with `env`, send one query, stop; the spans the console exporter printed."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port)],
        env=cadence_env(CADENCE_DATA_DIR=str(data_dir), MONGODB_URI=mongodb_uri, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60  # a loaded machine starts slowly
        while True:
            try:
                httpx.post(f"http://127.0.0.1:{port}/graphql", json=SERVER_INFO, timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "cadence serve never answered"
                time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    decoder = json.JSONDecoder()
    spans, position = [], 0
    while (start := output.find("{", position)) != -1:
        span, position = decoder.raw_decode(output, start)
        spans.append(span)
    return spans


class TestTracing:
    """The server runs in a process of its own (tracing is process-wide); the test waits in a
    thread, so the suite's event loop and its database client keep running meanwhile."""

    async def test_otel_variables_switch_on_request_and_database_spans(
        self, tmp_path: Path, mongodb_uri: str
    ):
        spans = await asyncio.to_thread(
            spans_printed,
            {"OTEL_TRACES_EXPORTER": "console", "OTEL_SERVICE_NAME": "cadence-test"},
            tmp_path,
            mongodb_uri,
        )
        names = {span["name"] for span in spans}
        assert "POST /graphql" in names
        database = [s for s in spans if s["attributes"].get("db.system") == "mongodb"]
        assert database, names
        assert {s["resource"]["attributes"]["service.name"] for s in spans} == {"cadence-test"}
        request = next(s for s in spans if s["name"] == "POST /graphql")
        assert request["attributes"]["http.status_code"] == 200

    async def test_redis_commands_are_spans_when_events_go_through_redis(
        self, tmp_path: Path, mongodb_uri: str, redis_url: str
    ):
        spans = await asyncio.to_thread(
            spans_printed,
            {"OTEL_TRACES_EXPORTER": "console", "REDIS_URL": redis_url},
            tmp_path,
            mongodb_uri,
        )
        redis = [s for s in spans if s["attributes"].get("db.system") == "redis"]
        assert "PING" in {s["name"] for s in redis}, {s["name"] for s in spans}

    async def test_off_by_default(self, tmp_path: Path, mongodb_uri: str):
        assert await asyncio.to_thread(spans_printed, {}, tmp_path, mongodb_uri) == []
