"""Billing events already applied: a replayed webhook delivery changes nothing."""

from __future__ import annotations

from datetime import datetime

from bson import ObjectId

from repositories.base import Repository


class BillingEventRepository(Repository):
    """The `billingEvents` collection: one document per applied event, keyed by its id."""

    collection_name = "billingEvents"

    async def record(self, event_id: str, user_id: ObjectId, applied_at: datetime) -> bool:
        """Record the event as applied, inside the caller's transaction; False when it was.

        A read first, not a caught duplicate key: a write error aborts the whole transaction.
        Two deliveries of one event at once conflict on the `_id`, and the transaction that
        retries then reads the other's record.
        """
        if await self.collection.find_one({"_id": event_id}, {"_id": 1}, session=self.session):
            return False
        await self.collection.insert_one(
            {"_id": event_id, "userId": user_id, "appliedAt": applied_at}, session=self.session
        )
        return True
