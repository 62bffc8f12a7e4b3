"""WebSocket connections: at most so many per user, and closed once their account closes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter

from bson import ObjectId
from pymongo.errors import PyMongoError
from starlette.websockets import WebSocket

from app.events import ACCOUNT_CLOSED, EventBus
from graphql_schema.websocket import CLOSE_UNAUTHORIZED
from repositories.users import UserRepository

log = logging.getLogger("cadence.websocket")

ACCOUNT_CLOSED_REASON = "Unauthorized: the account was deleted or disabled"


class ConnectionCounter:
    """Open WebSocket connections per user, in this process."""

    def __init__(self, max_per_user: int) -> None:
        self.max_per_user = max_per_user
        self._open: Counter[ObjectId] = Counter()

    def acquire(self, user_id: ObjectId) -> bool:
        """Count one more connection for the user; False (nothing counted) when at the cap."""
        if self._open[user_id] >= self.max_per_user:
            return False
        self._open[user_id] += 1
        return True

    def release(self, user_id: ObjectId) -> None:
        """The connection ended."""
        self._open[user_id] -= 1
        if self._open[user_id] <= 0:
            del self._open[user_id]


class AccountWatch:
    """Open WebSockets by user; one sweep a period closes those whose account closed.

    One `users` query per `check_every_s` for every socket of the process, however many. A
    read per socket per period (1,000 sockets: 1,000 reads started together every 10 s) queued
    up behind the database: up to 730 were waiting at once in bench/live.py's hold.
    The sweep runs while a socket is watched and stops with the last one.
    """

    def __init__(self, check_every_s: float) -> None:
        self.check_every_s = check_every_s
        self._sockets: dict[ObjectId, set[WebSocket]] = {}
        self._sweeper: asyncio.Task[None] | None = None

    def add(self, websocket: WebSocket, user_id: ObjectId, users: UserRepository) -> None:
        """Watch the socket's account until `discard`."""
        self._sockets.setdefault(user_id, set()).add(websocket)
        if self._sweeper is None:
            self._sweeper = asyncio.create_task(self._sweep(users), name="account-watch")

    def discard(self, websocket: WebSocket, user_id: ObjectId) -> None:
        """The socket ended; the sweep stops when no socket is left."""
        sockets = self._sockets.get(user_id)
        if sockets is not None:
            sockets.discard(websocket)
            if not sockets:
                del self._sockets[user_id]
        if not self._sockets and self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None

    async def _sweep(self, users: UserRepository) -> None:
        while True:
            await asyncio.sleep(self.check_every_s)
            watched = list(self._sockets)
            try:
                still_open = await users.open_among(watched)
            except PyMongoError as exc:
                log.warning("account check failed", extra={"error": str(exc)[:200]})
                continue
            closed = [
                websocket
                for user_id in watched
                if user_id not in still_open
                for websocket in self._sockets.get(user_id, ())
            ]
            # One socket failing to close must not stop the checks of the others.
            outcomes = await asyncio.gather(
                *(close_unauthorized(websocket) for websocket in closed), return_exceptions=True
            )
            for outcome in outcomes:
                if isinstance(outcome, Exception):
                    log.warning("closing a socket failed", extra={"error": repr(outcome)[:200]})


async def close_on_account_closed(
    websocket: WebSocket, runner_id: ObjectId, events: EventBus
) -> None:
    """Close the socket at once when its account's closing is published (from any process)."""
    async with events.subscribe(runner_id) as subscription:
        async for event in subscription:
            if event.kind == ACCOUNT_CLOSED:
                break
    await close_unauthorized(websocket)


async def close_unauthorized(websocket: WebSocket) -> None:
    """Close with the code a client reads as "sign in again"."""
    with contextlib.suppress(RuntimeError):  # the client may have gone meanwhile
        await websocket.close(code=CLOSE_UNAUTHORIZED, reason=ACCOUNT_CLOSED_REASON)
