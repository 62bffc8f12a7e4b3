"""Executions: one per executed, missed or skipped day."""

from __future__ import annotations

from collections.abc import Sequence

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, IndexModel

from repositories.base import WHOLE_BATCH, Document, Page, Repository


class ExecutionRepository(Repository):
    """The `executions` collection; `sessionKey` makes one execution per session."""

    collection_name = "executions"
    indexes = (
        IndexModel([("sessionKey", ASCENDING)], unique=True, name="session_key_unique"),
        IndexModel([("runnerId", ASCENDING), ("sessionId", ASCENDING)], name="runner_session"),
        IndexModel([("runnerId", ASCENDING), ("date", DESCENDING)], name="runner_date"),
        IndexModel([("planId", ASCENDING), ("weekNumber", ASCENDING)], name="plan_week"),
    )

    async def get(self, runner_id: ObjectId, execution_id: ObjectId) -> Document | None:
        """One of the runner's executions."""
        return await self._owned(runner_id, execution_id)

    async def for_sessions(
        self, runner_id: ObjectId, session_ids: Sequence[ObjectId]
    ) -> list[Document]:
        """Executions of these sessions, in one round trip."""
        cursor = self.collection.find(
            {"runnerId": runner_id, "sessionId": {"$in": list(session_ids)}},
            batch_size=WHOLE_BATCH,
        )
        return await cursor.to_list()

    async def page(self, runner_id: ObjectId, first: int, after: str | None) -> Page:
        """The runner's executions, newest day first."""
        return await self._page({"runnerId": runner_id}, "date", first, after)

    async def insert_many(self, executions: list[Document]) -> None:
        """Insert executions in one round trip."""
        if executions:
            await self.collection.insert_many(executions, ordered=False)
