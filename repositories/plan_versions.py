"""Earlier versions of plans: the whole plan and its sessions as they were before a change."""

from __future__ import annotations

from bson import ObjectId
from pymongo import ASCENDING, IndexModel

from repositories.base import Document, Repository

SUMMARY_FIELDS = {"version": 1, "createdAt": 1, "kind": 1, "summary": 1}


class PlanVersionRepository(Repository):
    """The `planVersions` collection: one snapshot per replaced version of a plan.

    The unique `(planId, version)` index makes a snapshot the claim on a version: of two
    revisions of the same version, the second cannot store its snapshot and gives up.
    """

    collection_name = "planVersions"
    indexes = (
        IndexModel(
            [("planId", ASCENDING), ("version", ASCENDING)],
            unique=True,
            name="plan_version_unique",
        ),
        IndexModel([("runnerId", ASCENDING), ("planId", ASCENDING)], name="runner_plan"),
    )

    async def insert(self, snapshot: Document) -> None:
        """Store the snapshot of a version about to be replaced (DuplicateKeyError if taken)."""
        await self.collection.insert_one(snapshot, session=self.session)

    async def get(self, runner_id: ObjectId, plan_id: ObjectId, version: int) -> Document | None:
        """One earlier version of the runner's plan, with its sessions."""
        return await self.collection.find_one(
            {"planId": plan_id, "version": version, "runnerId": runner_id}, session=self.session
        )

    async def summaries(self, runner_id: ObjectId, plan_id: ObjectId) -> list[Document]:
        """The earlier versions of the plan (number, date, what replaced it), oldest first."""
        cursor = self.collection.find(
            {"planId": plan_id, "runnerId": runner_id}, SUMMARY_FIELDS, session=self.session
        )
        return await cursor.sort("version", 1).to_list()
