"""create_app(): the Starlette application, its routes and the lifespan that owns the clients."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
from collections.abc import AsyncIterator, Sequence
from typing import TypedDict

import httpx
from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError
from pymongo.monitoring import CommandListener
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute

from app import __version__
from app.accounts import RunnerDirectory
from app.billing_http import billing_webhook
from app.clock import SYSTEM_CLOCK, Clock
from app.demo import seed_demo
from app.events import EventBus, open_event_bus
from app.exports import calendar_feed, workout_file
from app.fitness.inference import StateRefresher
from app.http_guards import RequestBodyGuard, SecurityHeaders
from app.http_middleware import http_middleware
from app.localdb import LocalDatabase, LocalDatabaseError, address_file, running_database
from app.observability import CommandMetrics, Metrics
from app.oidc import OidcProvider
from app.plan_service import seed_reference_data
from app.request_log import RequestLog
from app.settings import Settings, load_settings
from app.tracing import start_tracing
from graphql_schema.graphiql import ASSETS_PATH, graphiql_assets
from graphql_schema.schema import build_schema
from graphql_schema.view import CadenceGraphQL
from repositories.base import Document
from repositories.registry import Repositories

log = logging.getLogger("cadence.server")


class State(TypedDict):
    """What the lifespan yields; Starlette exposes it as `request.state`."""

    settings: Settings
    mongo: AsyncMongoClient[Document]
    repositories: Repositories
    metrics: Metrics
    directory: RunnerDirectory
    events: EventBus
    refresher: StateRefresher
    clock: Clock
    provider: OidcProvider | None


async def healthz(_: Request) -> Response:
    """The process is alive."""
    return JSONResponse({"status": "ok", "version": __version__})


async def readyz(request: Request) -> Response:
    """The database answers; 503 otherwise."""
    repositories: Repositories = request.state.repositories
    settings: Settings = request.state.settings
    try:
        await asyncio.wait_for(repositories.system.ping(), timeout=settings.db_timeout_ms / 1000)
    except (PyMongoError, TimeoutError) as exc:
        log.warning("not ready: database unreachable", extra={"error": str(exc)[:200]})
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ready", "database": "ok"})


async def metrics_endpoint(request: Request) -> Response:
    """Prometheus text exposition."""
    metrics: Metrics = request.state.metrics
    return Response(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")


@contextlib.asynccontextmanager
async def open_database(
    settings: Settings,
    metrics: Metrics,
    command_listeners: Sequence[CommandListener] = (),
    *,
    serve: bool = True,
) -> AsyncIterator[AsyncMongoClient[Document]]:
    """A connected client; starts the bundled database first when no MONGODB_URI is set.

    A server (`serve`) records where its bundled database listens; the other commands use a
    bundled database a server already runs on the same data folder rather than start one.
    """
    localdb: LocalDatabase | None = None
    uri = settings.mongodb_uri
    keeper: asyncio.Task[None] | None = None
    if uri is None and not serve:
        uri = await asyncio.to_thread(running_database, settings.data_dir)
    if uri is None:
        localdb = LocalDatabase(settings.localdb_server, settings.data_dir / "secantus")
        uri = await asyncio.to_thread(localdb.start)
        log.info("bundled database started", extra={"uri": uri, "pid": localdb.pid})
        keeper = asyncio.create_task(keep_running(localdb))
        if serve:
            address_file(settings.data_dir).write_text(uri, encoding="utf-8")
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        uri,
        serverSelectionTimeoutMS=settings.db_timeout_ms,
        connectTimeoutMS=settings.db_timeout_ms,
        tz_aware=True,
        w="majority",
        retryWrites=True,
        event_listeners=[CommandMetrics(metrics), *command_listeners],
    )
    try:
        await client.admin.command("ping")
        yield client
    finally:
        if keeper is not None:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
        await client.close()
        if localdb is not None:
            if serve:
                address_file(settings.data_dir).unlink(missing_ok=True)
            await asyncio.to_thread(localdb.stop)


async def keep_running(localdb: LocalDatabase, check_every_s: float = 0.5) -> None:
    """Start the bundled database again whenever its process has died (a crash, a kill).

    It comes back on the same port with the same data, so the client reconnects by itself;
    until then requests fail fast and `/readyz` answers 503.
    """
    while True:
        await asyncio.sleep(check_every_s)
        if localdb.running:
            continue
        log.warning("bundled database stopped: starting it again")
        try:
            await asyncio.to_thread(localdb.restart)
        except LocalDatabaseError as exc:
            log.error("bundled database did not start again", extra={"error": str(exc)[:200]})  # noqa: TRY400 - the reason is the message; no traceback to show
        else:
            log.info("bundled database started", extra={"uri": localdb.uri, "pid": localdb.pid})


@contextlib.asynccontextmanager
async def open_provider(settings: Settings) -> AsyncIterator[OidcProvider | None]:
    """The OpenID Connect provider tokens are checked against, when one is configured."""
    if not settings.oidc_issuer or not settings.oidc_audience:
        yield None
        return
    async with httpx.AsyncClient(timeout=settings.db_timeout_ms / 1000) as http:
        yield OidcProvider(
            settings.oidc_issuer, settings.oidc_audience, http, settings.oidc_keys_ttl_s
        )


def freeze_startup_heap() -> int:
    """Move the objects alive now (modules, schema, clients) out of the collector's reach.

    A full collection walks every tracked object; after start-up most of them live for the
    whole process and only make each pause longer. Returns how many objects were frozen.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def create_app(
    settings: Settings | None = None,
    command_listeners: Sequence[CommandListener] = (),
    clock: Clock = SYSTEM_CLOCK,
) -> Starlette:
    """The ASGI application; nothing connects until the lifespan starts.

    `command_listeners` see every database command (PyMongo command monitoring); `clock` is
    the one source of "now" for every request, subscription and background refresh.
    """
    settings = settings or load_settings()
    metrics = Metrics()
    graphql = CadenceGraphQL(build_schema(settings), settings)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[State]:
        async with open_database(settings, metrics, command_listeners) as mongo:
            repositories = Repositories.build(mongo[settings.database_name])
            await repositories.prepare()
            await seed_reference_data(repositories)
            events = await open_event_bus(settings.redis_url)
            if settings.seed_demo and await repositories.users.count() == 0:
                world = await seed_demo(repositories, events, clock.now())
                log.info(
                    "seeded the demo runner", extra={"runs": world.runs_imported if world else 0}
                )
            if settings.gc_freeze:
                frozen = freeze_startup_heap()
                log.info("start-up objects frozen", extra={"objects": frozen})
            refresher = StateRefresher(repositories, clock)
            async with open_provider(settings) as provider:
                try:
                    yield State(
                        settings=settings,
                        mongo=mongo,
                        repositories=repositories,
                        metrics=metrics,
                        directory=RunnerDirectory(),
                        events=events,
                        refresher=refresher,
                        clock=clock,
                        provider=provider,
                    )
                finally:
                    await refresher.drain()
                    await events.close()
                    if tracer_provider is not None:
                        tracer_provider.shutdown()

    graphql_app = RequestBodyGuard(
        graphql,
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        idle_timeout_s=settings.body_idle_timeout_s,
        total_timeout_s=settings.body_timeout_s,
    )
    app = Starlette(
        routes=[
            Route("/graphql", graphql_app, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
            Route("/calendar/{token}.ics", calendar_feed, methods=["GET"]),
            Route("/sessions/{session_id}/workout.{format}", workout_file, methods=["GET"]),
            Route("/billing/webhook", billing_webhook, methods=["POST"]),
            Mount(ASSETS_PATH, app=graphiql_assets()),
        ],
        # The request log outermost: it sees every request, compressed or refused. Security
        # headers innermost: they read GraphiQL's page before it is compressed.
        middleware=[
            Middleware(RequestLog, metrics=metrics),
            *http_middleware(settings),
            Middleware(SecurityHeaders),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings  # for the server that runs it (app/transport.py)
    tracer_provider = start_tracing(app, os.environ)
    return app
