"""Zoom queries: Cadence's GraphQL layer against the floor, in process and over HTTP.

The floor (bench/zoom_floor.py) answers the same query with the same authentication and the
same reads, and writes the very same JSON by hand with orjson: every variant's bytes are
checked identical before anything is timed. In process, each query is timed without the
database (documents already fetched, replayed from memory: the GraphQL layer alone) and with
it; graphql-core's general executor (`build_schema(compiled=False)`) is timed beside the
compiled plan. The variants run interleaved, round after round, and each figure is printed as
min / median / max over the rounds. Without the database the time is the CPU time of the
thread (on a shared machine, wall time mostly measures the neighbours); with it, wall time.

Over HTTP, one uvicorn worker serves /graphql and a plain Starlette route answering the
floor's bytes; the load generator is `hey` (installed by `make bench` under .build/bin with
Go; without it a Python client is used, and says so). ZOOM_ROUNDS and ZOOM_HTTP_ROUNDS set
the number of rounds (20 and 3; 0 HTTP rounds skips HTTP).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import httpx
import orjson
from bson import ObjectId
from pymongo import AsyncMongoClient
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.accounts import RunnerDirectory, ensure_account
from app.auth import issue_token
from app.clock import SYSTEM_CLOCK
from app.events import InProcessEventBus
from app.localdb import LocalDatabase
from app.observability import Metrics
from app.server import create_app
from app.settings import load_settings
from bench.zoom_floor import QUERIES, Replayed, floor_answer
from graphql_schema.context import Context, bearer_token
from graphql_schema.schema import build_schema
from repositories.registry import Repositories
from tests.factories import build_world

DATABASE = "bench_zoom"
ROUNDS = int(os.environ.get("ZOOM_ROUNDS", "20"))
HTTP_ROUNDS = int(os.environ.get("ZOOM_HTTP_ROUNDS", "3"))
HTTP_SECONDS = 3
HTTP_CONCURRENCY = 8
HTTP_QUERIES = ("season", "full depth")
HEY = Path(__file__).resolve().parent.parent / ".build" / "bin" / "hey"
FULL_DEPTH = QUERIES["full depth"]
"""The full zoom of a 16-week plan (tests/api/test_query_cost.py prices it)."""


def spread(values: list[float], unit: str = "", digits: int = 2) -> str:
    """min / median / max of a list of figures."""
    low, middle, high = min(values), statistics.median(values), max(values)
    return f"{low:.{digits}f} / {middle:.{digits}f} / {high:.{digits}f}{unit}"


async def seed(uri: str) -> tuple[ObjectId, ObjectId, str]:
    settings = load_settings(mongodb_uri=uri, database_name=DATABASE)
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(uri, tz_aware=True)
    repositories = Repositories.build(client[DATABASE])
    await repositories.ensure_indexes()
    viewer = await ensure_account(repositories, "bench@cadence.run")
    world = await build_world(repositories, viewer.runner_id, 16, executed_days=40)
    await client.close()
    token = issue_token(viewer.user_id, settings.jwt_secret, timedelta(hours=1), SYSTEM_CLOCK.now())
    return viewer.runner_id, world.plan["_id"], token


async def in_process(uri: str, plan_id: ObjectId, token: str) -> None:
    settings = load_settings(mongodb_uri=uri, database_name=DATABASE)
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(uri, tz_aware=True)
    repositories = Repositories.build(client[DATABASE])
    compiled, general = build_schema(settings), build_schema(settings, compiled=False)
    directory, events, metrics = RunnerDirectory(), InProcessEventBus(), Metrics()
    variables = {"id": str(plan_id)}
    print(
        f"in process, {ROUNDS} interleaved rounds, min / median / max; without the database "
        "in CPU time of the thread (the machine's other load left out), with it in wall time:"
    )
    for kind, query in QUERIES.items():
        replayed = Replayed(repositories)

        def graphql(
            schema: object, source: object, query: str = query
        ) -> Callable[[], Awaitable[bytes]]:
            async def once() -> bytes:
                context = Context(
                    None,
                    None,
                    settings,
                    source,
                    metrics,
                    directory,
                    events,
                    SYSTEM_CLOCK,
                    token=token,
                )  # type: ignore[arg-type]
                result = await schema.execute(  # type: ignore[attr-defined]
                    query, variable_values=variables, context_value=context
                )
                assert not result.errors, result.errors
                return orjson.dumps({"data": result.data})

            return once

        def floor(source: object, kind: str = kind) -> Callable[[], Awaitable[bytes]]:
            async def once() -> bytes:
                return await floor_answer(kind, source, directory, settings, token, plan_id)  # type: ignore[arg-type]

            return once

        variants = {
            "floor": floor(replayed),
            "graphql": graphql(compiled, replayed),
            "general": graphql(general, replayed),
            "floor+db": floor(repositories),
            "graphql+db": graphql(compiled, repositories),
        }
        expected = await variants["floor"]()
        assert await variants["graphql"]() == expected, f"{kind}: GraphQL and floor differ"
        replayed.recording = False
        for name, answer in variants.items():
            assert await answer() == expected, f"{kind}: {name} answers other bytes"
        timings: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(ROUNDS):
            for name, answer in variants.items():
                clock = time.perf_counter if name.endswith("+db") else time.thread_time
                started = clock()
                await answer()
                timings[name].append(clock() - started)
        ms = {name: [t * 1000 for t in values] for name, values in timings.items()}

        def ratio(top: str, bottom: str, timings: dict[str, list[float]] = timings) -> list[float]:
            return [a / b for a, b in zip(timings[top], timings[bottom], strict=True)]

        fields = count_fields(orjson.loads(expected)["data"])
        print(
            f"  {kind} zoom, {fields} fields, {len(expected):,} bytes (identical in every variant):"
        )
        print(
            f"    without the database: graphql {spread(ms['graphql'], ' ms')}  "
            f"floor {spread(ms['floor'], ' ms')}"
        )
        print(f"      ratio graphql / floor {spread(ratio('graphql', 'floor'), 'x')}")
        print(
            f"      graphql-core's general executor: {spread(ms['general'], ' ms')}, "
            f"ratio to the floor {spread(ratio('general', 'floor'), 'x')}"
        )
        print(
            f"    with the database: graphql {spread(ms['graphql+db'], ' ms')}  "
            f"floor {spread(ms['floor+db'], ' ms')}"
        )
        print(f"      ratio graphql / floor {spread(ratio('graphql+db', 'floor+db'), 'x')}")
    await client.close()


def count_fields(value: object) -> int:
    if isinstance(value, dict):
        return sum(1 + count_fields(item) for item in value.values())
    if isinstance(value, list):
        return sum(count_fields(item) for item in value)
    return 0


def serve(uri: str, port: int, plan_id: str) -> None:
    """Child process: the API plus plain routes answering the floor's bytes."""
    import uvicorn  # noqa: PLC0415

    settings = load_settings(mongodb_uri=uri, database_name=DATABASE)
    app = create_app(settings)

    async def plain(request: Request) -> Response:
        token = bearer_token(request.headers.get("authorization"))
        assert token is not None
        body = await floor_answer(
            request.path_params["kind"].replace("-", " "),
            request.state.repositories,
            request.state.directory,
            settings,
            token,
            ObjectId(plan_id),
        )
        return Response(body, media_type="application/json")

    app.router.routes.append(Route("/plain/{kind}", plain))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", workers=1)


