"""Accounts."""

from __future__ import annotations

from datetime import datetime

from bson import ObjectId
from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from app.models.user import UserDocument
from repositories.base import Document, Repository


class UserRepository(Repository):
    """The `users` collection."""

    collection_name = "users"
    indexes = (
        IndexModel([("email", ASCENDING)], unique=True, name="email_unique"),
        # Only provider accounts carry a subject; the others stay out of the index.
        IndexModel(
            [("oidcIssuer", ASCENDING), ("oidcSubject", ASCENDING)],
            unique=True,
            name="oidc_subject_unique",
            partialFilterExpression={"oidcSubject": {"$type": "string"}},
        ),
    )

    async def get(self, user_id: ObjectId) -> Document | None:
        """The account with this id."""
        return await self.collection.find_one({"_id": user_id}, session=self.session)

    async def is_open(self, user_id: ObjectId) -> bool:
        """The account exists and is not disabled (one `_id` lookup, no document transferred)."""
        found = await self.collection.find_one(
            {"_id": user_id, "disabledAt": None}, {"_id": 1}, session=self.session
        )
        return found is not None

    async def open_among(self, user_ids: list[ObjectId]) -> set[ObjectId]:
        """Which of these accounts exist and are not disabled (one query for them all)."""
        cursor = self.collection.find(
            {"_id": {"$in": user_ids}, "disabledAt": None}, {"_id": 1}, session=self.session
        )
        return {found["_id"] async for found in cursor}

    async def disable(self, user_id: ObjectId, now: datetime) -> bool:
        """Disable the account; whether it was open."""
        result = await self.collection.update_one(
            {"_id": user_id, "disabledAt": None},
            {"$set": {"disabledAt": now}},
            session=self.session,
        )
        return result.modified_count == 1

    async def by_email(self, email: str) -> Document | None:
        """The account with this email."""
        return await self.collection.find_one({"email": email}, session=self.session)

    async def delete(self, user_id: ObjectId) -> bool:
        """Delete the account document; whether there was one."""
        result = await self.collection.delete_one({"_id": user_id}, session=self.session)
        return result.deleted_count == 1

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

    async def ensure_for_subject(self, user: UserDocument) -> Document | None:
        """The account of the user's provider subject, created from `user` when missing.

        None when creating it would take an email another account already has.
        """
        identity = {"oidcIssuer": user.oidc_issuer, "oidcSubject": user.oidc_subject}
        for _ in range(2):
            try:
                return await self._update_then_read(
                    identity, {"$setOnInsert": user.to_mongo()}, identity, upsert=True
                )
            except DuplicateKeyError as exc:
                if "email_unique" in str(exc):
                    return None
                # Another first sign-in of the same subject won the insert: read it now.
        return await self.collection.find_one(identity, session=self.session)

    async def set_subscription(
        self, user_id: ObjectId, subscription: Document, happened_at: datetime | None = None
    ) -> None:
        """Replace the account's subscription (as of `happened_at`, when given)."""
        changes: Document = {"subscription": subscription}
        if happened_at is not None:
            changes["subscriptionEventAt"] = happened_at
        await self.collection.update_one({"_id": user_id}, {"$set": changes}, session=self.session)

    async def set_subscription_if_newer(
        self, user_id: ObjectId, subscription: Document, happened_at: datetime
    ) -> bool:
        """Replace the subscription unless a later billing event set it; whether it did.

        One conditional update: an account without `subscriptionEventAt` matches too.
        """
        result = await self.collection.update_one(
            {"_id": user_id, "subscriptionEventAt": {"$not": {"$gt": happened_at}}},
            {"$set": {"subscription": subscription, "subscriptionEventAt": happened_at}},
            session=self.session,
        )
        return result.matched_count == 1
