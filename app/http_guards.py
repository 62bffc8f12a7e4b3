"""ASGI guards in front of the routes: security headers, and bounded request bodies."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import re
import time

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("cadence.http")

# JSON answers load nothing and may be framed by nobody.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# GraphiQL (development only) runs scripts from this server and its inline blocks by hash;
# GraphiQL sets inline styles itself and talks to the API over HTTP and WebSocket.
IDE_CSP = (
    "default-src 'none'; script-src 'self' {script_hashes}; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)


def script_hashes(html: bytes) -> str:
    """CSP sources allowing exactly the inline scripts of `html` (`'sha256-...'`)."""
    return " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in INLINE_SCRIPT.findall(html)
    )


class SecurityHeaders:
    """Adds the security headers to every HTTP answer; HTML gets a CSP fitted to its scripts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hold back the start of an HTML answer until its body shows its inline scripts."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: Message | None = None
        body = bytearray()

        async def secured_send(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if any(k == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                    held = {**message, "headers": headers}
                    return
                headers += [*SECURITY_HEADERS, (b"content-security-policy", API_CSP.encode())]
                await send({**message, "headers": headers})
                return
            if held is not None and message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                if message.get("more_body", False):
                    return
                csp = IDE_CSP.format(script_hashes=script_hashes(bytes(body)))
                held["headers"] += [*SECURITY_HEADERS, (b"content-security-policy", csp.encode())]
                await send(held)
                await send({"type": "http.response.body", "body": bytes(body)})
                return
            await send(message)

        await self.app(scope, receive, secured_send)


def error_document(message: str, code: str) -> bytes:
    """A request refused before any GraphQL ran, in the GraphQL-over-HTTP error shape."""
    return orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})


def json_error(
    message: str, status_code: int, code: str, *, close: bool = False
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Status, headers and body of an error answer; `close` ends the connection after it."""
    body = error_document(message, code)
    headers = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]
    if close:
        headers.append((b"connection", b"close"))
    return status_code, headers, body


class RequestBodyGuard:
    """Bounds a request body in size (413) and in time (408): slow senders are let go.

    `idle_timeout_s` bounds the silence between two chunks, `total_timeout_s` the whole body;
    multipart uploads get their own size limit.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        max_upload_bytes: int,
        idle_timeout_s: float,
        total_timeout_s: float,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes
        self.idle_timeout_s = idle_timeout_s
        self.total_timeout_s = total_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count the body's bytes and time as they arrive."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        multipart = headers.get(b"content-type", b"").startswith(b"multipart/")
        limit = self.max_upload_bytes if multipart else self.max_body_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _answer(send, *_too_large(limit))
            return
        body = _BoundedBody(receive, limit, self.idle_timeout_s, self.total_timeout_s)
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, body.receive, tracking_send)
        except _BodyTooLargeError:
            if not started:
                await _answer(send, *_too_large(limit))
        except _BodyTooSlowError:
            log.warning("request body too slow: refused", extra={"bytes": body.received})
            if not started:
                message = (
                    f"The request body came too slowly: send it within "
                    f"{self.total_timeout_s:g} s, with no pause over {self.idle_timeout_s:g} s."
                )
                await _answer(send, *json_error(message, 408, "REQUEST_TIMEOUT", close=True))


class _BoundedBody:
    """The `receive` of one request, failing once its body is too large or too slow."""

    def __init__(self, receive: Receive, limit: int, idle_s: float, total_s: float) -> None:
        self._receive = receive
        self._limit = limit
        self._idle_s = idle_s
        self._deadline = time.monotonic() + total_s
        self.received = 0
        self._complete = False

    async def receive(self) -> Message:
        """The next message, within the idle timeout and the body's deadline.

        Once the body is in, waiting is the application's choice (a stream listening for the
        client to disconnect), so the timeouts no longer apply.
        """
        if self._complete:
            return await self._receive()
        wait_s = max(min(self._idle_s, self._deadline - time.monotonic()), 0)
        try:
            message = await asyncio.wait_for(self._receive(), timeout=wait_s)
        except TimeoutError:
            raise _BodyTooSlowError from None
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self._limit:
                raise _BodyTooLargeError
            self._complete = not message.get("more_body", False)
        else:
            self._complete = True
        return message


def _too_large(limit: int) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    return json_error(
        f"Request body too large: the limit is {limit} bytes.", 413, "PAYLOAD_TOO_LARGE"
    )


async def _answer(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class _BodyTooLargeError(Exception):
    pass


class _BodyTooSlowError(Exception):
    pass
