"""The service on a real database: health, readiness through an outage, metrics and logs."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import httpx
import pytest

from app.localdb import LocalDatabase
from app.server import create_app
from app.settings import Settings, load_settings
from tests.conftest import free_port, serve

SERVER_INFO = {"query": "query Info { serverInfo { version databaseVersion } }"}


class TestEndToEnd:
    async def test_server_info_proves_the_stack(self, http: httpx.AsyncClient):
        response = await http.post("/graphql", json=SERVER_INFO)
        assert response.status_code == 200
        info = response.json()["data"]["serverInfo"]
        assert info["version"] == "0.1.0"
        assert info["databaseVersion"].startswith("8.")

    async def test_healthz_and_readyz(self, http: httpx.AsyncClient):
        assert (await http.get("/healthz")).json()["status"] == "ok"
        ready = await http.get("/readyz")
        assert (ready.status_code, ready.json()["database"]) == (200, "ok")


class TestReadinessThroughAnOutage:
    async def test_readyz_follows_the_database(self, base_settings: Settings, tmp_path: Path):
        localdb = LocalDatabase(
            base_settings.localdb_server, tmp_path / "db", listen=f"127.0.0.1:{free_port()}"
        )
        uri = await asyncio.to_thread(localdb.start)
        settings = load_settings(mongodb_uri=uri, database_name="outage", data_dir=tmp_path)
        try:
            async with (
                serve(create_app(settings)) as url,
                httpx.AsyncClient(base_url=url, timeout=10) as http,
            ):
                assert (await http.get("/readyz")).status_code == 200

                await asyncio.to_thread(localdb.stop)
                started = time.monotonic()
                while (await http.get("/readyz")).status_code != 503:
                    assert time.monotonic() - started < 5, "/readyz still 200 after 5 s"
                    await asyncio.sleep(0.1)

                started = time.monotonic()
                answer = (await http.post("/graphql", json=SERVER_INFO)).json()
                assert time.monotonic() - started < 5, "a request hung on the dead database"
                assert answer["errors"][0]["message"].startswith("The database is unavailable")
                assert answer["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"

                await asyncio.to_thread(localdb.start)
                started = time.monotonic()
                while (await http.get("/readyz")).status_code != 200:
                    assert time.monotonic() - started < 15, "/readyz never recovered"
                    await asyncio.sleep(0.1)
                answer = (await http.post("/graphql", json=SERVER_INFO)).json()
                assert answer["data"]["serverInfo"]["version"] == "0.1.0"
        finally:
            await asyncio.to_thread(localdb.stop)


class TestObservability:
    async def test_metrics_count_operations_by_type_and_outcome(self, http: httpx.AsyncClient):
        await http.post("/graphql", json=SERVER_INFO)
        await http.post("/graphql", json={"query": "{ serverInfo { nope } }"})
        text = (await http.get("/metrics")).text
        assert 'cadence_graphql_requests_total{operation_type="query",outcome="success"}' in text
        assert 'cadence_graphql_requests_total{operation_type="query",outcome="error"}' in text
        assert "cadence_graphql_request_duration_seconds_bucket" in text

    async def test_one_structured_log_line_per_request(
        self, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
    ):
        with caplog.at_level(logging.INFO, logger="cadence.request"):
            await http.post("/graphql", json=SERVER_INFO)
        lines = [r for r in caplog.records if r.name == "cadence.request"]
        assert len(lines) == 1
        line = lines[0]
        assert (line.operation_name, line.operation_type, line.outcome) == (  # type: ignore[attr-defined]
            "Info",
            "query",
            "success",
        )
        assert line.duration_ms > 0  # type: ignore[attr-defined]
