"""Scalars: ids are ObjectIds, calendar days are `YYYY-MM-DD`, instants are ISO 8601 in UTC.

A scalar refuses a value it cannot read with a `GraphQLError` that says what it expects: the
value came from the client, so the answer is theirs to read, and nothing is logged.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from bson import ObjectId
from graphql import GraphQLError, StringValueNode, ValueNode, print_ast
from strawberry.file_uploads import Upload
from strawberry.schema.types.scalar import DEFAULT_SCALAR_REGISTRY
from strawberry.types.scalar import ScalarDefinition

from graphql_schema.errors import InvalidInputError

DAY_FORMAT = "YYYY-MM-DD"


def parse_id(value: str, argument: str = "id") -> ObjectId:
    """An ObjectId from its 24-hex-character form; a readable error naming the argument."""
    if ObjectId.is_valid(value):
        return ObjectId(value)
    msg = f"`{argument}`: {value!r} is not a valid id (ids are 24 hexadecimal characters)"
    raise InvalidInputError(msg, field=argument)


def parse_day(value: Any) -> date:
    """A calendar day from `YYYY-MM-DD`."""
    if isinstance(value, str) and len(value) == len(DAY_FORMAT):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    shown = repr(value)[:40]
    msg = f"{shown} is not a calendar day: write it {DAY_FORMAT}"
    raise GraphQLError(msg)


def parse_day_literal(node: ValueNode, _variables: dict[str, Any] | None = None) -> date:
    """A calendar day written in the query itself: a string literal, `YYYY-MM-DD`."""
    if isinstance(node, StringValueNode):
        return parse_day(node.value)
    msg = f"a calendar day is a string written {DAY_FORMAT}, not {print_ast(node)[:40]}"
    raise GraphQLError(msg)


def serialize_day(value: date | str) -> str:
    """Days are stored as `YYYY-MM-DD` strings already; dates are formatted the same way."""
    return value if isinstance(value, str) else value.isoformat()


DATE_SCALAR: ScalarDefinition = strawberry.scalar(
    name="Date",
    description="A calendar day in the runner's timezone, written YYYY-MM-DD.",
    serialize=serialize_day,
    parse_value=parse_day,
    parse_literal=parse_day_literal,
)


def parse_upload(value: object) -> object:
    """A file from a multipart request (the GraphQL multipart request spec)."""
    if callable(getattr(value, "read", None)):
        return value
    msg = "an Upload is a file sent in a multipart request (the `map` names its variable)"
    raise GraphQLError(msg)


def parse_upload_literal(_node: ValueNode, _variables: dict[str, Any] | None = None) -> object:
    """Files cannot be written in the query: they travel as parts of a multipart request."""
    msg = "an Upload cannot be written in the query: send the file as a multipart variable"
    raise GraphQLError(msg)


UPLOAD_SCALAR: ScalarDefinition = strawberry.scalar(
    name="Upload",
    description="Represents a file upload.",
    serialize=lambda value: value,
    parse_value=parse_upload,
    parse_literal=parse_upload_literal,
)

# Stored ObjectIds are read as GraphQL's own ID (graphql-core writes them with str()).
SCALAR_OVERRIDES: dict[object, Any] = {
    ObjectId: DEFAULT_SCALAR_REGISTRY[strawberry.ID],
    date: DATE_SCALAR,
    Upload: UPLOAD_SCALAR,
}
