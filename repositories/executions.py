"""Executions: one per executed, missed or skipped day."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, IndexModel, UpdateOne
from pymongo.errors import BulkWriteError

from app.models.common import utc_now
from repositories.base import (
    DUPLICATE_KEY,
    WHOLE_BATCH,
    Document,
    Projection,
    Repository,
    one_or_in,
)


class ExecutionRepository(Repository):
    """The `executions` collection; `sessionKey` makes one execution per session."""

    collection_name = "executions"
    indexes = (
        IndexModel([("sessionKey", ASCENDING)], unique=True, name="session_key_unique"),
        IndexModel([("runnerId", ASCENDING), ("sessionId", ASCENDING)], name="runner_session"),
        IndexModel([("runnerId", ASCENDING), ("date", DESCENDING)], name="runner_date"),
        IndexModel([("runnerId", ASCENDING), ("planId", ASCENDING)], name="runner_plan"),
    )

    async def get(self, runner_id: ObjectId, execution_id: ObjectId) -> Document | None:
        """One of the runner's executions."""
        return await self._owned(runner_id, execution_id)

    async def by_ids(
        self, runner_id: ObjectId, ids: Sequence[ObjectId]
    ) -> dict[ObjectId, Document]:
        """The runner's executions with these ids, in one round trip."""
        return await self._owned_many(runner_id, ids)

    async def for_sessions(
        self, runner_id: ObjectId, session_ids: Sequence[ObjectId]
    ) -> list[Document]:
        """Executions of these sessions, in one round trip."""
        cursor = self.collection.find(
            {"runnerId": runner_id, "sessionId": {"$in": list(session_ids)}},
            batch_size=WHOLE_BATCH,
            session=self.session,
        )
        return await cursor.to_list()

    async def for_plan_weeks(
        self, runner_id: ObjectId, plan_ids: Sequence[ObjectId], weeks: Sequence[int]
    ) -> list[Document]:
        """Executions of these plans' days in these weeks, by date, in one round trip."""
        cursor = self.collection.find(
            {
                "runnerId": runner_id,
                "planId": one_or_in(plan_ids),
                "weekNumber": {"$in": list(weeks)},
            },
            batch_size=WHOLE_BATCH,
            session=self.session,
        )
        return await cursor.sort([("date", 1), ("_id", 1)]).to_list()

    async def for_plans(
        self,
        runner_id: ObjectId,
        plan_ids: Sequence[ObjectId],
        first_day: date,
        last_day: date,
        projection: Projection,
    ) -> list[Document]:
        """Executions of these plans' days, and any dated between two days.

        Unplanned runs carry no plan id, so the date range is what finds them; the caller
        decides which of those belong to which plan. Two queries, sent together, each served
        by an index: SecantusDB 0.7.0b3 scans the collection for any `$or`.
        """
        by_plan, by_date = await asyncio.gather(
            self.collection.find(
                {"runnerId": runner_id, "planId": one_or_in(plan_ids)},
                projection,
                batch_size=WHOLE_BATCH,
                session=self.session,
            ).to_list(),
            self.between(runner_id, first_day, last_day, projection),
        )
        return list({document["_id"]: document for document in [*by_plan, *by_date]}.values())

    async def between(
        self, runner_id: ObjectId, first_day: date, last_day: date, projection: Projection
    ) -> list[Document]:
        """The runner's executions dated between two days (inclusive), in one round trip."""
        cursor = self.collection.find(
            {
                "runnerId": runner_id,
                "date": {"$gte": first_day.isoformat(), "$lte": last_day.isoformat()},
            },
            projection,
            batch_size=WHOLE_BATCH,
            session=self.session,
        )
        return await cursor.to_list()

    async def delete(self, runner_id: ObjectId, execution_id: ObjectId) -> None:
        """Delete one of the runner's executions."""
        await self.collection.delete_one(
            {"_id": execution_id, "runnerId": runner_id}, session=self.session
        )

    async def insert(self, execution: Document) -> None:
        """Insert one execution (DuplicateKeyError when its session already has one)."""
        await self.collection.insert_one(execution, session=self.session)

    async def insert_each(self, executions: list[Document]) -> set[ObjectId]:
        """Insert many in one round trip; the ids that failed on the one-per-session key."""
        if not executions:
            return set()
        try:
            await self.collection.insert_many(executions, ordered=False, session=self.session)
        except BulkWriteError as exc:
            failed = [error["index"] for error in exc.details.get("writeErrors", [])]
            if any(error.get("code") != DUPLICATE_KEY for error in exc.details["writeErrors"]):
                raise
            return {executions[index]["_id"] for index in failed}
        return set()

    async def update_if_version(
        self, runner_id: ObjectId, execution_id: ObjectId, version: int, changes: Document
    ) -> Document | None:
        """Apply `changes` ($set) if the execution is still at `version` (compare-and-set).

        Raises DuplicateKeyError when the change would give a session a second execution.
        """
        return await self._update_then_read(
            {"_id": execution_id, "runnerId": runner_id, "version": version},
            {"$set": {**changes, "updatedAt": utc_now()}, "$inc": {"version": 1}},
            {"_id": execution_id, "runnerId": runner_id},
        )

    async def set_rpe(
        self, runner_id: ObjectId, execution_id: ObjectId, feedback: Document
    ) -> bool:
        """Set the RPE of the execution's feedback, the rest of it kept; whether it was found.

        One command: the RPE and its time where the execution has feedback, else `feedback`.
        """
        owned = {"_id": execution_id, "runnerId": runner_id}
        changed = {"updatedAt": utc_now()}
        operations = [
            UpdateOne(
                {**owned, "feedback": {"$ne": None}},
                {
                    "$set": {
                        "feedback.rpe": feedback["rpe"],
                        "feedback.recordedAt": feedback["recordedAt"],
                        **changed,
                    },
                    "$inc": {"version": 1},
                },
            ),
            UpdateOne(
                {**owned, "feedback": None},
                {"$set": {"feedback": feedback, **changed}, "$inc": {"version": 1}},
            ),
        ]
        result = await self.collection.bulk_write(operations, ordered=True, session=self.session)
        return result.matched_count == 1

    async def insert_many(self, executions: list[Document]) -> None:
        """Insert executions in one round trip."""
        if executions:
            await self.collection.insert_many(executions, ordered=False, session=self.session)

    async def dated_from(
        self, runner_id: ObjectId, first_day: date, projection: Projection
    ) -> list[Document]:
        """The runner's executions dated `first_day` or later (only the projected keys)."""
        cursor = self.collection.find(
            {"runnerId": runner_id, "date": {"$gte": first_day.isoformat()}},
            projection,
            batch_size=WHOLE_BATCH,
            session=self.session,
        )
        return await cursor.to_list()
