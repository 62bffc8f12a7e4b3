"""Planned sessions: one document per planned day."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bson import ObjectId
from pymongo import ASCENDING, IndexModel, ReturnDocument, UpdateOne

from app.models.common import utc_now
from app.models.session import RUN_SESSION_TYPES
from repositories.base import WHOLE_BATCH, Document, Projection, Repository

REWRITE_FROM = 10
"""Links in one batch from which sessions are rewritten whole rather than updated."""


class PlannedSessionRepository(Repository):
    """The `plannedSessions` collection."""

    collection_name = "plannedSessions"
    indexes = (
        IndexModel(
            [("planId", ASCENDING), ("weekNumber", ASCENDING), ("dayIndex", ASCENDING)],
            name="plan_week_day",
        ),
        IndexModel([("runnerId", ASCENDING), ("scheduledDate", ASCENDING)], name="runner_date"),
    )

    async def get(self, runner_id: ObjectId, session_id: ObjectId) -> Document | None:
        """One of the runner's sessions."""
        return await self._owned(runner_id, session_id)

    async def for_weeks(
        self, runner_id: ObjectId, plan_ids: Sequence[ObjectId], week_numbers: Sequence[int]
    ) -> list[Document]:
        """Sessions of these weeks of these plans, in day order, in one round trip."""
        cursor = self.collection.find(
            {
                "runnerId": runner_id,
                "planId": {"$in": list(plan_ids)},
                "weekNumber": {"$in": list(week_numbers)},
            }
        )
        return (
            await cursor.sort([("weekNumber", 1), ("dayIndex", 1)])
            .batch_size(WHOLE_BATCH)
            .to_list()
        )

    async def for_plans(
        self, runner_id: ObjectId, plan_ids: Sequence[ObjectId], projection: Projection
    ) -> list[Document]:
        """Every session of these plans (only the projected keys), in one round trip."""
        cursor = self.collection.find(
            {"runnerId": runner_id, "planId": {"$in": list(plan_ids)}},
            projection,
            batch_size=WHOLE_BATCH,
        )
        return await cursor.to_list()

    async def in_range(
        self,
        runner_id: ObjectId,
        plan_id: ObjectId,
        first_day: date,
        last_day: date,
        statuses: Sequence[str] | None,
    ) -> list[Document]:
        """The plan's sessions scheduled between two days (inclusive), by date."""
        query: Document = {
            "runnerId": runner_id,
            "planId": plan_id,
            "scheduledDate": {"$gte": first_day.isoformat(), "$lte": last_day.isoformat()},
        }
        if statuses:
            query["status"] = {"$in": list(statuses)}
        cursor = self.collection.find(query, batch_size=WHOLE_BATCH)
        return await cursor.sort([("scheduledDate", 1), ("_id", 1)]).to_list()

    async def update_if_version(
        self, runner_id: ObjectId, session_id: ObjectId, version: int, changes: Document
    ) -> Document | None:
        """Apply `changes` ($set) if the session is still at `version` (compare-and-set)."""
        return await self.collection.find_one_and_update(
            {"_id": session_id, "runnerId": runner_id, "version": version},
            {"$set": {**changes, "updatedAt": utc_now()}, "$inc": {"version": 1}},
            return_document=ReturnDocument.AFTER,
        )

    async def set_linked(
        self,
        links: dict[ObjectId, Document],
        read: Mapping[ObjectId, Document] | None = None,
    ) -> None:
        """Record executions on sessions (status and execution id).

        The ids must come from a read already scoped to the runner: the filter is the id alone,
        which the bundled database resolves by primary key (with another field it scans).

        Given the sessions as `read` (whole documents), a batch of `REWRITE_FROM` links or more
        is rewritten instead: delete at the versions read, insert the linked documents (two
        round trips, where the bundled database spends about 15 ms on each updated document:
        1.3 s for the 84 links of a 1,000-activity backfill). A session changed since the read
        is not deleted and gets the per-document update instead, so nothing is lost. For the
        moment between the two round trips, the rewritten days are absent from the calendar.
        """
        if not links:
            return
        if read is None or len(links) < REWRITE_FROM or any(key not in read for key in links):
            await self._update_links(links)
            return
        now = utc_now()
        versions = {key: int(read[key].get("version", 1)) for key in links}
        result = await self.collection.delete_many(
            {"$or": [{"_id": key, "version": version} for key, version in versions.items()]}
        )
        left: set[ObjectId] = set()
        if result.deleted_count != len(links):
            cursor = self.collection.find({"_id": {"$in": list(links)}}, {"_id": 1})
            left = {document["_id"] async for document in cursor}
        await self.insert_many(
            [
                {**read[key], **fields, "updatedAt": now, "version": versions[key] + 1}
                for key, fields in links.items()
                if key not in left
            ]
        )
        await self._update_links({key: links[key] for key in left})

    async def _update_links(self, links: dict[ObjectId, Document]) -> None:
        if links:
            now = utc_now()
            await self.collection.bulk_write(
                [
                    UpdateOne(
                        {"_id": session_id},
                        {"$set": {**fields, "updatedAt": now}, "$inc": {"version": 1}},
                    )
                    for session_id, fields in links.items()
                ],
                ordered=False,
            )

    async def mark_missed(self, runner_id: ObjectId, plan_id: ObjectId, before: date) -> int:
        """Past run sessions still scheduled become `missed`; how many did.

        Cross-training and strength days are left alone: no synced run can complete them, so
        every one of them would otherwise read as a missed run.
        """
        result = await self.collection.update_many(
            {
                "runnerId": runner_id,
                "planId": plan_id,
                "scheduledDate": {"$lt": before.isoformat()},
                "status": "scheduled",
                "executionId": None,
                "type": {"$in": sorted(kind.value for kind in RUN_SESSION_TYPES)},
            },
            {"$set": {"status": "missed", "updatedAt": utc_now()}, "$inc": {"version": 1}},
        )
        return result.modified_count

    async def of_plan(self, runner_id: ObjectId, plan_id: ObjectId) -> list[Document]:
        """Every session of the plan, by date, in one round trip."""
        cursor = self.collection.find(
            {"runnerId": runner_id, "planId": plan_id}, batch_size=WHOLE_BATCH
        )
        return await cursor.sort([("scheduledDate", 1), ("_id", 1)]).to_list()

    async def replace(
        self,
        runner_id: ObjectId,
        removed: Sequence[tuple[ObjectId, int]],
        added: list[Document],
    ) -> list[ObjectId]:
        """Swap sessions of a plan revision: delete `removed` (id, version), insert `added`.

        A session is deleted only if it is still at the version the revision read; the ids of
        those that changed meanwhile (an activity linked, a day marked missed) are returned and
        then nothing is inserted: the caller puts back what it deleted and gives up. Whole
        documents are rewritten rather than updated: on the bundled database an update costs
        milliseconds per document, and a pause rewrites most of a plan.
        """
        if removed:
            result = await self.collection.delete_many(
                {
                    "runnerId": runner_id,
                    "$or": [{"_id": key, "version": version} for key, version in removed],
                }
            )
            if result.deleted_count != len(removed):
                cursor = self.collection.find(
                    {"_id": {"$in": [key for key, _ in removed]}, "runnerId": runner_id},
                    {"_id": 1},
                )
                return [document["_id"] async for document in cursor]
        await self.insert_many(added)
        return []

    async def restore(
        self, runner_id: ObjectId, plan_id: ObjectId, sessions: list[Document]
    ) -> None:
        """Put a plan's sessions back as a snapshot holds them (after an interrupted revision)."""
        await self.collection.delete_many({"runnerId": runner_id, "planId": plan_id})
        await self.insert_many(sessions)

    async def insert_many(self, sessions: list[Document]) -> None:
        """Insert every session of a plan in one round trip."""
        if sessions:
            await self.collection.insert_many(sessions, ordered=False)

    async def delete_for_plans(self, plan_ids: list[ObjectId]) -> None:
        """Remove the sessions of these plans."""
        await self.collection.delete_many({"planId": {"$in": plan_ids}})

    async def scheduled_between(
        self,
        runner_id: ObjectId,
        plan_id: ObjectId,
        first_day: date,
        last_day: date,
        projection: Projection,
    ) -> list[Document]:
        """The plan's sessions still scheduled between two days (only the projected keys)."""
        cursor = self.collection.find(
            {
                "runnerId": runner_id,
                "planId": plan_id,
                "scheduledDate": {"$gte": first_day.isoformat(), "$lte": last_day.isoformat()},
                "status": "scheduled",
            },
            projection,
            batch_size=WHOLE_BATCH,
        )
        return await cursor.to_list()
