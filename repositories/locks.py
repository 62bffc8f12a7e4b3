"""Short-lived locks held through the primary key: one writer per activity at a time.

FerretDB 1.24 runs `findAndModify` as a read then a write, so two concurrent compare-and-set
updates can both succeed there (MongoDB applies them atomically). A document's `_id` is unique
on both, so inserting `{_id: key}` is an atomic "take the lock" everywhere.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

from bson import ObjectId
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
        """Hold the lock named `key` for the block; LockBusyError when it is taken.

        The release names this holder: a holder that overran `STALE_AFTER` and lost the lock
        to another does not release the other's.
        """
        owner = ObjectId()
        await self._take(key, owner)
        try:
            yield
        finally:
            await self.collection.delete_one({"_id": key, "owner": owner}, session=self.session)

    async def _take(self, key: str, owner: ObjectId) -> None:
        try:
            await self.collection.insert_one(
                {"_id": key, "takenAt": utc_now(), "owner": owner}, session=self.session
            )
        except DuplicateKeyError:
            # A holder that crashed leaves its lock behind: take over one past its time.
            stale = await self.collection.delete_one(
                {"_id": key, "takenAt": {"$lt": utc_now() - STALE_AFTER}}, session=self.session
            )
            if stale.deleted_count == 0:
                raise LockBusyError(key) from None
            try:
                await self.collection.insert_one(
                    {"_id": key, "takenAt": utc_now(), "owner": owner}, session=self.session
                )
            except DuplicateKeyError:
                raise LockBusyError(key) from None
