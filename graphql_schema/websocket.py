"""The `graphql-transport-ws` side of `/graphql`: sign-in failures and token expiry.

Close codes a client can act on: 4401 when the token is missing or not valid (graphql-ws does
not retry it), 4403 "Token expired" when it expired, at `connection_init` or while the socket
was open (graphql-ws retries it, asking its `connectionParams` again: a fresh token).
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime

from starlette.responses import PlainTextResponse
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage
from strawberry.types.unset import UnsetType

from app.auth import token_expiry
from graphql_schema.context import Context

CLOSE_UNAUTHORIZED = 4401
CLOSE_TOKEN_EXPIRED = 4403
CLOSE_TOO_MANY_CONNECTIONS = 4429
"""The user already has as many open connections as allowed (`CADENCE_MAX_WEBSOCKETS_PER_USER`)."""
TOKEN_EXPIRED_REASON = "Token expired: sign in again"  # noqa: S105 - a close reason, not a secret
EXPIRY_CHECK_EVERY_S = 1.0
"""How often an open socket compares its token's expiry with the application's clock."""


class WebSocketRefusedError(ConnectionRejectionError):
    """`connection_init` refused, with the close code and reason the client sees."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__({"message": reason})
        self.code = code
        self.reason = reason[:120]  # a close reason is at most 123 bytes


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Strawberry's handler, with our close codes and a socket closed when its token expires."""

    expiry_task: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        """Acknowledge a signed-in connection; refuse others with a code the client can read."""
        if self.connection_timed_out:
            return
        if self.connection_init_timeout_task:
            self.connection_init_timeout_task.cancel()
        payload = message.get("payload", {})
        if not isinstance(payload, dict):
            await self.websocket.close(code=4400, reason="Invalid connection init payload")
            return
        if self.connection_init_received:
            await self.websocket.close(code=4429, reason="Too many initialisation requests")
            return
        self.connection_init_received = True
        self.context.connection_params = payload
        try:
            ack_payload = await self.view.on_ws_connect(self.context)
        except WebSocketRefusedError as refused:
            await self.websocket.close(code=refused.code, reason=refused.reason)
            return
        except ConnectionRejectionError:
            await self.websocket.close(code=CLOSE_UNAUTHORIZED, reason="Unauthorized")
            return
        if isinstance(ack_payload, UnsetType) or ack_payload is None:
            await self.send_message({"type": "connection_ack"})
        else:
            await self.send_message({"type": "connection_ack", "payload": ack_payload})
        self.connection_acknowledged = True
        expires_at = token_expiry(self.context.token) if self.context.token else None
        if expires_at is not None:
            self.expiry_task = asyncio.create_task(self.close_at(expires_at))

    async def close_at(self, expires_at: datetime) -> None:
        """Close the socket once the application's clock reaches the token's expiry."""
        clock = self.context.clock
        # The clock may be moved (tests, tools): polling it, not one long sleep, sees that.
        while (remaining := (expires_at - clock.now()).total_seconds()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(min(remaining, EXPIRY_CHECK_EVERY_S))
        await self.websocket.close(code=CLOSE_TOKEN_EXPIRED, reason=TOKEN_EXPIRED_REASON)

    async def shutdown(self) -> None:
        """Stop watching the token's expiry, then let Strawberry stop the operations."""
        if self.expiry_task is not None:
            self.expiry_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.expiry_task
        await super().shutdown()


async def refuse_subprotocol(websocket: WebSocket) -> WebSocket:
    """Refuse a handshake offering no subprotocol we speak, with a 400 when the server can."""
    message = (
        f"Unsupported WebSocket subprotocol: this endpoint speaks {GRAPHQL_TRANSPORT_WS_PROTOCOL}"
        " only (the legacy graphql-ws subprotocol is not supported)."
    )
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        await websocket.send_denial_response(PlainTextResponse(message, status_code=400))
    else:
        await websocket.close(code=4406, reason="Subprotocol not acceptable")
    return websocket
