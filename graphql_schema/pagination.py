"""Relay-style connections with cursor pagination done in the database."""

from __future__ import annotations

from typing import Generic, TypeVar

import strawberry

from graphql_schema.documents import stored
from graphql_schema.errors import InvalidInputError, LimitExceededError
from repositories.base import Page

NodeT = TypeVar("NodeT")


@strawberry.type(description="Where a page stands in its list.")
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type(description="A node and the cursor just after it.")
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type(description="One page of a list, newest first.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo

    @classmethod
    def of(cls, node_type: type[NodeT], page: Page) -> Connection[NodeT]:
        """The connection for one page of stored documents."""
        edges = [
            Edge(cursor=page.cursor_of(document), node=stored(node_type, document))
            for document in page.documents
        ]
        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )


def page_size(first: int, maximum: int) -> int:
    """`first`, checked against the page-size limit."""
    if first < 1:
        msg = "`first` must be at least 1"
        raise InvalidInputError(msg, field="first")
    if first > maximum:
        msg = f"`first` may be at most {maximum}: ask for the next page with `after`"
        raise LimitExceededError(msg, field="first", maximum=maximum)
    return first
