"""Which of the runner's connections an import came through, and when they last synced.

A connection's `lastSyncAt` is derived by Cadence: every import from a source stamps that
source's connection with the app's clock, creating the connection (connected then) when the
runner had not named it. Terra relays a wearable: its payload stamps the Terra connection and,
when the payload says which (Terra's webhook envelope `{"user": {"provider": "GARMIN"},
"data": [...]}`), the wearable's too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from app.errors import InvalidInputError
from app.models.runner import Connection

STRAVA = "strava"
TERRA = "terra"

TERRA_PROVIDERS: dict[str, str] = {
    "APPLE": "apple_health",
    "GARMIN": "garmin",
    "COROS": "coros",
    "POLAR": "polar",
    "WHOOP": "whoop",
    "SUUNTO": "suunto",
    "WAHOO": "wahoo",
}
"""Terra's provider names → Cadence's connection sources, where they differ by more than case."""

_PROVIDER_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,39}$")


def terra_envelope(payload: Any) -> tuple[Any, str | None]:
    """The items of a Terra payload and the wearable it relays (None when it does not say).

    A bare item or list of items is taken as it is; Terra's webhook envelope is unwrapped.
    """
    if not (isinstance(payload, Mapping) and "data" in payload and "user" in payload):
        return payload, None
    user = payload["user"]
    provider = user.get("provider") if isinstance(user, Mapping) else None
    if provider is None:
        return payload["data"], None
    if not isinstance(provider, str) or not _PROVIDER_NAME.match(provider.upper()):
        raise InvalidInputError("payload.user.provider", "must be a Terra provider name (GARMIN)")
    name = provider.upper()
    return payload["data"], TERRA_PROVIDERS.get(name, name.lower())


def synced_connections(sources: list[str], now: datetime) -> list[dict[str, Any]]:
    """The connections an import through `sources` stamps, as stored when they are new."""
    return [
        Connection(source=source, connected_at=now, last_sync_at=now).to_mongo()
        for source in dict.fromkeys(sources)
    ]
