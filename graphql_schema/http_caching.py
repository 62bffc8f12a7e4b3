"""Validators for GET query answers: an ETag, Cache-Control, and 304 on If-None-Match."""

from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response

# An answer depends on the viewer: shared caches must not keep it, the browser revalidates.
GET_CACHE_CONTROL = "private, no-cache"


def entity_tag(body: bytes) -> str:
    """A weak tag of the answer's bytes (weak: compression changes the bytes, not the meaning)."""
    return f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'


def matches(if_none_match: str | None, tag: str) -> bool:
    """Whether an If-None-Match header names `tag` (weak comparison, as RFC 9110 says)."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = tag.removeprefix("W/")
    return any(
        candidate.strip().removeprefix("W/") == opaque for candidate in if_none_match.split(",")
    )


def revalidated(request: Request, response: Response) -> Response:
    """The answer of a GET query with its validators, or 304 when the client holds it already."""
    if request.method != "GET" or response.status_code != 200:  # noqa: PLR2004 - only full answers
        return response
    tag = entity_tag(bytes(response.body))
    if matches(request.headers.get("if-none-match"), tag):
        return Response(
            status_code=304,
            headers={"etag": tag, "cache-control": GET_CACHE_CONTROL, "vary": "Authorization"},
        )
    response.headers["etag"] = tag
    response.headers["cache-control"] = GET_CACHE_CONTROL
    response.headers["vary"] = "Authorization"
    return response
