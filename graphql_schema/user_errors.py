"""Typed errors for expected mutation failures, returned in each mutation's result union."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry

from app.errors import ConflictError, DomainError, InvalidInputError, NotFoundError

T = TypeVar("T")
PayloadT = TypeVar("PayloadT")


@strawberry.interface(
    name="UserError", description="An expected failure, with a message a person can act on."
)
class UserProblem:
    message: str


@strawberry.type(description="No such object for the viewer.")
class NotFound(UserProblem):
    entity: str
    id: str


@strawberry.type(description="An input breaks a rule; `field` is its path.")
class InvalidInput(UserProblem):
    field: str
    rule: str


@strawberry.type(description="The object's current state does not allow this change.")
class Conflict(UserProblem):
    pass


def user_error(exc: DomainError) -> NotFound | InvalidInput | Conflict:
    """The typed error for a domain failure."""
    if isinstance(exc, NotFoundError):
        return NotFound(message=exc.message, entity=exc.entity, id=exc.object_id)
    if isinstance(exc, InvalidInputError):
        return InvalidInput(message=exc.message, field=exc.field, rule=exc.rule)
    if isinstance(exc, ConflictError):
        return Conflict(message=exc.message)
    raise exc


async def payload_or_user_error(
    change: Awaitable[T], payload: Callable[[T], PayloadT]
) -> PayloadT | NotFound | InvalidInput | Conflict:
    """The mutation's payload for what `change` returns, or the typed error it failed with."""
    try:
        result = await change
    except DomainError as exc:
        return user_error(exc)
    return payload(result)
