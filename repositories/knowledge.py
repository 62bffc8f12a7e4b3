"""The knowledge base and the safeguards: shared reference data, seeded from files."""

from __future__ import annotations

from collections.abc import Sequence

from pymongo import ASCENDING, IndexModel
from pymongo.errors import OperationFailure

from repositories.base import Document, Repository, is_duplicate_key


class _KeyedReferenceRepository(Repository):
    """Reference documents identified by a unique `key`, seeded idempotently."""

    indexes = (IndexModel([("key", ASCENDING)], unique=True, name="key_unique"),)

    async def seed(self, documents: Sequence[Document]) -> None:
        """Insert or refresh the documents whose key is missing or whose version is newer.

        Several API processes start at once: a process that finds another already wrote a
        document leaves it be.
        """
        stored = {
            document["key"]: document.get("version", 1)
            async for document in self.collection.find(
                {}, {"key": 1, "version": 1}, session=self.session
            )
        }
        for document in documents:
            if stored.get(document["key"], 0) >= document.get("version", 1):
                continue
            replacement = {k: v for k, v in document.items() if k != "_id"}
            try:
                await self.collection.replace_one(
                    {"key": document["key"]}, replacement, upsert=True, session=self.session
                )
            except OperationFailure as exc:  # another process seeded it first
                if not is_duplicate_key(exc):
                    raise

    async def all(self) -> list[Document]:
        """Every document, by key."""
        return await self.collection.find({}, session=self.session).sort("key", 1).to_list()


class KnowledgeRepository(_KeyedReferenceRepository):
    """The `knowledgeBase` collection."""

    collection_name = "knowledgeBase"

    async def keys(self) -> set[str]:
        """The key of every entry."""
        return {
            document["key"]
            async for document in self.collection.find({}, {"key": 1}, session=self.session)
        }

    async def search(self, category: str | None, tags: Sequence[str] | None) -> list[Document]:
        """Entries in a category and carrying every one of `tags`."""
        query: Document = {}
        if category:
            query["category"] = category
        if tags:
            query["tags"] = {"$all": list(tags)}
        return await self.collection.find(query, session=self.session).sort("key", 1).to_list()


class SafeguardRepository(_KeyedReferenceRepository):
    """The `safeguards` collection."""

    collection_name = "safeguards"

    async def all(self) -> list[Document]:
        """Every safeguard, highest priority first."""
        return (
            await self.collection.find({}, session=self.session)
            .sort([("priority", -1), ("key", 1)])
            .to_list()
        )
