"""The adaptation log of every plan."""

from __future__ import annotations

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, IndexModel

from repositories.base import Document, Page, Repository


class AdaptationLogRepository(Repository):
    """The `adaptationLogs` collection."""

    collection_name = "adaptationLogs"
    indexes = (
        IndexModel(
            [("runnerId", ASCENDING), ("planId", ASCENDING), ("createdAt", DESCENDING)],
            name="runner_plan_created",
        ),
    )

    async def page(
        self, runner_id: ObjectId, plan_id: ObjectId, first: int, after: str | None
    ) -> Page:
        """The plan's adaptations, newest first."""
        return await self._page(
            {"runnerId": runner_id, "planId": plan_id}, "createdAt", first, after
        )

    async def insert(self, log: Document) -> None:
        """Record one adaptation."""
        await self.collection.insert_one(log, session=self.session)
