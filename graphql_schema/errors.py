"""Errors the API shows as they are; everything else is masked and logged."""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError
from pymongo.errors import ConnectionFailure, ServerSelectionTimeoutError
from strawberry.extensions import MaskErrors

from repositories.base import InvalidCursorError

log = logging.getLogger("cadence.graphql")

DATABASE_UNAVAILABLE = "The database is unavailable right now; try again in a moment."


class ClientError(Exception):
    """An error whose message is meant for the client (shown unmasked, with a code)."""

    code = "BAD_REQUEST"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.extensions = {"code": self.code, **extensions}


class InvalidInputError(ClientError):
    """An argument breaks a rule; the message names the argument and the rule."""

    code = "BAD_USER_INPUT"


class NotFoundClientError(ClientError):
    """No such object for the viewer (in subscriptions, which have no result union)."""

    code = "NOT_FOUND"


class LimitExceededError(ClientError):
    """A request went over one of the API's limits (page size, subscriptions...)."""

    code = "LIMIT_EXCEEDED"


class AuthenticationRequiredError(ClientError):
    """The request carries no valid bearer token."""

    code = "UNAUTHENTICATED"


class TokenExpiredClientError(AuthenticationRequiredError):
    """The bearer token has expired: the client should sign in again."""


def _is_database_outage(error: GraphQLError) -> bool:
    return isinstance(error.original_error, (ConnectionFailure, ServerSelectionTimeoutError))


VALIDATION_TOO_COMPLEX = (
    "The operation is too complex to validate: it repeats or overlaps too many fields. "
    "Ask for each field once per selection, and use aliases only for different arguments."
)


def _is_client_mistake(original: BaseException) -> bool:
    return isinstance(original, (ClientError, GraphQLError, InvalidCursorError))


def should_mask_error(error: GraphQLError) -> bool:
    """Mask what failed while executing a field; keep the client's own mistakes readable.

    An error without a path never reached a resolver: the document did not parse or validate,
    or a scalar refused a literal or a variable. Those describe the request, not a fault.
    """
    original = error.original_error
    if original is None or _is_client_mistake(original):
        return False
    return error.path is not None


def _request_error_code(error: GraphQLError) -> str:
    if error.message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if error.original_error is not None:  # a scalar refused a variable's value
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


def with_code(error: GraphQLError) -> GraphQLError:
    """The error with an `extensions.code` a client can branch on, and a readable message."""
    original = error.original_error
    extensions = dict(error.extensions or {})
    if isinstance(original, ClientError):
        extensions.update(original.extensions)
    elif isinstance(original, InvalidCursorError):
        extensions.update(code=InvalidInputError.code, field="after")
    elif error.path is None and "code" not in extensions:
        extensions["code"] = _request_error_code(error)
    error.extensions = extensions
    if error.message == "Validation aborted.":
        error.message = VALIDATION_TOO_COMPLEX
        error.extensions["code"] = LimitExceededError.code
    return error


class ErrorPolicy(MaskErrors):
    """Masks unexpected errors (logging them), names database outages, codes client errors."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask_error, error_message="Unexpected error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        """Replace an unexpected error by a generic one, logging the real cause."""
        if _is_database_outage(error):
            log.warning("database unavailable", extra={"path": error.path})
            return GraphQLError(
                DATABASE_UNAVAILABLE,
                nodes=error.nodes,
                path=error.path,
                extensions={"code": "DATABASE_UNAVAILABLE"},
            )
        log.error("unexpected error", exc_info=error.original_error, extra={"path": error.path})
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [with_code(error) for error in super()._process_errors(errors)]
