"""The HTTP server: uvicorn, with its connections bounded in header size and header time.

uvicorn times out idle keep-alive connections only: a client that opens a connection and
sends nothing, or dribbles its headers a byte at a time, holds it forever; and its httptools
parser takes headers of any size. The protocol below gives every request's headers a deadline
and a size limit, answering 408 or 431 and closing. Slow bodies are bounded by
`RequestBodyGuard`, which can still answer through the application.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httptools
import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.settings import Settings

log = logging.getLogger("cadence.http")

LINGER_S = 2.0
REASONS = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


class GuardedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline and a size limit on each request's headers."""

    header_timeout_s: float = 10
    max_header_bytes: int = 32_768

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._header_bytes = 0
        self._refused = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """A connection must send a request's headers within the deadline, even the first."""
        super().connection_made(transport)
        self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        """Nothing left to time."""
        self._disarm_header_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Uvicorn's parsing, minus its second log line and 400 for a request refused here."""
        if self._refused:
            return
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            if not self._refused:
                msg = "Invalid HTTP request received."
                self.logger.warning(msg)
                self.send_400_response(msg)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        if self._header_deadline is not None:
            # Still in the headers: the parser holds an unfinished header line in memory
            # and reports it only once complete, so the bytes are counted as they come.
            self._count(len(data))

    def on_message_begin(self) -> None:
        """A new request starts: its headers are counted and timed from here."""
        super().on_message_begin()
        self._header_bytes = 0
        self._arm_header_deadline()

    def on_url(self, url: bytes) -> None:
        """The request target counts towards the header size."""
        if self._count(len(url)):
            raise _RefusedError
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        """Each header counts towards the size limit."""
        if self._count(len(name) + len(value)):
            raise _RefusedError
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        """Headers in time: the body is `RequestBodyGuard`'s business."""
        self._disarm_header_deadline()
        super().on_headers_complete()

    def _count(self, size: int) -> bool:
        """Count header bytes; past the limit, refuse the request (True)."""
        self._header_bytes += size
        if self._header_bytes <= self.max_header_bytes:
            return False
        if not self._refused:
            log.warning(
                "request headers too large: refused", extra={"limit": self.max_header_bytes}
            )
        self._refuse(431, f"Request headers are over {self.max_header_bytes} bytes.")
        return True

    def _arm_header_deadline(self) -> None:
        self._disarm_header_deadline()
        self._header_deadline = self.loop.call_later(self.header_timeout_s, self._headers_late)

    def _disarm_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_late(self) -> None:
        self._header_deadline = None
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request is being answered; the next one is timed when it begins
        log.warning("request headers too slow: connection closed")
        self._refuse(408, f"Send the request headers within {self.header_timeout_s:g} s.")

    def _refuse(self, status: int, message: str) -> None:
        if self._refused or self.transport.is_closing():
            return
        self._refused = True
        body = message.encode()
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n%s"
            % (status, REASONS[status], len(body), body)
        )
        # A lingering close: closing with the client's bytes unread would reset the
        # connection and lose the answer, so what still comes is read and dropped a moment.
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(LINGER_S, self.transport.close)
        else:
            self.transport.close()


class _RefusedError(Exception):
    """Stops the parser once a request is refused."""


def guarded_protocol(settings: Settings) -> type[GuardedHttpProtocol]:
    """The protocol class with the settings' limits."""
    return type(
        "GuardedHttpProtocol",
        (GuardedHttpProtocol,),
        {
            "header_timeout_s": settings.header_timeout_s,
            "max_header_bytes": settings.max_header_bytes,
        },
    )


def server_config(app: Starlette, settings: Settings, **options: Any) -> uvicorn.Config:
    """How `cadence serve` and the tests run the app: uvicorn with the guarded protocol."""
    return uvicorn.Config(
        app,
        http=guarded_protocol(settings),
        log_config=None,
        access_log=False,
        ws="websockets-sansio",
        lifespan="on",
        **options,
    )
