"""HTTP middleware for browsers on other origins (CORS) and for large answers (compression)."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response

from app.settings import Settings

COMPRESS_FROM_BYTES = 1024
"""Answers of this size or more are gzipped for clients that accept it."""

CORS_REQUEST_HEADERS = (
    "authorization",
    "content-type",
    "accept",
    "apollographql-client-name",
    "apollographql-client-version",
    "x-request-id",
)


class Cors(CORSMiddleware):
    """Starlette's CORS middleware, answering an allowed preflight with 204 No Content."""

    def preflight_response(self, request_headers: Headers) -> Response:
        """The preflight answer: 204 with the Access-Control headers when allowed."""
        response = super().preflight_response(request_headers)
        if response.status_code != 200:  # noqa: PLR2004 - Starlette's "allowed" answer
            return response
        headers = {
            name: value
            for name, value in response.headers.items()
            if name.lower().startswith("access-control-") or name.lower() == "vary"
        }
        return Response(status_code=204, headers=headers)


def http_middleware(settings: Settings) -> list[Middleware]:
    """Compression outermost, then CORS for the configured origins (none: no CORS headers)."""
    middleware = [Middleware(GZipMiddleware, minimum_size=COMPRESS_FROM_BYTES)]
    if settings.allowed_origins:
        middleware.append(
            Middleware(
                Cors,
                allow_origins=settings.allowed_origins,
                allow_methods=("GET", "POST"),
                allow_headers=CORS_REQUEST_HEADERS,
                expose_headers=("etag", "x-request-id"),
                max_age=600,
            )
        )
    return middleware
