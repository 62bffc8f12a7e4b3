"""One log line per request, a request id on every line, and the X-Request-ID header."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.observability import Metrics, RequestRecord, current_request

log = logging.getLogger("cadence.request")

REQUEST_ID_HEADER = "x-request-id"
# A caller's id is kept when it is short and plain; anything else is replaced by a fresh one.
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")


def request_id_of(scope: Scope) -> str:
    """The caller's X-Request-ID when it is acceptable, else a new one."""
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER.encode():
            candidate: str = value.decode("latin-1")
            if _ACCEPTED_ID.fullmatch(candidate):
                return candidate
    return uuid.uuid4().hex


class RequestLog:
    """Outermost middleware: every HTTP request and WebSocket gets an id and one log line.

    Requests refused before they reach GraphQL (a body too large, a method not allowed, an
    unacceptable media type, an unknown path) are logged like any other.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request with its id in context, then write its line."""
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        websocket = scope["type"] == "websocket"
        record = RequestRecord(request_id_of(scope), websocket=websocket)
        token = current_request.set(record)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = record.request_id
            elif message["type"] == "websocket.accept":
                status = 101
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), record.request_id.encode()))
                message["headers"] = headers
            elif message["type"] == "websocket.close" and status != 101:  # noqa: PLR2004
                status = 403
            await send(message)

        if websocket:
            self.metrics.websocket_connections.inc()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if websocket:
                self.metrics.websocket_connections.dec()
            current_request.reset(token)
            _write_line(scope, record, status, time.perf_counter() - started)


def _write_line(scope: Scope, record: RequestRecord, status: int, seconds: float) -> None:
    extra: dict[str, Any] = {
        "request_id": record.request_id,
        "method": scope.get("method", "WEBSOCKET"),
        "path": scope.get("path", ""),
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
    }
    if len(record.operations) == 1:
        extra.update(record.operations[0])
    elif record.operations:
        extra["operations"] = record.operations
    log.info("request", extra=extra)
