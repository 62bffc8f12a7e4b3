"""The event bus: live events per runner, in-process by default, through Redis when configured.

Events are addressed to one runner; a subscriber only ever listens to its own runner's stream,
so nobody can receive another runner's events. With Redis, every API process publishes to one
channel and a reader task in each process fans the events out to its local subscribers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Protocol

import bson
from bson import ObjectId
from redis.asyncio import Redis

log = logging.getLogger("cadence.events")

PLAN_CHANGED = "plan_changed"
SESSION_STATUS_CHANGED = "session_status_changed"
ACTIVITY_IMPORTED = "activity_imported"
ACCOUNT_CLOSED = "account_closed"

CHANNEL = "cadence:events"
SubscriptionScope = contextlib.AbstractAsyncContextManager["Subscription"]
QUEUE_LIMIT = 256


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened to one runner's data."""

    runner_id: ObjectId
    kind: str
    payload: dict[str, Any]


class EventBus(Protocol):
    """Publish events; subscribe to one runner's events."""

    async def publish(self, event: Event) -> None:
        """Deliver `event` to the runner's subscribers, wherever they are connected."""

    def subscribe(self, runner_id: ObjectId) -> SubscriptionScope:
        """Listen to one runner's events until the context exits."""

    async def close(self) -> None:
        """Stop delivering and release connections."""


class Subscription:
    """One listener's queue of events."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_LIMIT)

    def __aiter__(self) -> AsyncIterator[Event]:
        return self._events()

    async def _events(self) -> AsyncIterator[Event]:
        while True:
            yield await self.queue.get()


class LocalFanOut:
    """Subscribers of this process, by runner."""

    def __init__(self) -> None:
        self._subscribers: dict[ObjectId, set[Subscription]] = {}

    def deliver(self, event: Event) -> None:
        """Queue the event for each local subscriber of its runner (dropping for laggards)."""
        for subscription in self._subscribers.get(event.runner_id, ()):
            try:
                subscription.queue.put_nowait(event)
            except asyncio.QueueFull:
                log.warning("subscriber too slow; event dropped", extra={"kind": event.kind})

    @contextlib.asynccontextmanager
    async def subscribe(self, runner_id: ObjectId) -> AsyncIterator[Subscription]:
        """Register a subscriber for the duration of the context."""
        subscription = Subscription()
        self._subscribers.setdefault(runner_id, set()).add(subscription)
        try:
            yield subscription
        finally:
            listeners = self._subscribers.get(runner_id)
            if listeners is not None:
                listeners.discard(subscription)
                if not listeners:
                    del self._subscribers[runner_id]

    def subscriber_count(self) -> int:
        """How many subscriptions are open in this process."""
        return sum(len(listeners) for listeners in self._subscribers.values())


class InProcessEventBus:
    """Events delivered within this process only (one API process)."""

    def __init__(self) -> None:
        self.local = LocalFanOut()

    async def publish(self, event: Event) -> None:
        """Deliver to this process's subscribers."""
        self.local.deliver(event)

    def subscribe(self, runner_id: ObjectId) -> SubscriptionScope:
        """Listen to one runner's events."""
        return self.local.subscribe(runner_id)

    async def close(self) -> None:
        """Nothing to release."""


def _encode(event: Event) -> bytes:
    return bson.encode({"r": event.runner_id, "k": event.kind, "p": event.payload})


def _decode(data: bytes) -> Event:
    raw: dict[str, Any] = bson.decode(data, codec_options=bson.CodecOptions(tz_aware=True))
    return Event(runner_id=raw["r"], kind=raw["k"], payload=raw["p"])


class RedisEventBus:
    """Events shared by every API process through one Redis pub/sub channel."""

    def __init__(self, url: str) -> None:
        self.local = LocalFanOut()
        self._redis: Redis = Redis.from_url(url)
        self._reader: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def start(self) -> None:
        """Connect and start forwarding the channel to local subscribers."""
        await self._redis.ping()
        self._reader = asyncio.create_task(self._read(), name="redis-event-reader")
        await asyncio.wait_for(self._ready.wait(), timeout=5)

    async def _read(self) -> None:
        async with self._redis.pubsub() as pubsub:
            await pubsub.subscribe(CHANNEL)
            self._ready.set()
            async for message in pubsub.listen():
                if message.get("type") != "message":
                    continue
                try:
                    self.local.deliver(_decode(message["data"]))
                except (bson.errors.BSONError, KeyError):
                    log.warning("ignored a malformed event on the channel")

    async def publish(self, event: Event) -> None:
        """Publish to every process (this one included, through the reader)."""
        await self._redis.publish(CHANNEL, _encode(event))

    def subscribe(self, runner_id: ObjectId) -> SubscriptionScope:
        """Listen to one runner's events."""
        return self.local.subscribe(runner_id)

    async def close(self) -> None:
        """Stop the reader and close the connection."""
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        await self._redis.aclose()


async def open_event_bus(redis_url: str | None) -> InProcessEventBus | RedisEventBus:
    """The bus the settings ask for, started."""
    if redis_url is None:
        return InProcessEventBus()
    bus = RedisEventBus(redis_url)
    await bus.start()
    return bus