def hey_requests_per_second(url: str, token: str, body: bytes | None) -> float:
    """Requests a second from `hey`, HTTP_CONCURRENCY clients for HTTP_SECONDS."""
    command = [str(HEY), "-z", f"{HTTP_SECONDS}s", "-c", str(HTTP_CONCURRENCY)]
    command += ["-H", f"Authorization: Bearer {token}"]
    if body is not None:
        command += ["-m", "POST", "-T", "application/json", "-d", body.decode()]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    statuses = re.findall(r"\[(\d{3})\]\s+(\d+) responses", output)
    assert statuses, output
    assert all(code == "200" for code, _ in statuses), output
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert found is not None, output
    return float(found.group(1))


async def python_requests_per_second(url: str, token: str, body: bytes | None) -> float:
    """The same load from an httpx client in this process (when `hey` is missing)."""
    done = 0
    deadline = time.perf_counter() + HTTP_SECONDS
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    async with httpx.AsyncClient(timeout=30, headers=headers) as client:

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                if body is None:
                    response = await client.get(url)
                else:
                    response = await client.post(url, content=body)
                assert response.status_code == 200, response.text[:200]
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(HTTP_CONCURRENCY)))
        return done / (time.perf_counter() - started)


async def requests_per_second(url: str, token: str, body: bytes | None) -> float:
    if HEY.exists() or shutil.which("hey"):
        return await asyncio.to_thread(hey_requests_per_second, url, token, body)
    return await python_requests_per_second(url, token, body)


async def over_http(uri: str, plan_id: ObjectId, token: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--serve", uri, str(port), str(plan_id)
    )
    base = f"http://127.0.0.1:{port}"
    generator = "hey" if HEY.exists() or shutil.which("hey") else "a Python httpx client (no hey)"
    try:
        async with httpx.AsyncClient(headers={"authorization": f"Bearer {token}"}) as probe:
            for _ in range(600):  # a loaded machine takes a while to import the app
                try:
                    await probe.get(f"{base}/healthz", timeout=1)
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            print(
                f"HTTP, one uvicorn worker, {generator}, {HTTP_CONCURRENCY} connections, "
                f"{HTTP_ROUNDS} interleaved rounds of {HTTP_SECONDS} s, min / median / max:"
            )
            for kind in HTTP_QUERIES:
                body = orjson.dumps({"query": QUERIES[kind], "variables": {"id": str(plan_id)}})
                plain_url = f"{base}/plain/{kind.replace(' ', '-')}"
                graphql = await probe.post(
                    f"{base}/graphql", content=body, headers={"content-type": "application/json"}
                )
                plain = await probe.get(plain_url)
                assert graphql.content == plain.content, f"{kind}: the bodies differ"
                await requests_per_second(f"{base}/graphql", token, body)  # warm up
                rates: dict[str, list[float]] = {"graphql": [], "plain": []}
                for _ in range(HTTP_ROUNDS):
                    rates["graphql"].append(
                        await requests_per_second(f"{base}/graphql", token, body)
                    )
                    rates["plain"].append(await requests_per_second(plain_url, token, None))
                ratios = [p / g for p, g in zip(rates["plain"], rates["graphql"], strict=True)]
                print(
                    f"  {kind} zoom ({len(plain.content):,} identical bytes): graphql "
                    f"{spread(rates['graphql'], ' req/s', 1)}  plain route "
                    f"{spread(rates['plain'], ' req/s', 1)}"
                )
                print(f"    ratio plain / graphql {spread(ratios, 'x')} (goal at most 2x)")
    finally:
        server.terminate()
        await server.wait()


async def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        localdb = LocalDatabase(load_settings().localdb_server, Path(data_dir))
        uri = localdb.start()
        try:
            _, plan_id, token = await seed(uri)
            await in_process(uri, plan_id, token)
            if HTTP_ROUNDS:
                await over_http(uri, plan_id, token)
        finally:
            localdb.stop()


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        asyncio.run(main())
