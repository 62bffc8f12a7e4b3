"""The small generic base every repository builds on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from pymongo import IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

Document = dict[str, Any]
Database = AsyncDatabase[Document]
Collection = AsyncCollection[Document]


class Repository:
    """Holds one collection; subclasses add methods named for the domain question."""

    collection_name: ClassVar[str]
    indexes: ClassVar[Sequence[IndexModel]] = ()

    def __init__(self, db: Database) -> None:
        self.db = db
        self.collection: Collection = db[self.collection_name]

    async def ensure_indexes(self) -> None:
        """Create this collection's indexes; a no-op when they already exist."""
        if self.indexes:
            await self.collection.create_indexes(list(self.indexes))


def projection_of(fields: Sequence[str] | None) -> Mapping[str, int] | None:
    """A Mongo projection keeping `fields` (and `_id`), or None for the whole document."""
    if fields is None:
        return None
    return dict.fromkeys(fields, 1)
