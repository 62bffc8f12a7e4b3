"""The small generic base every repository builds on, and cursor pagination in the database."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

import orjson
from bson import ObjectId
from pymongo import IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import OperationFailure

Document = dict[str, Any]
Database = AsyncDatabase[Document]
Collection = AsyncCollection[Document]
Projection = Mapping[str, int] | None
Session = AsyncClientSession

WHOLE_BATCH = 5000
"""Batch size for reads that need every document (a plan's sessions): one round trip, not a
first batch of 101 and then getMores, so the cost does not grow with the plan's length."""


DUPLICATE_KEY = 11000


def is_duplicate_key(exc: OperationFailure) -> bool:
    """A unique-index violation."""
    return exc.code == DUPLICATE_KEY


def one_or_in(values: Sequence[Any]) -> Any:
    """A filter on one value or several: equality for one value.

    SecantusDB 0.7.0b3's planner scans the collection for an `$in` before the last field of a
    compound index, and serves the same filter with an equality from the index.
    """
    return values[0] if len(values) == 1 else {"$in": list(values)}


class InvalidCursorError(ValueError):
    """A pagination cursor that this API did not issue."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a connection, newest first."""

    documents: list[Document]
    has_next_page: bool
    sort_key: str

    def cursor_of(self, document: Document) -> str:
        """The opaque cursor pointing just after `document`."""
        return encode_cursor(document[self.sort_key], document["_id"])


def encode_cursor(sort_value: Any, document_id: ObjectId) -> str:
    """An opaque cursor from the sort value and id of a document."""
    value = sort_value.isoformat() if isinstance(sort_value, datetime) else sort_value
    payload = orjson.dumps([value, str(document_id), isinstance(sort_value, datetime)])
    return base64.urlsafe_b64encode(payload).decode()


def decode_cursor(cursor: str) -> tuple[Any, ObjectId]:
    """The sort value and id a cursor points after."""
    msg = "the cursor is not one this API issued; start again without `after`"
    try:
        value, raw_id, is_datetime = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
        if is_datetime and isinstance(value, str):
            return datetime.fromisoformat(value), ObjectId(raw_id)
        if not is_datetime and isinstance(value, str | int | float):
            return value, ObjectId(raw_id)
    except (ValueError, TypeError, orjson.JSONDecodeError) as exc:
        raise InvalidCursorError(msg) from exc
    raise InvalidCursorError(msg)  # a forged cursor: its sort value must be a plain scalar


class Repository:
    """Holds one collection; subclasses add methods named for the domain question.

    Built with a `session` inside a transaction (`Repositories.in_transaction`): every command
    then runs in that transaction.
    """

    collection_name: ClassVar[str]
    indexes: ClassVar[Sequence[IndexModel]] = ()

    def __init__(self, db: Database, session: Session | None = None) -> None:
        self.db = db
        self.session = session
        self.collection: Collection = db[self.collection_name]

    async def ensure_indexes(self) -> None:
        """Create this collection's indexes; a no-op when they already exist."""
        if self.indexes:
            await self.collection.create_indexes(list(self.indexes))

    async def _owned(
        self, runner_id: ObjectId, document_id: ObjectId, projection: Projection = None
    ) -> Document | None:
        """One document of this runner, or None (another runner's id reads as missing)."""
        return await self.collection.find_one(
            {"_id": document_id, "runnerId": runner_id}, projection, session=self.session
        )

    async def _update_then_read(
        self, query: Document, update: Document, identity: Document, *, upsert: bool = False
    ) -> Document | None:
        """Apply `update` to the one document matching `query`; that document after it, or None.

        What `find_one_and_update` answers, without it: SecantusDB 0.7.0b3 runs findAndModify
        as a collection scan whatever the filter (measured at 100,000 documents: 0.9 s by `_id`
        against 1.2 ms for `update_one` with the same filter). `update_one` is just as atomic
        on its filter (compare-and-set); the document is then read back by `identity`. Inside
        a transaction that read is the update's result; outside one it may already show a
        later write.
        """
        result = await self.collection.update_one(
            query, update, upsert=upsert, session=self.session
        )
        if result.matched_count == 0 and result.upserted_id is None:
            return None
        return await self.collection.find_one(identity, session=self.session)

    async def _owned_many(
        self, runner_id: ObjectId, ids: Sequence[ObjectId], projection: Projection = None
    ) -> dict[ObjectId, Document]:
        """Documents of this runner by id, in one round trip."""
        cursor = self.collection.find(
            {"_id": {"$in": list(ids)}, "runnerId": runner_id},
            projection,
            batch_size=WHOLE_BATCH,
            session=self.session,
        )
        return {document["_id"]: document async for document in cursor}

    async def _page(
        self,
        query: dict[str, Any],
        sort_key: str,
        first: int,
        after: str | None,
        projection: Projection = None,
    ) -> Page:
        """A page sorted by `sort_key` then `_id`, newest first.

        The first page is one round trip. A later one reads the rest of the documents sharing
        the cursor's sort value first, then the older ones if the page is not full yet: two
        range queries instead of one `$or`, which SecantusDB 0.7.0b3 answers with a collection
        scan.
        """
        order = [(sort_key, -1), ("_id", -1)]
        if after is None:
            cursor = self.collection.find(query, projection, session=self.session)
            documents = await cursor.sort(order).limit(first + 1).to_list()
            return Page(documents[:first], len(documents) > first, sort_key)
        value, last_id = decode_cursor(after)
        ties = self.collection.find(
            {**query, sort_key: value, "_id": {"$lt": last_id}}, projection, session=self.session
        )
        documents = await ties.sort(order).limit(first + 1).to_list()
        if len(documents) <= first:
            # Keep the query's own bounds on the sort key (a window of dates, say).
            bounds = query.get(sort_key)
            older_range = {**(bounds if isinstance(bounds, dict) else {}), "$lt": value}
            older = self.collection.find(
                {**query, sort_key: older_range}, projection, session=self.session
            )
            documents += await older.sort(order).limit(first + 1 - len(documents)).to_list()
        return Page(documents[:first], len(documents) > first, sort_key)
