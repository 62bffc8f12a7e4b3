"""Activities and the rest of the Terra-aligned history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, IndexModel

from repositories.base import Document, Page, Repository

SOURCE_KEY = IndexModel(
    [("runnerId", ASCENDING), ("source", ASCENDING), ("externalId", ASCENDING)],
    unique=True,
    name="runner_source_external_unique",
)


class ActivityRepository(Repository):
    """The `activities` collection."""

    collection_name = "activities"
    indexes = (
        SOURCE_KEY,
        IndexModel([("runnerId", ASCENDING), ("startTime", DESCENDING)], name="runner_start"),
        IndexModel([("runnerId", ASCENDING), ("localDate", ASCENDING)], name="runner_day"),
    )

    async def get(self, runner_id: ObjectId, activity_id: ObjectId) -> Document | None:
        """One of the runner's activities."""
        return await self._owned(runner_id, activity_id)

    async def by_ids(
        self, runner_id: ObjectId, ids: Sequence[ObjectId]
    ) -> dict[ObjectId, Document]:
        """The runner's activities with these ids, in one round trip."""
        return await self._owned_many(runner_id, ids)

    async def page(
        self,
        runner_id: ObjectId,
        first: int,
        after: str | None,
        *,
        start_from: datetime | None = None,
        start_to: datetime | None = None,
        sources: Sequence[str] | None = None,
        sports: Sequence[str] | None = None,
    ) -> Page:
        """The runner's activities, newest first, filtered in the database."""
        query: dict[str, Any] = {"runnerId": runner_id}
        window: dict[str, datetime] = {}
        if start_from is not None:
            window["$gte"] = start_from
        if start_to is not None:
            window["$lt"] = start_to
        if window:
            query["startTime"] = window
        if sources:
            query["source"] = {"$in": list(sources)}
        if sports:
            query["sport"] = {"$in": list(sports)}
        return await self._page(query, "startTime", first, after)


class _HistoryRepository(Repository):
    """A Terra-aligned collection keyed by `(runnerId, source, externalId)`."""

    indexes: ClassVar[Sequence[IndexModel]] = (SOURCE_KEY,)


class SleepRepository(_HistoryRepository):
    """The `sleepSessions` collection."""

    collection_name = "sleepSessions"


class DailySummaryRepository(_HistoryRepository):
    """The `dailySummaries` collection."""

    collection_name = "dailySummaries"


class BodyMeasurementRepository(_HistoryRepository):
    """The `bodyMeasurements` collection."""

    collection_name = "bodyMeasurements"
