"""The service on a real database: health, readiness through an outage, metrics and logs."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from pymongo import AsyncMongoClient

from app.accounts import ensure_account
from app.auth import issue_token
from app.clock import Clock
from app.localdb import LocalDatabase
from app.server import create_app
from app.settings import Settings, load_settings
from repositories.registry import Repositories
from tests.conftest import free_port, serve

SERVER_INFO = {"query": "query Info { serverInfo { version databaseVersion } }"}


async def signed_in(settings: Settings, uri: str, clock: Clock) -> dict[str, str]:
    """The headers of a new account on `settings`' database (reached at `uri`)."""
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(uri, tz_aware=True)
    try:
        repositories = Repositories.build(client[settings.database_name])
        viewer = await ensure_account(repositories, "outage@example.com")
    finally:
        await client.close()
    token = issue_token(viewer.user_id, settings.jwt_secret, timedelta(hours=1), clock.now())
    return {"authorization": f"Bearer {token}"}


class TestEndToEnd:
    async def test_server_info_proves_the_stack(self, http: httpx.AsyncClient, make_account):
        account = await make_account()
        response = await http.post("/graphql", json=SERVER_INFO, headers=account.headers)
        assert response.status_code == 200
        info = response.json()["data"]["serverInfo"]
        assert info["version"] == "0.1.0"
        assert info["databaseVersion"].startswith("8.")

    async def test_anonymous_callers_see_no_versions(self, http: httpx.AsyncClient):
        response = await http.post(
            "/graphql", json={"query": "{ serverInfo { name version databaseVersion } }"}
        )
        info = response.json()["data"]["serverInfo"]
        assert info == {"name": "Cadence", "version": None, "databaseVersion": None}

    async def test_healthz_and_readyz(self, http: httpx.AsyncClient):
        assert (await http.get("/healthz")).json()["status"] == "ok"
        ready = await http.get("/readyz")
        assert (ready.status_code, ready.json()["database"]) == (200, "ok")


class TestReadinessThroughAnOutage:
    async def test_readyz_follows_the_database(
        self, base_settings: Settings, tmp_path: Path, clock: Clock
    ):
        localdb = LocalDatabase(
            base_settings.localdb_server, tmp_path / "db", listen=f"127.0.0.1:{free_port()}"
        )
        uri = await asyncio.to_thread(localdb.start)
        settings = load_settings(mongodb_uri=uri, database_name="outage", data_dir=tmp_path)
        try:
            headers = await signed_in(settings, uri, clock)
            async with (
                serve(create_app(settings)) as url,
                httpx.AsyncClient(base_url=url, timeout=10, headers=headers) as http,
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
