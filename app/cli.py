"""The `cadence` command: serve, export-schema and the developer helpers."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from pathlib import Path

from app.clock import SYSTEM_CLOCK
from app.models.user import SubscriptionStatus
from app.settings import Settings, SettingsError, load_settings
from repositories.registry import Repositories


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415 - only `serve` needs the server

    from app.observability import configure_logging  # noqa: PLC0415
    from app.server import create_app  # noqa: PLC0415
    from app.transport import server_config  # noqa: PLC0415

    configure_logging(settings.log_level)
    config = server_config(
        create_app(settings),
        settings,
        host=args.host or settings.host,
        port=settings.port if args.port is None else args.port,
    )
    uvicorn.Server(config).run()
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

    async with open_database(settings, Metrics(), serve=False) as client:
        repositories = Repositories.build(client[settings.database_name])
        await repositories.prepare()
        return await work(repositories)


def _dev_token(settings: Settings, args: argparse.Namespace) -> int:
    from app.accounts import DEMO_EMAIL, ensure_account  # noqa: PLC0415
    from app.auth import issue_token  # noqa: PLC0415

    async def work(repositories: Repositories) -> int:
        viewer = await ensure_account(repositories, args.email or DEMO_EMAIL)
        ttl = timedelta(hours=args.hours)
        print(issue_token(viewer.user_id, settings.jwt_secret, ttl, SYSTEM_CLOCK.now()))  # noqa: T201
        return 0

    return asyncio.run(_with_repositories(settings, work))


def _close_account(settings: Settings, args: argparse.Namespace) -> int:
    from app.accounts import close_account  # noqa: PLC0415
    from app.events import open_event_bus  # noqa: PLC0415

    async def work(repositories: Repositories) -> int:
        user = await repositories.users.by_email(args.email)
        if user is None:
            print(f"cadence: no account with the email {args.email}", file=sys.stderr)  # noqa: T201
            return 1
        events = await open_event_bus(settings.redis_url)
        try:
            delete = args.command == "delete-account"
            await close_account(
                repositories, events, user["_id"], SYSTEM_CLOCK.now(), delete=delete
            )
        finally:
            await events.close()
        return 0

    return asyncio.run(_with_repositories(settings, work))


def _seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    from app.demo import seed_demo  # noqa: PLC0415
    from app.events import InProcessEventBus  # noqa: PLC0415

    async def work(repositories: Repositories) -> int:
        world = await seed_demo(
            repositories, InProcessEventBus(), SYSTEM_CLOCK.now(), email=args.email
        )
        if world is None:
            print(f"{args.email} already has a plan: nothing to do")  # noqa: T201
        else:
            print(  # noqa: T201
                f"seeded {args.email}: plan {world.plan_id}, {world.runs_imported} runs imported"
            )
        return 0

    return asyncio.run(_with_repositories(settings, work))


def _generate_plan(_: Settings, args: argparse.Namespace) -> int:
    import orjson  # noqa: PLC0415

    from app.planning.errors import PlanInputError  # noqa: PLC0415
    from app.planning.generator import generate_plan  # noqa: PLC0415
    from app.planning.profile import PlanRequest  # noqa: PLC0415
    from app.planning.seed_data import load_knowledge_base, load_safeguards  # noqa: PLC0415
    from app.planning.summary import format_plan_summary  # noqa: PLC0415

    try:
        profile = orjson.loads(Path(args.profile).read_bytes())
        request = PlanRequest.from_profile_json(profile)
        keys = {entry.key for entry in load_knowledge_base()}
        generated = generate_plan(request, load_safeguards(), keys)
    except (OSError, orjson.JSONDecodeError) as exc:
        print(f"cadence: cannot read {args.profile}: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    except PlanInputError as exc:
        print(f"cadence: {exc.field}: {exc.message}", file=sys.stderr)  # noqa: T201
        return 2
    print(format_plan_summary(generated))  # noqa: T201
    return 0


def _import(settings: Settings, args: argparse.Namespace) -> int:
    from app.accounts import DEMO_EMAIL, ensure_account  # noqa: PLC0415
    from app.errors import DomainError  # noqa: PLC0415
    from app.events import InProcessEventBus  # noqa: PLC0415
    from app.tracking.imports import import_activities, parse_files  # noqa: PLC0415

    async def work(repositories: Repositories) -> int:
        viewer = await ensure_account(repositories, args.email or DEMO_EMAIL)
        events = InProcessEventBus()
        failures = 0
        totals = {"stored": 0, "replayed": 0, "linked": 0}
        for done, name in enumerate(args.files, start=1):
            try:
                data = await asyncio.to_thread(Path(name).read_bytes)
                now = SYSTEM_CLOCK.now()
                parsed = await parse_files([(Path(name).name, data)], now)
                result = await import_activities(
                    repositories, events, viewer.runner_id, parsed, now=now
                )
            except (OSError, DomainError) as exc:
                failures += 1
                sys.stderr.write(f"\r\033[K{name}: {exc}\n")
            else:
                totals["stored"] += len(result.activities)
                totals["replayed"] += result.replayed
                totals["linked"] += result.linked
            _progress(done, len(args.files))
        sys.stderr.write("\n")
        summary = ", ".join(f"{value} {key}" for key, value in totals.items())
        print(f"{len(args.files)} files: {summary}, {failures} failed")  # noqa: T201
        return 1 if failures else 0

    return asyncio.run(_with_repositories(settings, work))


def _set_subscription(settings: Settings, args: argparse.Namespace) -> int:
    """The operator's path to a user's subscription (the billing webhook is the usual one)."""
    from pydantic import ValidationError  # noqa: PLC0415

    from app import billing  # noqa: PLC0415
    from app.errors import DomainError, InvalidInputError  # noqa: PLC0415
    from app.models.user import Subscription  # noqa: PLC0415

    try:
        subscription = Subscription.model_validate(
            {
                "status": args.status,
                "planEntitled": args.plan_entitled,
                "tier": args.tier,
                "currentPeriodEnd": args.period_end,
            }
        )
    except ValidationError as exc:
        print(f"cadence: {InvalidInputError.from_validation(exc)}", file=sys.stderr)  # noqa: T201
        return 2

    async def work(repositories: Repositories) -> int:
        try:
            await billing.set_subscription(
                repositories, args.email, subscription, SYSTEM_CLOCK.now()
            )
        except DomainError as exc:
            print(f"cadence: {exc}", file=sys.stderr)  # noqa: T201
            return 1
        print(f"{args.email}: {args.status}, plan entitled: {args.plan_entitled}")  # noqa: T201
        return 0

    return asyncio.run(_with_repositories(settings, work))


def _progress(done: int, total: int, width: int = 30) -> None:
    filled = round(width * done / total)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    sys.stderr.flush()


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

    for verb, what in (("disable-account", "disable"), ("delete-account", "delete")):
        closing = commands.add_parser(verb, help=f"{what} an account: its tokens stop working")
        closing.add_argument("--email", required=True, help="the account's email")
        closing.set_defaults(handler=_close_account)

    seed = commands.add_parser("seed-demo", help="write the demo runner, race, plan and runs")
    seed.add_argument("--email", default="demo@cadence.run", help="the demo user's email")
    seed.set_defaults(handler=_seed_demo)

    generate = commands.add_parser(
        "generate-plan", help="print a plan summary from a profile JSON (no database)"
    )
    generate.add_argument("--profile", required=True, help="JSON: runner, race, startDate")
    generate.set_defaults(handler=_generate_plan)

    importer = commands.add_parser("import", help="import GPX, TCX or FIT files for a user")
    importer.add_argument("files", nargs="+", help="activity files")
    importer.add_argument("--email", help="the user (default: the demo user)")
    importer.set_defaults(handler=_import)

    billing_command = commands.add_parser(
        "set-subscription", help="operators only: set a user's subscription by email"
    )
    billing_command.add_argument("--email", required=True, help="the user")
    billing_command.add_argument(
        "--status", required=True, choices=[status.value for status in SubscriptionStatus]
    )
    billing_command.add_argument("--plan-entitled", action="store_true", help="unlocks tracking")
    billing_command.add_argument("--tier", help="the billing tier's name")
    billing_command.add_argument("--period-end", help="end of the paid period (ISO 8601 instant)")
    billing_command.set_defaults(handler=_set_subscription)

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
    try:
        return handler(settings, args)
    except SettingsError as exc:  # a setting read later, such as OTEL_TRACES_EXPORTER
        print(f"cadence: {exc}", file=sys.stderr)  # noqa: T201
        return 2
