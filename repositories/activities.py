"""Activities and the rest of the Terra-aligned history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, IndexModel, UpdateOne
from pymongo.errors import BulkWriteError

from repositories.base import (
    DUPLICATE_KEY,
    WHOLE_BATCH,
    Document,
    Page,
    Projection,
    Repository,
)

NATURAL_KEY = ("runnerId", "source", "externalId")
SOURCE_KEY = IndexModel(
    [(key, ASCENDING) for key in NATURAL_KEY],
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
        IndexModel(
            [("runnerId", ASCENDING), ("matchStatus", ASCENDING), ("startTime", DESCENDING)],
            name="runner_match_start",
        ),
    )

    async def get(self, runner_id: ObjectId, activity_id: ObjectId) -> Document | None:
        """One of the runner's activities."""
        return await self._owned(runner_id, activity_id)

    async def by_ids(
        self, runner_id: ObjectId, ids: Sequence[ObjectId]
    ) -> dict[ObjectId, Document]:
        """The runner's activities with these ids, in one round trip."""
        return await self._owned_many(runner_id, ids)

    async def existing_ids(self, runner_id: ObjectId, ids: list[ObjectId]) -> set[ObjectId]:
        """Which of these activity ids are stored already (one round trip)."""
        cursor = self.collection.find(
            {"_id": {"$in": ids}, "runnerId": runner_id},
            {"_id": 1},
            batch_size=WHOLE_BATCH,
            session=self.session,
        )
        return {document["_id"] async for document in cursor}

    async def insert_new(self, documents: list[Document]) -> set[ObjectId]:
        """Insert activities in one round trip; the ids already stored (a concurrent import)."""
        if not documents:
            return set()
        try:
            await self.collection.insert_many(documents, ordered=False, session=self.session)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(error.get("code") != DUPLICATE_KEY for error in errors):
                raise
            return {documents[error["index"]]["_id"] for error in errors}
        return set()

    async def started_between(
        self, runner_id: ObjectId, earliest: datetime, latest: datetime
    ) -> list[Document]:
        """The runner's activities starting in a window (duplicate detection)."""
        cursor = self.collection.find(
            {"runnerId": runner_id, "startTime": {"$gte": earliest, "$lte": latest}},
            {"source": 1, "startTime": 1, "sport": 1, "duplicateOf": 1, "executionId": 1},
            batch_size=WHOLE_BATCH,
            session=self.session,
        )
        return await cursor.to_list()

    async def mark_duplicates(
        self, runner_id: ObjectId, duplicate_of: dict[ObjectId, ObjectId]
    ) -> None:
        """Mark the runner's activities as duplicates of their canonical copy, in one round trip."""
        await self.set_match_results(
            runner_id,
            {
                duplicate: {"duplicateOf": canonical, "matchStatus": "duplicate"}
                for duplicate, canonical in duplicate_of.items()
            },
        )

    async def set_match_results(
        self, runner_id: ObjectId, results: dict[ObjectId, Document]
    ) -> None:
        """Write the match status (and execution) of the runner's activities, in one round trip."""
        if results:
            await self.collection.bulk_write(
                [
                    UpdateOne({"_id": activity_id, "runnerId": runner_id}, {"$set": fields})
                    for activity_id, fields in results.items()
                ],
                ordered=False,
                session=self.session,
            )

    async def edit(self, runner_id: ObjectId, activity_id: ObjectId, changes: Document) -> None:
        """Set fields the runner edits (or the matcher recomputes) on one of their activities."""
        await self.collection.update_one(
            {"_id": activity_id, "runnerId": runner_id}, {"$set": changes}, session=self.session
        )

    async def duplicates_of(self, runner_id: ObjectId, activity_id: ObjectId) -> list[Document]:
        """The other recordings of the run this activity records."""
        cursor = self.collection.find(
            {"runnerId": runner_id, "matchStatus": "duplicate", "duplicateOf": activity_id},
            session=self.session,
        )
        return await cursor.to_list()

    async def delete(self, runner_id: ObjectId, activity_id: ObjectId) -> bool:
        """Delete one of the runner's activities; whether it was there."""
        result = await self.collection.delete_one(
            {"_id": activity_id, "runnerId": runner_id}, session=self.session
        )
        return result.deleted_count == 1

    async def claim(
        self, runner_id: ObjectId, activity_id: ObjectId, execution_id: ObjectId
    ) -> bool:
        """Link the activity to an execution unless it already has one (compare-and-set)."""
        result = await self.collection.update_one(
            {"_id": activity_id, "runnerId": runner_id, "executionId": None},
            {"$set": {"executionId": execution_id, "matchStatus": "matched"}},
            session=self.session,
        )
        return result.matched_count == 1

    async def with_suggestions(self, runner_id: ObjectId) -> list[Document]:
        """Activities waiting for the runner to pick their planned day, newest first."""
        cursor = self.collection.find(
            {"runnerId": runner_id, "matchStatus": "suggested"}, session=self.session
        )
        return await cursor.sort("startTime", -1).limit(100).to_list()

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
        query: dict[str, Any] = {
            "runnerId": runner_id,
            **half_open("startTime", start_from, start_to),
        }
        if sources:
            query["source"] = {"$in": list(sources)}
        if sports:
            query["sport"] = {"$in": list(sports)}
        return await self._page(query, "startTime", first, after)

    async def on_days_from(
        self, runner_id: ObjectId, first_day: date, projection: Projection
    ) -> list[Document]:
        """The runner's activities of `first_day` (a local day) or later, projected."""
        cursor = self.collection.find(
            {"runnerId": runner_id, "localDate": {"$gte": first_day.isoformat()}},
            projection,
            batch_size=WHOLE_BATCH,
            session=self.session,
        )
        return await cursor.to_list()


