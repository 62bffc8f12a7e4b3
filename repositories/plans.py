"""Training plans and who follows which."""

from __future__ import annotations

from collections.abc import Sequence

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, IndexModel

from app.models.common import utc_now
from repositories.base import WHOLE_BATCH, Document, Projection, Repository, one_or_in


class PlanRepository(Repository):
    """The `trainingPlans` collection."""

    collection_name = "trainingPlans"
    indexes = (
        IndexModel([("runnerId", ASCENDING), ("createdAt", DESCENDING)], name="runner_created"),
        # Every plan carries a key (generated when the client sends none).
        IndexModel(
            [("runnerId", ASCENDING), ("idempotencyKey", ASCENDING)],
            unique=True,
            name="runner_idempotency_unique",
        ),
    )

    async def get(
        self, runner_id: ObjectId, plan_id: ObjectId, projection: Projection = None
    ) -> Document | None:
        """One of the runner's plans."""
        return await self.collection.find_one(
            {"_id": plan_id, "runnerId": runner_id},
            projection,
            session=self.session,
        )

    async def for_runner(
        self, runner_id: ObjectId, projection: Projection = None
    ) -> list[Document]:
        """Every plan of the runner, newest first."""
        cursor = self.collection.find({"runnerId": runner_id}, projection, session=self.session)
        return await cursor.sort("createdAt", -1).to_list()

    async def for_races(self, runner_id: ObjectId, race_ids: Sequence[ObjectId]) -> list[Document]:
        """Id, race and creation time of the runner's plans for these races, newest first.

        Only those three keys: the caller picks a page per race and reads the plans it keeps.
        """
        cursor = self.collection.find(
            {"runnerId": runner_id, "raceId": one_or_in(race_ids)},
            {"raceId": 1, "createdAt": 1},
            batch_size=WHOLE_BATCH,
            session=self.session,
        )
        return await cursor.sort([("createdAt", -1), ("_id", -1)]).to_list()

    async def by_ids(
        self, runner_id: ObjectId, ids: Sequence[ObjectId], projection: Projection = None
    ) -> dict[ObjectId, Document]:
        """The runner's plans with these ids, in one round trip."""
        return await self._owned_many(runner_id, ids, projection)

    async def by_idempotency_key(self, runner_id: ObjectId, key: str) -> Document | None:
        """The plan a previous request with this key created (any status)."""
        return await self.collection.find_one(
            {"idempotencyKey": key, "runnerId": runner_id}, session=self.session
        )

    async def insert(self, plan: Document) -> None:
        """Insert a plan document."""
        await self.collection.insert_one(plan, session=self.session)

    async def compare_and_set_status(
        self, runner_id: ObjectId, plan_id: ObjectId, expected: str, new: str, extra: Document
    ) -> Document | None:
        """Move the plan from `expected` to `new` status; None when it was not in `expected`."""
        return await self._update_then_read(
            {"_id": plan_id, "runnerId": runner_id, "status": expected},
            {"$set": {"status": new, "updatedAt": utc_now(), **extra}},
            {"_id": plan_id, "runnerId": runner_id},
        )

    async def set_if_version(
        self, runner_id: ObjectId, plan_id: ObjectId, expected: Document, changes: Document
    ) -> Document | None:
        """Apply `changes` and move to the next version if the plan is still as `expected`.

        Both its `version` and its `status` must match: a status change meanwhile fails it too.
        """
        version = expected["version"]
        return await self._update_then_read(
            {
                "_id": plan_id,
                "runnerId": runner_id,
                "version": version,
                "status": expected["status"],
            },
            {"$set": {**changes, "version": version + 1, "updatedAt": utc_now()}},
            {"_id": plan_id, "runnerId": runner_id},
        )


class PlanAssignmentRepository(Repository):
    """The `planAssignments` collection: the latest assignment is the active plan."""

    collection_name = "planAssignments"
    indexes = (
        IndexModel([("runnerId", ASCENDING), ("assignedAt", DESCENDING)], name="runner_assigned"),
    )

    async def latest_plan_id(self, runner_id: ObjectId) -> ObjectId | None:
        """The plan the runner follows now."""
        document = await self.collection.find_one(
            {"runnerId": runner_id},
            {"planId": 1},
            sort=[("assignedAt", -1), ("_id", -1)],
            session=self.session,
        )
        return document["planId"] if document else None

    async def insert(self, assignment: Document) -> None:
        """Record that the runner took a plan."""
        await self.collection.insert_one(assignment, session=self.session)
