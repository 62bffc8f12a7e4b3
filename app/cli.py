"""The `cadence` command: serve, export-schema and the developer helpers."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from pathlib import Path

from app.settings import Settings, SettingsError, load_settings
from repositories.registry import Repositories


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415 - only `serve` needs the server

    from app.observability import configure_logging  # noqa: PLC0415
    from app.server import create_app  # noqa: PLC0415

    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=args.host or settings.host,
        port=settings.port if args.port is None else args.port,
        log_config=None,
        access_log=False,
        ws="websockets-sansio",
        lifespan="on",
    )
    return 0


def _export_schema(settings: Settings, args: argparse.Namespace) -> int:
    from graphql_schema.schema import build_schema  # noqa: PLC0415

    sdl = build_schema(settings).as_str() + "\n"
    if args.output == "-":
        sys.stdout.write(sdl)
    else:
        Path(args.output).write_text(sdl, encoding="utf-8")
    return 0


async def _with_repositories(
    settings: Settings, work: Callable[[Repositories], Awaitable[int]]
) -> int:
    from app.observability import Metrics  # noqa: PLC0415
    from app.server import open_database  # noqa: PLC0415

    async with open_database(settings, Metrics()) as client:
        repositories = Repositories.build(client[settings.database_name])
        await repositories.ensure_indexes()
        return await work(repositories)


def _dev_token(settings: Settings, args: argparse.Namespace) -> int:
    from app.accounts import DEMO_EMAIL, ensure_account  # noqa: PLC0415
    from app.auth import issue_token  # noqa: PLC0415

    async def work(repositories: Repositories) -> int:
        viewer = await ensure_account(repositories, args.email or DEMO_EMAIL)
        print(issue_token(viewer.user_id, settings.jwt_secret, timedelta(hours=args.hours)))  # noqa: T201
        return 0

    return asyncio.run(_with_repositories(settings, work))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="cadence", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the GraphQL API (and GraphiQL)")
    serve.add_argument("--host", help="interface to bind (default: CADENCE_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to bind (default: CADENCE_PORT or 8000)")
    serve.set_defaults(handler=_serve)

    token = commands.add_parser(
        "dev-token", help="print a bearer token for the demo user, or for --email"
    )
    token.add_argument("--email", help="the user (created with an empty runner when missing)")
    token.add_argument("--hours", type=int, default=24 * 30, help="validity (default: 30 days)")
    token.set_defaults(handler=_dev_token)

    export = commands.add_parser("export-schema", help="print or write the GraphQL SDL")
    export.add_argument("--output", "-o", default="-", help="file to write (default: stdout)")
    export.set_defaults(handler=_export_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; a bad setting ends it with one line and exit status 2."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"cadence: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    handler: Callable[[Settings, argparse.Namespace], int] = args.handler
    return handler(settings, args)