def half_open(key: str, low: object | None, high: object | None) -> dict[str, Any]:
    """The filter `low <= key < high` (either bound may be missing; none: no filter).

    Never an inclusive upper bound: SecantusDB 0.7.0b3 drops it from an index range.
    """
    window = {op: bound for op, bound in (("$gte", low), ("$lt", high)) if bound is not None}
    return {key: window} if window else {}


class HistoryRepository(Repository):
    """A Terra-aligned collection keyed by `(runnerId, source, externalId)`."""

    indexes: ClassVar[Sequence[IndexModel]] = (SOURCE_KEY,)

    async def upsert_many(self, documents: list[Document]) -> list[Document]:
        """Insert, or refresh the values of, each record by source and external id.

        Two round trips whatever the count (one bulk upsert, one read back); the stored
        records come back in input order. All `documents` belong to one runner.
        """
        if not documents:
            return []
        fixed = {"_id", "importedAt", *NATURAL_KEY}
        await self.collection.bulk_write(
            [
                UpdateOne(
                    {key: document[key] for key in NATURAL_KEY},
                    {
                        "$set": {k: v for k, v in document.items() if k not in fixed},
                        "$setOnInsert": {
                            "_id": document["_id"],
                            "importedAt": document["importedAt"],
                        },
                    },
                    upsert=True,
                )
                for document in documents
            ],
            session=self.session,
        )
        cursor = self.collection.find(
            {
                "runnerId": documents[0]["runnerId"],
                "source": {"$in": list({document["source"] for document in documents})},
                "externalId": {"$in": list({document["externalId"] for document in documents})},
            },
            batch_size=WHOLE_BATCH,
            session=self.session,
        )
        stored = {_natural_key(document): document async for document in cursor}
        return [stored[_natural_key(document)] for document in documents]

    async def since(
        self, runner_id: ObjectId, key: str, first: date | datetime, projection: Projection
    ) -> list[Document]:
        """The runner's records whose `key` (a day or an instant) is `first` or later."""
        bound = first if isinstance(first, datetime) else first.isoformat()
        cursor = self.collection.find(
            {"runnerId": runner_id, key: {"$gte": bound}},
            projection,
            batch_size=WHOLE_BATCH,
            session=self.session,
        )
        return await cursor.to_list()

    async def page_between(
        self,
        runner_id: ObjectId,
        key: str,
        low: str | datetime | None,
        high: str | datetime | None,
        *,
        first: int,
        after: str | None,
    ) -> Page:
        """The runner's records with `low <= key < high`, newest first (one page)."""
        query = {"runnerId": runner_id, **half_open(key, low, high)}
        return await self._page(query, key, first, after)


def _natural_key(document: Document) -> tuple[Any, ...]:
    return tuple(document[key] for key in NATURAL_KEY)


class SleepRepository(HistoryRepository):
    """The `sleepSessions` collection."""

    collection_name = "sleepSessions"
    indexes = (SOURCE_KEY, IndexModel([("runnerId", ASCENDING), ("localDate", ASCENDING)]))


class DailySummaryRepository(HistoryRepository):
    """The `dailySummaries` collection."""

    collection_name = "dailySummaries"
    indexes = (SOURCE_KEY, IndexModel([("runnerId", ASCENDING), ("date", ASCENDING)]))


class BodyMeasurementRepository(HistoryRepository):
    """The `bodyMeasurements` collection."""

    collection_name = "bodyMeasurements"
    indexes = (SOURCE_KEY, IndexModel([("runnerId", ASCENDING), ("measuredAt", ASCENDING)]))


class ActivitySampleRepository(Repository):
    """The `activitySamples` collection: one document of chart samples per activity (same id)."""

    collection_name = "activitySamples"

    async def insert_many(self, documents: list[Document]) -> None:
        """Store the samples of new activities (their ids are new, so never a duplicate)."""
        if documents:
            await self.collection.insert_many(documents, session=self.session)

    async def of_activity(self, runner_id: ObjectId, activity_id: ObjectId) -> Document | None:
        """The runner's samples of one activity, or None."""
        return await self._owned(runner_id, activity_id)
