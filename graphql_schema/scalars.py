"""Scalars: ids are ObjectIds, calendar days are `YYYY-MM-DD`, instants are ISO 8601 in UTC."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from bson import ObjectId
from strawberry.schema.types.scalar import DEFAULT_SCALAR_REGISTRY
from strawberry.types.scalar import ScalarDefinition

from graphql_schema.errors import InvalidInputError


def parse_id(value: str, argument: str = "id") -> ObjectId:
    """An ObjectId from its 24-hex-character form; a readable error naming the argument."""
    if ObjectId.is_valid(value):
        return ObjectId(value)
    msg = f"`{argument}`: {value!r} is not a valid id (ids are 24 hexadecimal characters)"
    raise InvalidInputError(msg, field=argument)


def parse_day(value: Any) -> date:
    """A calendar day from `YYYY-MM-DD`."""
    if isinstance(value, str) and len(value) == len("YYYY-MM-DD"):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    msg = f"{value!r} is not a calendar day: write it YYYY-MM-DD"
    raise ValueError(msg)


def serialize_day(value: date | str) -> str:
    """Days are stored as `YYYY-MM-DD` strings already; dates are formatted the same way."""
    return value if isinstance(value, str) else value.isoformat()


DATE_SCALAR: ScalarDefinition = strawberry.scalar(
    name="Date",
    description="A calendar day in the runner's timezone, written YYYY-MM-DD.",
    serialize=serialize_day,
    parse_value=parse_day,
)

# Stored ObjectIds are read as GraphQL's own ID (graphql-core writes them with str()).
SCALAR_OVERRIDES: dict[object, Any] = {
    ObjectId: DEFAULT_SCALAR_REGISTRY[strawberry.ID],
    date: DATE_SCALAR,
}
