"""Turning what clients send (payloads, files, manual entries) into stored data.

Every input is parsed whole before anything is written: one bad item in a batch rejects the
batch with an error naming the item, and nothing is stored.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from bson import ObjectId

from app.errors import InvalidInputError, NotFoundError
from app.events import EventBus
from app.fitness.inference import StateRefresher, refresh_runner_state
from app.tracking.health import HealthRecord, store_health_records
from app.tracking.ingest import ImportResult, import_activities
from app.tracking.parsed import ParsedActivity, ParseError
from app.tracking.parsers_files import detect_and_parse_file
from app.tracking.parsers_payloads import parse_manual, parse_strava_activity
from app.tracking.parsers_terra import (
    parse_terra_activity,
    parse_terra_body,
    parse_terra_daily,
    parse_terra_sleep,
)
from app.tracking.sync import STRAVA, TERRA, synced_connections, terra_envelope
from repositories.base import Document
from repositories.registry import Repositories

__all__ = ["PayloadSource", "import_activities", "import_payload", "parse_files"]

MAX_BATCH = 1000

Parsed = TypeVar("Parsed")


class PayloadSource(StrEnum):
    """What an `importActivities` payload is."""

    STRAVA = "strava"
    TERRA_ACTIVITY = "terra_activity"
    TERRA_SLEEP = "terra_sleep"
    TERRA_DAILY = "terra_daily"
    TERRA_BODY = "terra_body"


ACTIVITY_PARSERS: dict[PayloadSource, Callable[..., ParsedActivity]] = {
    PayloadSource.STRAVA: parse_strava_activity,
    PayloadSource.TERRA_ACTIVITY: parse_terra_activity,
}


def _parse_terra_daily(payload: Mapping[str, Any], *, now: datetime) -> HealthRecord:
    del now  # a day's totals carry no instant that could lie in the future
    return parse_terra_daily(payload)


HEALTH_PARSERS: dict[PayloadSource, Callable[..., HealthRecord]] = {
    PayloadSource.TERRA_SLEEP: parse_terra_sleep,
    PayloadSource.TERRA_DAILY: _parse_terra_daily,
    PayloadSource.TERRA_BODY: parse_terra_body,
}


def _invalid(exc: ParseError, prefix: str) -> InvalidInputError:
    field = f"{prefix}.{exc.field}" if exc.field else prefix
    return InvalidInputError(field, str(exc))


def _items(payload: Any) -> list[Mapping[str, Any]]:
    items = payload if isinstance(payload, list) else [payload]
    if not items:
        raise InvalidInputError("payload", "is empty: send one object or a list of objects")
    if len(items) > MAX_BATCH:
        raise InvalidInputError("payload", f"holds {len(items)} items; send at most {MAX_BATCH}")
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise InvalidInputError(f"payload[{index}]", "must be an object")
    return items


def _parse_items(parser: Callable[[Mapping[str, Any]], Parsed], payload: Any) -> list[Parsed]:
    """Every item of a payload, or the first problem."""
    parsed: list[Parsed] = []
    for index, item in enumerate(_items(payload)):
        try:
            parsed.append(parser(item))
        except ParseError as exc:
            raise _invalid(exc, f"payload[{index}]") from None
    return parsed


def parse_manual_entry(fields: Mapping[str, Any], now: datetime) -> ParsedActivity:
    """A runner's typed-in activity, or the first problem."""
    try:
        return parse_manual(fields, now=now)
    except ParseError as exc:
        raise _invalid(exc, "input") from None


async def parse_files(files: Sequence[tuple[str, bytes]], now: datetime) -> list[ParsedActivity]:
    """Activities of uploaded files (parsed off the event loop), or the first problem."""
    parsed: list[ParsedActivity] = []
    for name, data in files:
        try:
            parsed.extend(
                await asyncio.to_thread(
                    functools.partial(detect_and_parse_file, name, data, now=now)
                )
            )
        except ParseError as exc:
            raise InvalidInputError(f"file {name!r}", str(exc)) from None
    return parsed


async def _timezone(repositories: Repositories, runner_id: ObjectId) -> str:
    runner = await repositories.runners.get(runner_id, {"identity.timezone": 1})
    if runner is None:
        raise NotFoundError("runner", runner_id)
    return str((runner.get("identity") or {}).get("timezone") or "UTC")


async def import_payload(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    source: PayloadSource,
    payload: Any,
    *,
    now: datetime,
    refresher: StateRefresher | None = None,
) -> ImportResult | list[Document]:
    """Import a payload: activities go through matching, health records are upserted.

    Each stamps the last sync of the connections it came through (`app.tracking.sync`).
    """
    sources = [STRAVA]
    if source != PayloadSource.STRAVA:
        payload, wearable = terra_envelope(payload)
        sources = [TERRA] if wearable is None else [TERRA, wearable]
    synced = synced_connections(sources, now)
    if source in ACTIVITY_PARSERS:
        activities = _parse_items(functools.partial(ACTIVITY_PARSERS[source], now=now), payload)
        return await import_activities(
            repositories, events, runner_id, activities, now=now, refresher=refresher, synced=synced
        )
    records = _parse_items(functools.partial(HEALTH_PARSERS[source], now=now), payload)
    timezone = await _timezone(repositories, runner_id)
    stored = await store_health_records(repositories, runner_id, records, timezone)
    await repositories.runners.record_sync(runner_id, synced)
    if refresher is not None:
        refresher.request(runner_id)
    else:
        await refresh_runner_state(repositories, runner_id, now=now)
    return stored
