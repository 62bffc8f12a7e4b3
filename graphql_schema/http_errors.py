"""Requests refused before execution, answered with a GraphQL-shaped body and a 4xx status."""

from __future__ import annotations

from starlette.responses import Response

from app.http_guards import error_document

JSON = "application/json"


class RefusedRequestError(Exception):
    """A request the endpoint will not run; the message says what to send instead."""

    def __init__(self, message: str, code: str, status_code: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status_code = status_code

    def as_response(self, media_type: str = JSON) -> Response:
        """`{"errors": [{"message", "extensions": {"code"}}]}` with the error's status."""
        return Response(
            error_document(str(self), self.code),
            status_code=self.status_code,
            media_type=f"{media_type}; charset=utf-8",
        )
