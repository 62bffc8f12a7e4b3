"""Errors the API shows as they are; everything else is masked and logged."""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError
from pymongo.errors import ConnectionFailure, ServerSelectionTimeoutError
from strawberry.extensions import MaskErrors

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


def should_mask_error(error: GraphQLError) -> bool:
    """Mask unexpected exceptions; keep GraphQL (parse, validation) and client errors readable."""
    original = error.original_error
    return original is not None and not isinstance(original, (ClientError, GraphQLError))


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
        return super().anonymise_error(error)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = super()._process_errors(errors)
        for error in processed:
            original = error.original_error
            if isinstance(original, ClientError):
                error.extensions = {**(error.extensions or {}), **original.extensions}
        return processed
