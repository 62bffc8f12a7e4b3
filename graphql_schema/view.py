"""The `/graphql` endpoint: Strawberry's ASGI view, made to follow GraphQL over HTTP."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta
from typing import Any, cast

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import (
    GraphQLHTTPResponse,
    GraphQLRequestData,
    GraphQLRequestProtocol,
    process_result,
)
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from app.accounts import RunnerDirectory
from app.clock import Clock
from app.events import EventBus
from app.fitness.inference import StateRefresher
from app.observability import Metrics
from app.oidc import OidcProvider
from app.settings import Settings
from graphql_schema.connections import AccountWatch, ConnectionCounter, close_on_account_closed
from graphql_schema.context import Context, bearer_token
from graphql_schema.errors import AuthenticationRequiredError, TokenExpiredClientError
from graphql_schema.graphiql import development_headers, graphiql_page
from graphql_schema.http_caching import revalidated
from graphql_schema.http_errors import RefusedRequestError
from graphql_schema.persisted_queries import PersistedQueryStore, resolve_persisted_query
from graphql_schema.throttle import HTTP_TOO_MANY_REQUESTS, RunnerThrottle
from graphql_schema.websocket import (
    CLOSE_TOKEN_EXPIRED,
    CLOSE_TOO_MANY_CONNECTIONS,
    CLOSE_UNAUTHORIZED,
    TOKEN_EXPIRED_REASON,
    TransportWSHandler,
    WebSocketRefusedError,
    refuse_subprotocol,
)
from repositories.registry import Repositories

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
# What each HTTP method may run: subscriptions need the WebSocket.
HTTP_OPERATIONS = {
    "GET": frozenset({OperationType.QUERY}),
    "POST": frozenset({OperationType.QUERY, OperationType.MUTATION}),
}
HTTP_ERROR_CODES = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}
REQUEST_SHAPE = "a JSON object with `query` (a string), `variables` and `operationName`"


def negotiate_media_type(accept: str | None) -> str | None:
    """The response media type for an `Accept` header, or None when neither is acceptable."""
    if not accept:
        return JSON
    best: tuple[float, int, str] | None = None
    for position, part in enumerate(accept.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        candidates = {
            GRAPHQL_RESPONSE: [GRAPHQL_RESPONSE],
            JSON: [JSON],
            "application/*": [GRAPHQL_RESPONSE],
            "*/*": [JSON],
        }.get(media.lower(), [])
        for candidate in candidates:
            key = (quality, -position, candidate)
            if quality > 0 and (best is None or key[:2] > best[:2]):
                best = key
    return best[2] if best else None


def is_request_error(result: ExecutionResult) -> bool:
    """Parse, validation and variable errors: the request never reached execution."""
    if isinstance(result, PreExecutionError):
        return True
    errors: list[GraphQLError] = result.errors or []
    return result.data is None and bool(errors) and all(error.path is None for error in errors)


class CadenceGraphQL(GraphQL[Context, None]):
    """Builds our typed context and answers with the media type and status the spec asks."""

    graphql_transport_ws_handler_class = TransportWSHandler

    def __init__(self, schema: BaseSchema, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            multipart_uploads_enabled=True,
            max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
            allowed_origins=settings.allowed_origins,
            # The legacy `graphql-ws` subprotocol is refused at the handshake.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=settings.ws_connection_init_timeout_s),
        )
        self.settings = settings
        self.connections = ConnectionCounter(settings.max_websockets_per_user)
        self.accounts = AccountWatch(settings.account_check_seconds)
        self.throttle = RunnerThrottle(
            settings.max_heavy_in_flight_per_runner, settings.max_heavy_mutations_per_minute
        )
        self.persisted_queries = PersistedQueryStore(settings.persisted_queries)

    def should_render_graphql_ide(self, request: Any) -> bool:
        """GraphiQL for a browser's GET without a query (a persisted-query GET has a hash)."""
        return super().should_render_graphql_ide(request) and not request.query_params.get(
            "extensions"
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from our own assets; in development with the demo runner's header."""
        state = request.state
        headers = await development_headers(
            self.settings,
            cast("Repositories", state.repositories),
            cast("Clock", state.clock),
        )
        return graphiql_page(request.url.path, headers)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """The request's operation, its text looked up when only a persisted hash was sent."""
        data = await super().parse_http_body(request)
        if isinstance(data, list):  # refused by _validate_batch_request; kept for the type
            return data
        if not isinstance(data.operation_name, str | None):
            msg = "The GraphQL operation's `operationName` must be a string or null."
            raise RefusedRequestError(msg, "BAD_REQUEST")
        query = resolve_persisted_query(self.persisted_queries, data.query, data.extensions)
        return dataclasses.replace(data, query=query)

    def parse_json(self, data: str | bytes) -> Any:
        """A JSON object (or a batch); anything else is the client's mistake, answered 400.

        orjson refuses what the standard library would accept or crash on: NaN and Infinity,
        numbers past a double, nesting past 1,024 levels, bytes that are not UTF-8.
        """
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            reason = str(exc).split(":", 1)[0]
            msg = f"The request body is not valid JSON ({reason})."
            raise RefusedRequestError(msg, "BAD_REQUEST") from None
        if not isinstance(parsed, dict | list):
            kind = "null" if parsed is None else type(parsed).__name__
            msg = f"A GraphQL request is {REQUEST_SHAPE}, not a JSON {kind}."
            raise RefusedRequestError(msg, "BAD_REQUEST")
        return parsed

    def _validate_batch_request(
        self,
        request_data: list[GraphQLRequestData],  # noqa: ARG002 - Strawberry's signature
        protocol: GraphQLRequestProtocol,  # noqa: ARG002 - Strawberry's signature
    ) -> None:
        msg = "Batched requests are not supported: send one operation per request."
        raise RefusedRequestError(msg, "BATCHING_NOT_SUPPORTED")

    async def execute_single(
        self,
        request: Request,  # noqa: ARG002 - Strawberry's signature
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,  # noqa: ARG002 - Strawberry's signature
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Run one operation; a subscription over HTTP is refused with a readable error."""
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=HTTP_OPERATIONS[request_adapter.method],
                operation_extensions=request_data.extensions,
            )
        except CannotGetOperationTypeError as exc:
            raise HTTPException(400, exc.as_http_error_reason()) from exc
        except MissingQueryError as exc:
            raise HTTPException(400, "No GraphQL query found in the request") from exc
        except InvalidOperationTypeError as exc:
            if exc.operation_type is OperationType.SUBSCRIPTION:
                msg = (
                    "Subscriptions run over a WebSocket (graphql-transport-ws) at /graphql, "
                    "not over HTTP."
                )
                raise RefusedRequestError(msg, "SUBSCRIPTION_OVER_HTTP", 405) from None
            raise HTTPException(400, exc.as_http_error_reason(request_adapter.method)) from exc

    def encode_json(self, data: object) -> str:
        """Encoded by orjson: several times faster than `json` on a large answer.

        A string, not bytes: WebSocket messages go out as they are encoded, and
        `graphql-transport-ws` speaks in text frames only.
        """
        return orjson.dumps(data).decode()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        """A fresh context per HTTP request or WebSocket connection."""
        state = request.state
        return Context(
            request=request,
            response=response,
            settings=self.settings,
            repositories=cast("Repositories", state.repositories),
            metrics=cast("Metrics", state.metrics),
            directory=cast("RunnerDirectory", state.directory),
            events=cast("EventBus", state.events),
            refresher=cast("StateRefresher", state.refresher),
            clock=cast("Clock", state.clock),
            provider=cast("OidcProvider | None", state.provider),
            token=bearer_token(request.headers.get("authorization")),
            throttle=self.throttle,
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Authenticate a WebSocket from its `connection_init` payload (`Authorization`)."""
        params = context.connection_params
        header = None
        if isinstance(params, dict):
            header = params.get("Authorization") or params.get("authorization")
            if header is None and isinstance(params.get("token"), str):
                header = f"Bearer {params['token']}"
        context.authenticate(bearer_token(header) if isinstance(header, str) else None)
        try:
            viewer = await context.viewer()
        except TokenExpiredClientError:
            raise WebSocketRefusedError(CLOSE_TOKEN_EXPIRED, TOKEN_EXPIRED_REASON) from None
        except AuthenticationRequiredError as exc:
            raise WebSocketRefusedError(CLOSE_UNAUTHORIZED, f"Unauthorized: {exc}") from None
        websocket = cast("WebSocket", context.request)
        if not self.connections.acquire(viewer.user_id):
            limit = self.connections.max_per_user
            reason = f"Too many connections: at most {limit} per user; close one first"
            raise WebSocketRefusedError(CLOSE_TOO_MANY_CONNECTIONS, reason)
        websocket.state.counted_user = viewer.user_id
        self.accounts.add(websocket, viewer.user_id, context.repositories.users)
        websocket.state.account_watch = asyncio.create_task(
            close_on_account_closed(websocket, viewer.runner_id, context.events)
        )
        return None

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """Drop `data` on request errors, as the GraphQL spec says, and remember them."""
        response = process_result(result)
        if is_request_error(result):
            response.pop("data", None)
            request.state.graphql_request_error = True
        return response

    async def run(  # type: ignore[override]
        self, request: Request | WebSocket, context: Any = UNSET, root_value: Any = UNSET
    ) -> Response | WebSocket:
        """Negotiate the media type, then let Strawberry answer."""
        if isinstance(request, WebSocket):
            if await self.pick_websocket_subprotocol(request) is None:
                return await refuse_subprotocol(request)
            try:
                return await super().run(request, context, root_value)
            finally:
                watch: asyncio.Task[None] | None = getattr(request.state, "account_watch", None)
                if watch is not None:
                    watch.cancel()
                user_id = getattr(request.state, "counted_user", None)
                if user_id is not None:
                    self.connections.release(user_id)
                    self.accounts.discard(request, user_id)
        wants_ide = request.method == "GET" and "text/html" in request.headers.get("accept", "")
        media_type = negotiate_media_type(request.headers.get("accept"))
        if media_type is None and not wants_ide:
            msg = f"Not acceptable: answers are {GRAPHQL_RESPONSE} or {JSON}."
            return RefusedRequestError(msg, "NOT_ACCEPTABLE", 406).as_response()
        try:
            response = await super().run(request, context, root_value)
        except RefusedRequestError as exc:
            return exc.as_response(media_type or JSON)
        except HTTPException as exc:  # Strawberry's own refusals, in the same shape
            code = HTTP_ERROR_CODES.get(exc.status_code, "BAD_REQUEST")
            refused = RefusedRequestError(exc.reason, code, exc.status_code)
            return refused.as_response(media_type or JSON)
        response = revalidated(request, response)
        if media_type == GRAPHQL_RESPONSE and response.media_type != "text/html":
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
            slowed_down = response.status_code == HTTP_TOO_MANY_REQUESTS
            if getattr(request.state, "graphql_request_error", False) and not slowed_down:
                response.status_code = 400
        return response
