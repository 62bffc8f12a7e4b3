"""The knowledge base and the safeguards: shared reference data, seeded from files."""

from __future__ import annotations

from collections.abc import Sequence

from pymongo import ASCENDING, IndexModel, ReplaceOne

from repositories.base import Document, Repository


class _KeyedReferenceRepository(Repository):
    """Reference documents identified by a unique `key`, seeded idempotently."""

    indexes = (IndexModel([("key", ASCENDING)], unique=True, name="key_unique"),)

    async def seed(self, documents: Sequence[Document]) -> None:
        """Insert or refresh every document by key, in one round trip."""
        if documents:
            await self.collection.bulk_write(
                [
                    ReplaceOne({"key": document["key"]}, document, upsert=True)
                    for document in documents
                ],
                ordered=False,
            )

    async def all(self) -> list[Document]:
        """Every document, by key."""
        return await self.collection.find({}).sort("key", 1).to_list()


class KnowledgeRepository(_KeyedReferenceRepository):
    """The `knowledgeBase` collection."""

    collection_name = "knowledgeBase"

    async def search(self, category: str | None, tags: Sequence[str] | None) -> list[Document]:
        """Entries in a category and carrying every one of `tags`."""
        query: Document = {}
        if category:
            query["category"] = category
        if tags:
            query["tags"] = {"$all": list(tags)}
        return await self.collection.find(query).sort("key", 1).to_list()


class SafeguardRepository(_KeyedReferenceRepository):
    """The `safeguards` collection."""

    collection_name = "safeguards"

    async def all(self) -> list[Document]:
        """Every safeguard, highest priority first."""
        return await self.collection.find({}).sort([("priority", -1), ("key", 1)]).to_list()
