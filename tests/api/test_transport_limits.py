"""The server's own limits: slow or huge headers, slow bodies, security headers, exposure."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
import pytest

from app.server import create_app
from app.settings import Environment, Settings
from tests.conftest import serve

HEADER_TIMEOUT_S = 1.0
BODY_IDLE_TIMEOUT_S = 1.0
BODY_TIMEOUT_S = 3.0
SLOW_CLIENTS = 40


@pytest.fixture(scope="module")
async def strict_url(settings: Settings) -> AsyncIterator[str]:
    """A server with short read timeouts, so that a test can wait them out."""
    strict = settings.model_copy(
        update={
            "header_timeout_s": HEADER_TIMEOUT_S,
            "body_idle_timeout_s": BODY_IDLE_TIMEOUT_S,
            "body_timeout_s": BODY_TIMEOUT_S,
        }
    )
    async with serve(create_app(strict)) as url:
        yield url


async def open_raw(url: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    parts = urlsplit(url)
    return await asyncio.open_connection(parts.hostname, parts.port)


async def held_until_let_go(reader: asyncio.StreamReader, limit_s: float) -> tuple[float, bytes]:
    """How long the server kept the connection, and what it said before closing it."""
    started = time.monotonic()
    answer = await asyncio.wait_for(reader.read(), timeout=limit_s)
    return time.monotonic() - started, answer


class TestSlowHeaders:
    async def test_slow_clients_are_let_go_and_others_are_served(self, strict_url: str):
        async def slow_client() -> tuple[float, bytes]:
            reader, writer = await open_raw(strict_url)
            writer.write(b"GET /healthz HTTP/1.1\r\nhost: cadence\r\n")

            async def dribble() -> None:
                for _ in range(30):
                    await asyncio.sleep(0.2)
                    writer.write(b"x")  # never finishing a header line
                    await writer.drain()

            dribbling = asyncio.create_task(dribble())
            try:
                return await held_until_let_go(reader, limit_s=10)
            finally:
                dribbling.cancel()
                writer.close()

        slow = [asyncio.create_task(slow_client()) for _ in range(SLOW_CLIENTS)]
        await asyncio.sleep(0.3)
        async with httpx.AsyncClient(base_url=strict_url, timeout=5) as http:
            assert (await http.get("/healthz")).status_code == 200
        results = await asyncio.gather(*slow)
        assert max(held for held, _ in results) < HEADER_TIMEOUT_S + 1.5
        assert all(answer.startswith(b"HTTP/1.1 408") for _, answer in results)

    async def test_a_silent_connection_is_closed(self, strict_url: str):
        reader, writer = await open_raw(strict_url)
        held, answer = await held_until_let_go(reader, limit_s=10)
        writer.close()
        assert held < HEADER_TIMEOUT_S + 1.5
        assert answer.startswith(b"HTTP/1.1 408")

    async def test_a_keep_alive_connection_serves_requests_after_the_deadline(
        self, strict_url: str
    ):
        async with httpx.AsyncClient(base_url=strict_url, timeout=5) as http:
            for _ in range(3):  # the same pooled connection, beyond one header deadline
                assert (await http.get("/healthz")).status_code == 200
                await asyncio.sleep(HEADER_TIMEOUT_S / 2)


class TestHugeHeaders:
    async def test_8_mb_of_headers_are_refused(self, strict_url: str, settings: Settings):
        reader, writer = await open_raw(strict_url)
        writer.write(b"GET /healthz HTTP/1.1\r\nhost: cadence\r\nx-padding: ")
        chunk = b"a" * 65536
        try:
            for _ in range(8 * 16):  # 8 MB, unless the server hangs up first
                writer.write(chunk)
                await writer.drain()
        except ConnectionError:
            pass
        answer = await asyncio.wait_for(reader.read(), timeout=5)
        writer.close()
        assert answer.startswith(b"HTTP/1.1 431")
        assert str(settings.max_header_bytes).encode() in answer

    async def test_a_header_over_the_limit_is_431_and_under_it_is_served(
        self, http: httpx.AsyncClient, settings: Settings
    ):
        big = {"x-padding": "a" * (settings.max_header_bytes + 1)}
        assert (await http.get("/healthz", headers=big)).status_code == 431
        fits = {"x-padding": "a" * (settings.max_header_bytes // 2)}
        assert (await http.get("/healthz", headers=fits)).status_code == 200


class TestSlowBodies:
    async def test_a_stalled_body_is_408_in_the_graphql_shape(self, strict_url: str):
        reader, writer = await open_raw(strict_url)
        writer.write(
            b"POST /graphql HTTP/1.1\r\nhost: cadence\r\ncontent-type: application/json\r\n"
            b'content-length: 100\r\n\r\n{"query": '
        )
        held, answer = await held_until_let_go(reader, limit_s=10)
        writer.close()
        assert held < BODY_IDLE_TIMEOUT_S + 1.5
        assert answer.startswith(b"HTTP/1.1 408")
        assert b'"code":"REQUEST_TIMEOUT"' in answer

    async def test_a_dribbled_body_is_cut_at_the_deadline(self, strict_url: str):
        reader, writer = await open_raw(strict_url)
        writer.write(
            b"POST /graphql HTTP/1.1\r\nhost: cadence\r\ncontent-type: application/json\r\n"
            b"content-length: 1000\r\n\r\n"
        )

        async def dribble() -> None:
            for _ in range(100):  # under the idle timeout each time, forever in total
                writer.write(b" ")
                await writer.drain()
                await asyncio.sleep(BODY_IDLE_TIMEOUT_S / 3)

        dribbling = asyncio.create_task(dribble())
        try:
            held, answer = await held_until_let_go(reader, limit_s=15)
        finally:
            dribbling.cancel()
            writer.close()
        assert held < BODY_TIMEOUT_S + 1.5
        assert answer.startswith(b"HTTP/1.1 408")


class TestSecurityHeaders:
    @pytest.mark.parametrize(
        ("method", "path", "body"),
        [
            ("POST", "/graphql", {"query": "{ serverInfo { name } }"}),
            ("POST", "/graphql", {"query": "{ nope }"}),
            ("GET", "/healthz", None),
            ("GET", "/metrics", None),
        ],
    )
    async def test_every_answer_carries_them(
        self, http: httpx.AsyncClient, method: str, path: str, body: object
    ):
        response = await http.request(method, path, json=body)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-frame-options"] == "DENY"
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp
        assert "frame-ancestors 'none'" in csp

    async def test_a_malformed_body_answer_carries_them(self, http: httpx.AsyncClient):
        response = await http.post(
            "/graphql", content=b"{", headers={"content-type": "application/json"}
        )
        assert response.status_code == 400
        assert response.headers["x-content-type-options"] == "nosniff"

    async def test_graphiql_may_run_its_own_script_and_nothing_else(self, http: httpx.AsyncClient):
        response = await http.get("/graphql", headers={"accept": "text/html"})
        assert response.status_code == 200
        csp = response.headers["content-security-policy"]
        script_sources = next(
            part for part in csp.split(";") if part.strip().startswith("script-src")
        )
        assert "'self'" in script_sources
        assert "'unsafe-inline'" not in script_sources
        assert "connect-src 'self' ws: wss:" in csp
        assert "frame-ancestors 'none'" in csp


@pytest.fixture(scope="module")
async def production_url(settings: Settings) -> AsyncIterator[str]:
    """A server in production, with GraphiQL and introspection left to their defaults."""
    production = Settings(
        env=Environment.PRODUCTION,
        jwt_secret="a-production-secret-of-more-than-32-characters",
        mongodb_uri=settings.mongodb_uri,
        database_name=settings.database_name,
        data_dir=settings.data_dir,
    )
    assert (production.graphiql, production.introspection) == (False, False)
    async with serve(create_app(production)) as url:
        yield url


class TestProductionExposure:
    async def test_introspection_is_refused(self, production_url: str):
        async with httpx.AsyncClient(base_url=production_url, timeout=10) as http:
            response = await http.post(
                "/graphql", json={"query": "{ __schema { types { name } } }"}
            )
        body = response.json()
        assert "data" not in body
        assert "introspection" in body["errors"][0]["message"].lower()

    async def test_graphiql_is_not_served(self, production_url: str):
        async with httpx.AsyncClient(base_url=production_url, timeout=10) as http:
            response = await http.get("/graphql", headers={"accept": "text/html"})
        assert response.status_code == 404
        assert "graphiql" not in response.text.lower()

    def test_an_explicit_setting_wins(self):
        production = Settings(
            env=Environment.PRODUCTION,
            jwt_secret="a-production-secret-of-more-than-32-characters",
            introspection=True,
        )
        assert (production.graphiql, production.introspection) == (False, True)
