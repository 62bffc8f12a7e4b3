"""Calendar feeds: one secret address per runner, stored as a hash."""

from __future__ import annotations

from datetime import datetime

from bson import ObjectId
from pymongo import ASCENDING, IndexModel

from repositories.base import Repository


class CalendarFeedRepository(Repository):
    """The `calendarFeeds` collection: the hash of each runner's feed token."""

    collection_name = "calendarFeeds"
    indexes = (
        IndexModel([("runnerId", ASCENDING)], unique=True, name="runner_unique"),
        IndexModel([("tokenHash", ASCENDING)], unique=True, name="token_unique"),
    )

    async def replace(self, runner_id: ObjectId, token_hash: str, now: datetime) -> None:
        """Give the runner a new feed token; the previous one stops working."""
        await self.collection.update_one(
            {"runnerId": runner_id},
            {"$set": {"tokenHash": token_hash, "createdAt": now}},
            upsert=True,
            session=self.session,
        )

    async def revoke(self, runner_id: ObjectId) -> bool:
        """Remove the runner's feed; whether there was one."""
        result = await self.collection.delete_one({"runnerId": runner_id}, session=self.session)
        return result.deleted_count == 1

    async def runner_for(self, token_hash: str) -> ObjectId | None:
        """The runner whose feed token has this hash."""
        document = await self.collection.find_one(
            {"tokenHash": token_hash}, {"runnerId": 1}, session=self.session
        )
        return document["runnerId"] if document else None
