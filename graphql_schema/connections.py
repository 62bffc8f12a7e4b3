"""WebSocket connections: at most so many per user, and closed once their account closes."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter

from bson import ObjectId
from starlette.websockets import WebSocket

from app.accounts import Viewer
from app.events import ACCOUNT_CLOSED, EventBus
from graphql_schema.websocket import CLOSE_UNAUTHORIZED
from repositories.registry import Repositories

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


async def close_when_account_closes(
    websocket: WebSocket,
    viewer: Viewer,
    repositories: Repositories,
    events: EventBus,
    check_every_s: float,
) -> None:
    """Close the socket as soon as its account is deleted or disabled.

    At once when the closing was published (`app.accounts.close_account`, from any process);
    otherwise (the account changed in the database by hand) within `check_every_s`.
    """
    async with events.subscribe(viewer.runner_id) as subscription:
        while await repositories.users.is_open(viewer.user_id):
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(check_every_s):
                    async for event in subscription:
                        if event.kind == ACCOUNT_CLOSED:
                            break
    with contextlib.suppress(RuntimeError):  # the client may have gone meanwhile
        await websocket.close(code=CLOSE_UNAUTHORIZED, reason=ACCOUNT_CLOSED_REASON)
