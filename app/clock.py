"""The one source of "now": an injectable clock, and the runner's calendar day from it.

The application reads the time only through a `Clock`: `create_app` takes one (the system clock
by default) and hands it to every resolver and service that needs `now` or `today`, so a test
can run the whole app — HTTP, WebSocket, services — at a chosen instant. Domain functions take
`now`/`today` as arguments and never read a clock themselves.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def at_bson_precision(instant: datetime) -> datetime:
    """`instant` in UTC, cut to the millisecond precision BSON dates keep."""
    instant = instant.astimezone(UTC)
    return instant.replace(microsecond=instant.microsecond // 1000 * 1000)


def zone_or_utc(timezone: str | None) -> ZoneInfo:
    """The IANA zone named `timezone`, or UTC when it is missing or unknown."""
    try:
        return ZoneInfo(timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_today(timezone: str | None, now: datetime) -> date:
    """The calendar day `now` falls on in the runner's timezone (UTC when unknown)."""
    return now.astimezone(zone_or_utc(timezone)).date()


class Clock(Protocol):
    """Tells the time."""

    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC, at BSON precision."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        """The current instant from the operating system."""
        return at_bson_precision(datetime.now(UTC))


class FixedClock:
    """A clock that shows the instant it is set to until it is moved (for tests and tools)."""

    def __init__(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            msg = "a FixedClock needs a timezone-aware instant"
            raise ValueError(msg)
        self._instant = at_bson_precision(instant)

    def now(self) -> datetime:
        """The instant the clock was set to."""
        return self._instant

    def advance(self, delta: timedelta) -> None:
        """Move the clock on by `delta`."""
        self._instant += delta


SYSTEM_CLOCK = SystemClock()
