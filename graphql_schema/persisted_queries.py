"""Automatic persisted queries, as Apollo defines them (`extensions.persistedQuery`).

A client first sends only the SHA-256 of its query; an unknown hash answers
`PersistedQueryNotFound`, the client sends the query with its hash once, and from then on the
hash alone is enough (over POST or GET). The store is bounded: least recently used queries go
first, so a client sending random texts cannot grow the process.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from graphql_schema.http_errors import RefusedRequestError

APQ_VERSION = 1


class PersistedQueryStore:
    """Query texts by their SHA-256, at most `capacity` of them (least recently used go first)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._queries: OrderedDict[str, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._queries)

    def get(self, sha256_hash: str) -> str | None:
        """The query stored under the hash, if it is still remembered."""
        query = self._queries.get(sha256_hash)
        if query is not None:
            self._queries.move_to_end(sha256_hash)
        return query

    def put(self, sha256_hash: str, query: str) -> None:
        """Remember a query, forgetting the least recently used one past the capacity."""
        if self.capacity == 0:
            return
        self._queries[sha256_hash] = query
        self._queries.move_to_end(sha256_hash)
        while len(self._queries) > self.capacity:
            self._queries.popitem(last=False)


def resolve_persisted_query(
    store: PersistedQueryStore, query: str | None, extensions: dict[str, object] | None
) -> str | None:
    """The query text to run: the one sent, or the one stored for `persistedQuery`'s hash."""
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return query
    if not isinstance(persisted, dict) or persisted.get("version") != APQ_VERSION:
        msg = f"Unsupported persisted query version: only version {APQ_VERSION} is known."
        raise RefusedRequestError(msg, "PERSISTED_QUERY_NOT_SUPPORTED", 400)
    sha256_hash = persisted.get("sha256Hash")
    if not isinstance(sha256_hash, str) or not sha256_hash:
        msg = "persistedQuery.sha256Hash must be the hex SHA-256 of the query."
        raise RefusedRequestError(msg, "BAD_REQUEST", 400)
    sha256_hash = sha256_hash.lower()
    if query is None:
        stored = store.get(sha256_hash)
        if stored is None:
            raise RefusedRequestError("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND", 404)
        return stored
    if hashlib.sha256(query.encode()).hexdigest() != sha256_hash:
        raise RefusedRequestError("provided sha does not match query", "BAD_REQUEST", 400)
    store.put(sha256_hash, query)
    return query
