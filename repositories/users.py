"""Accounts."""

from __future__ import annotations

from bson import ObjectId
from pymongo import ASCENDING, IndexModel

from app.models.user import UserDocument
from repositories.base import Document, Repository


class UserRepository(Repository):
    """The `users` collection."""

    collection_name = "users"
    indexes = (IndexModel([("email", ASCENDING)], unique=True, name="email_unique"),)

    async def get(self, user_id: ObjectId) -> Document | None:
        """The account with this id."""
        return await self.collection.find_one({"_id": user_id}, session=self.session)

    async def id_for_email(self, email: str) -> ObjectId | None:
        """The id of the account with this email, if there is one."""
        document = await self.collection.find_one(
            {"email": email}, {"_id": 1}, session=self.session
        )
        return document["_id"] if document else None

    async def count(self) -> int:
        """How many accounts exist."""
        return await self.collection.count_documents({}, session=self.session)

    async def ensure(self, user: UserDocument) -> Document:
        """The account with the user's email, created from `user` when missing."""
        document = await self._update_then_read(
            {"email": user.email},
            {"$setOnInsert": user.to_mongo()},
            {"email": user.email},
            upsert=True,
        )
        assert document is not None
        return document

    async def set_subscription(self, user_id: ObjectId, subscription: Document) -> None:
        """Replace the account's subscription."""
        await self.collection.update_one(
            {"_id": user_id}, {"$set": {"subscription": subscription}}, session=self.session
        )
