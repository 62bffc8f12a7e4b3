"""Short-lived locks held through the primary key: one writer per activity at a time.

FerretDB 1.24 runs `findAndModify` as a read then a write, so two concurrent compare-and-set
updates can both succeed there (MongoDB applies them atomically). A document's `_id` is unique
on both, so inserting `{_id: key}` is an atomic "take the lock" everywhere.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

from pymongo.errors import DuplicateKeyError

from app.models.common import utc_now
from repositories.base import Repository

STALE_AFTER = timedelta(seconds=30)


class LockBusyError(Exception):
    """Someone else holds the lock."""


class LockRepository(Repository):
    """The `locks` collection."""

    collection_name = "locks"

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Hold the lock named `key` for the block; LockBusyError when it is taken."""
        await self._take(key)
        try:
            yield
        finally:
            await self.collection.delete_one({"_id": key})

    async def _take(self, key: str) -> None:
        try:
            await self.collection.insert_one({"_id": key, "takenAt": utc_now()})
        except DuplicateKeyError:
            # A holder that crashed leaves its lock behind: take over one past its time.
            stale = await self.collection.delete_one(
                {"_id": key, "takenAt": {"$lt": utc_now() - STALE_AFTER}}
            )
            if stale.deleted_count == 0:
                raise LockBusyError(key) from None
            try:
                await self.collection.insert_one({"_id": key, "takenAt": utc_now()})
            except DuplicateKeyError:
                raise LockBusyError(key) from None
