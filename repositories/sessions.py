"""Planned sessions: one document per planned day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bson import ObjectId
from pymongo import ASCENDING, DeleteOne, IndexModel, UpdateOne

from app.models.common import utc_now
from app.models.session import RUN_SESSION_TYPES
from repositories.base import WHOLE_BATCH, Document, Projection, Repository, one_or_in


def weeks_filter(week_numbers: Sequence[int]) -> Document:
    """Consecutive weeks as one range, others as a list.

    A range is one index scan; a list is one seek per week, which on SecantusDB 0.7.0b3 costs
    more and grows with the collection (16 weeks of one runner: 22 ms as a list, 16 ms as a
    range; with 400 other runners' plans, 27 ms against 17 ms). The upper bound is exclusive:
    that server drops the documents equal to an inclusive upper bound (`$lte`) on an index
    field followed by others (`weekNumber <= 16` returned weeks 1 to 15).
    """
    weeks = sorted(set(week_numbers))
    if weeks and weeks[-1] - weeks[0] == len(weeks) - 1:
        return {"$gte": weeks[0], "$lt": weeks[-1] + 1}
    return {"$in": weeks}


class PlannedSessionRepository(Repository):
    """The `plannedSessions` collection."""

    collection_name = "plannedSessions"
    indexes = (
        IndexModel(
            [
                ("runnerId", ASCENDING),
                ("planId", ASCENDING),
                ("weekNumber", ASCENDING),
                ("dayIndex", ASCENDING),
            ],
            name="runner_plan_week_day",
        ),
        IndexModel(
            [("runnerId", ASCENDING), ("planId", ASCENDING), ("scheduledDate", ASCENDING)],
            name="runner_plan_date",
        ),
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
                "planId": one_or_in(plan_ids),
                "weekNumber": weeks_filter(week_numbers),
            },
            session=self.session,
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
            {"runnerId": runner_id, "planId": one_or_in(plan_ids)},
            projection,
            batch_size=WHOLE_BATCH,
            session=self.session,
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
        cursor = self.collection.find(query, batch_size=WHOLE_BATCH, session=self.session)
        return await cursor.sort([("scheduledDate", 1), ("_id", 1)]).to_list()

    async def update_if_version(
        self, runner_id: ObjectId, session_id: ObjectId, version: int, changes: Document
    ) -> Document | None:
        """Apply `changes` ($set) if the session is still at `version` (compare-and-set)."""
        return await self._update_then_read(
            {"_id": session_id, "runnerId": runner_id, "version": version},
            {"$set": {**changes, "updatedAt": utc_now()}, "$inc": {"version": 1}},
            {"_id": session_id, "runnerId": runner_id},
        )

    async def set_linked(self, runner_id: ObjectId, links: dict[ObjectId, Document]) -> None:
        """Record executions on the runner's sessions (status, execution id) in one round trip."""
        if links:
            now = utc_now()
            await self.collection.bulk_write(
                [
                    UpdateOne(
                        {"_id": session_id, "runnerId": runner_id},
                        {"$set": {**fields, "updatedAt": now}, "$inc": {"version": 1}},
                    )
                    for session_id, fields in links.items()
                ],
                ordered=False,
                session=self.session,
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
            session=self.session,
        )
        return result.modified_count

    async def of_plan(self, runner_id: ObjectId, plan_id: ObjectId) -> list[Document]:
        """Every session of the plan, by date, in one round trip."""
        cursor = self.collection.find(
            {"runnerId": runner_id, "planId": plan_id}, batch_size=WHOLE_BATCH, session=self.session
        )
        return await cursor.sort([("scheduledDate", 1), ("_id", 1)]).to_list()

    async def replace(
        self,
        runner_id: ObjectId,
        removed: Sequence[tuple[ObjectId, int]],
        added: list[Document],
    ) -> bool:
        """Swap sessions of a plan revision: delete `removed` (id, version), insert `added`.

        A session is deleted only if it is still at the version the revision read. When one of
        them changed meanwhile (an activity linked, a day marked missed), nothing is inserted
        and the answer is False; the caller's transaction then gives up.
        """
        if removed:
            result = await self.collection.bulk_write(
                [
                    DeleteOne({"_id": key, "runnerId": runner_id, "version": version})
                    for key, version in removed
                ],
                session=self.session,
            )
            if result.deleted_count != len(removed):
                return False
        await self.insert_many(added)
        return True

    async def insert_many(self, sessions: list[Document]) -> None:
        """Insert every session of a plan in one round trip."""
        if sessions:
            await self.collection.insert_many(sessions, ordered=False, session=self.session)

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
            session=self.session,
        )
        return await cursor.to_list()
