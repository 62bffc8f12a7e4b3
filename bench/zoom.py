"""Full-depth zoom of a 16-week plan: Strawberry against the floor, in-process and over HTTP.

The floor is the same data fetched with the same queries, serialized by hand with orjson. Over
HTTP the floor is a plain Starlette route doing exactly that, served by the same single uvicorn
worker as /graphql. Both sides run side by side in one run, so the ratios hold on a noisy box.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
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
from graphql_schema.context import Context
from graphql_schema.schema import build_schema
from repositories.registry import Repositories
from tests.factories import build_world

FULL_DEPTH = """query Full($id: ID!) { plan(id: $id) { id status version
 metadata { name startDate endDate totalWeeks }
 season { coachSummary periodizationJustification volumeStrategyJustification }
 weeks { weekNumber startDate endDate phase isRecoveryWeek isTaperWeek targetVolumeKm longRunKm
   plannedLoad focus weekJustification
   sessions { id type title scheduledDate status durationMin distanceKm effort description
     justification physiologicalTarget placementRationale keyPoints
     paceRange { minSPerKm maxSPerKm }
     display { title subtitle durationLabel distanceLabel paceLabel color icon }
     executions { id completionStatus date actual { distanceKm durationMin }
       analysis { qualityScore adherenceScore complianceColor summary }
       activity { id distanceM startTime elapsedTimeS } } } } } }"""
DATABASE = "bench_zoom"
ROUNDS = 30
HTTP_SECONDS = 5.0
HTTP_CONCURRENCY = 8


async def floor_payload(
    repositories: Repositories, runner_id: ObjectId, plan_id: ObjectId
) -> bytes:
    """The same four queries the resolvers make, serialized by hand."""
    plan = await repositories.plans.get(runner_id, plan_id)
    assert plan is not None
    weeks = [week["weekNumber"] for week in plan["weeklyPlan"]]
    sessions = await repositories.sessions.for_weeks(runner_id, [plan_id], weeks)
    executions = await repositories.executions.for_sessions(runner_id, [s["_id"] for s in sessions])
    activities = await repositories.activities.by_ids(
        runner_id, [e["activityId"] for e in executions if e.get("activityId")]
    )
    body = {
        "plan": plan,
        "sessions": sessions,
        "executions": executions,
        "activities": list(activities.values()),
    }
    return orjson.dumps(body, default=str)


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


async def in_process(uri: str, runner_id: ObjectId, plan_id: ObjectId, token: str) -> None:
    settings = load_settings(mongodb_uri=uri, database_name=DATABASE)
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(uri, tz_aware=True)
    repositories = Repositories.build(client[DATABASE])
    schema = build_schema(settings)
    directory, events = RunnerDirectory(), InProcessEventBus()
    variables = {"id": str(plan_id)}

    async def graphql_once() -> bytes:
        context = Context(
            None,
            None,
            settings,
            repositories,
            Metrics(),
            directory,
            events,
            SYSTEM_CLOCK,
            token=token,
        )
        result = await schema.execute(FULL_DEPTH, variable_values=variables, context_value=context)
        assert not result.errors, result.errors
        return orjson.dumps({"data": result.data})

    async def floor_once() -> bytes:
        return await floor_payload(repositories, runner_id, plan_id)

    fields = count_fields(orjson.loads(await graphql_once())["data"])
    timings: dict[str, list[float]] = {"graphql": [], "floor": []}
    for _ in range(ROUNDS):  # interleaved, so both see the same machine
        for name, once in (("graphql", graphql_once), ("floor", floor_once)):
            started = time.perf_counter()
            await once()
            timings[name].append(time.perf_counter() - started)
    graphql_ms = statistics.median(timings["graphql"]) * 1000
    floor_ms = statistics.median(timings["floor"]) * 1000
    print(f"in-process, full depth of a 16-week plan ({fields} fields), median of {ROUNDS}:")
    ratio = graphql_ms / floor_ms
    print(f"  graphql {graphql_ms:7.1f} ms   floor {floor_ms:7.1f} ms   ratio {ratio:.2f}x")
    await client.close()


def count_fields(value: object) -> int:
    if isinstance(value, dict):
        return sum(1 + count_fields(item) for item in value.values())
    if isinstance(value, list):
        return sum(count_fields(item) for item in value)
    return 0


def serve(uri: str, port: int, runner_id: str, plan_id: str) -> None:
    """Child process: the API plus a plain route serving the floor payload."""
    import uvicorn  # noqa: PLC0415

    settings = load_settings(mongodb_uri=uri, database_name=DATABASE)
    app = create_app(settings)

    async def plain(request: Request) -> Response:
        repositories: Repositories = request.state.repositories
        body = await floor_payload(repositories, ObjectId(runner_id), ObjectId(plan_id))
        return Response(body, media_type="application/json")

    app.router.routes.append(Route("/plain", plain))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", workers=1)


async def requests_per_second(url: str, method: str, **kwargs: object) -> float:
    done = 0
    deadline = time.perf_counter() + HTTP_SECONDS
    async with httpx.AsyncClient(timeout=30) as client:

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                response = await client.request(method, url, **kwargs)  # type: ignore[arg-type]
                assert response.status_code == 200, response.text[:200]
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(HTTP_CONCURRENCY)))
        return done / (time.perf_counter() - started)


async def over_http(uri: str, runner_id: ObjectId, plan_id: ObjectId, token: str) -> None:
    import socket  # noqa: PLC0415

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--serve", uri, str(port), str(runner_id), str(plan_id)
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as probe:
            for _ in range(100):
                try:
                    await probe.get(f"{base}/healthz", timeout=1)
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
        graphql_kwargs = {
            "json": {"query": FULL_DEPTH, "variables": {"id": str(plan_id)}},
            "headers": {"authorization": f"Bearer {token}"},
        }
        await requests_per_second(f"{base}/graphql", "POST", **graphql_kwargs)  # warm up
        graphql_rps = await requests_per_second(f"{base}/graphql", "POST", **graphql_kwargs)
        plain_rps = await requests_per_second(f"{base}/plain", "GET")
        clients = f"{HTTP_CONCURRENCY} concurrent clients, {HTTP_SECONDS:.0f} s each"
        print(f"HTTP, one uvicorn worker, {clients}:")
        print(
            f"  graphql {graphql_rps:7.1f} req/s   plain route {plain_rps:7.1f} req/s   "
            f"ratio {plain_rps / graphql_rps:.2f}x fewer"
        )
    finally:
        server.terminate()
        await server.wait()


async def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        localdb = LocalDatabase(load_settings().localdb_server, Path(data_dir))
        uri = localdb.start()
        try:
            runner_id, plan_id, token = await seed(uri)
            await in_process(uri, runner_id, plan_id, token)
            await over_http(uri, runner_id, plan_id, token)
        finally:
            localdb.stop()


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    else:
        asyncio.run(main())
