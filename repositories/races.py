"""Race goals."""

from __future__ import annotations

from bson import ObjectId
from pymongo import ASCENDING, IndexModel

from app.models.race import RaceDocument
from repositories.base import Document, Projection, Repository


class RaceRepository(Repository):
    """The `races` collection."""

    collection_name = "races"
    indexes = (IndexModel([("runnerId", ASCENDING), ("date", ASCENDING)], name="runner_date"),)

    async def get(self, runner_id: ObjectId, race_id: ObjectId) -> Document | None:
        """One of the runner's races."""
        return await self._owned(runner_id, race_id)

    async def by_ids(
        self, runner_id: ObjectId, ids: list[ObjectId], projection: Projection = None
    ) -> dict[ObjectId, Document]:
        """The runner's races with these ids."""
        return await self._owned_many(runner_id, ids, projection)

    async def for_runner(self, runner_id: ObjectId) -> list[Document]:
        """Every race of the runner, soonest first."""
        return (
            await self.collection.find({"runnerId": runner_id}, session=self.session)
            .sort("date", 1)
            .to_list()
        )

    async def insert(self, race: RaceDocument) -> Document:
        """Store a new race."""
        document = race.to_mongo()
        await self.collection.insert_one(document, session=self.session)
        return document

    async def replace(self, race: RaceDocument) -> Document | None:
        """Store the new state of one of the runner's races."""
        document = race.to_mongo()
        result = await self.collection.replace_one(
            {"_id": race.id, "runnerId": race.runner_id}, document, session=self.session
        )
        return document if result.matched_count else None
