"""Runners: the Runner Object, one per user."""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, IndexModel, UpdateOne

from app.models.common import utc_now
from app.models.runner import RunnerDocument
from repositories.base import Document, Projection, Repository


class RunnerRepository(Repository):
    """The `runners` collection."""

    collection_name = "runners"
    indexes = (IndexModel([("userId", ASCENDING)], unique=True, name="user_unique"),)

    async def get(self, runner_id: ObjectId, projection: Projection = None) -> Document | None:
        """The runner with this id."""
        return await self.collection.find_one({"_id": runner_id}, projection, session=self.session)

    async def id_for_user(self, user_id: ObjectId) -> ObjectId | None:
        """The id of the user's runner, if they have one."""
        document = await self.collection.find_one(
            {"userId": user_id}, {"_id": 1}, session=self.session
        )
        return document["_id"] if document else None

    async def ensure_for_user(self, runner: RunnerDocument) -> Document:
        """The user's runner, created from `runner` when missing."""
        document = await self._update_then_read(
            {"userId": runner.user_id},
            {"$setOnInsert": runner.to_mongo()},
            {"userId": runner.user_id},
            upsert=True,
        )
        assert document is not None
        return document

    async def replace_section(
        self, runner_id: ObjectId, section: str, value: Any
    ) -> Document | None:
        """Write one whole section of the runner object; the updated runner."""
        return await self._update_then_read(
            {"_id": runner_id},
            {"$set": {section: value, "updatedAt": utc_now()}},
            {"_id": runner_id},
        )

    async def set_section_fields(
        self, runner_id: ObjectId, section: str, values: Document, unset: list[str]
    ) -> Document | None:
        """Set (and unset) these fields of one section of the runner object; the updated runner."""
        update: Document = {
            "$set": {**{f"{section}.{k}": v for k, v in values.items()}, "updatedAt": utc_now()}
        }
        if unset:
            update["$unset"] = {f"{section}.{name}": "" for name in unset}
        return await self._update_then_read({"_id": runner_id}, update, {"_id": runner_id})

    async def record_sync(self, runner_id: ObjectId, connections: list[Document]) -> None:
        """Stamp each connection's `lastSyncAt`, adding the connection where the runner has none.

        One command whatever the count, each update atomic on its own: nothing else of the
        runner object is read or rewritten, so a concurrent profile edit stays.
        """
        operations: list[UpdateOne] = []
        for connection in connections:
            source = connection["source"]
            operations += [
                UpdateOne(
                    {"_id": runner_id, "connections.providers.source": source},
                    {"$set": {"connections.providers.$[p].lastSyncAt": connection["lastSyncAt"]}},
                    array_filters=[{"p.source": source}],
                ),
                UpdateOne(
                    {"_id": runner_id, "connections.providers.source": {"$ne": source}},
                    {"$push": {"connections.providers": connection}},
                ),
            ]
        if operations:
            await self.collection.bulk_write(operations, ordered=True, session=self.session)

    async def set_derived_state(
        self, runner_id: ObjectId, current_state: Document, running: Document
    ) -> None:
        """Write what the inference engine derives, in one update by id; nothing the user typed.

        `running` holds the derived fields of the running section, by stored name.
        """
        await self.collection.update_one(
            {"_id": runner_id},
            {
                "$set": {
                    "currentState": current_state,
                    **{f"running.{name}": value for name, value in running.items()},
                }
            },
            session=self.session,
        )
