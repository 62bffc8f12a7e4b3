"""The `/graphql` endpoint: Strawberry's ASGI view, made to follow GraphQL over HTTP."""

from __future__ import annotations

from typing import Any, cast

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.schema import BaseSchema
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.unset import UNSET, UnsetType

from app.accounts import RunnerDirectory
from app.clock import Clock
from app.events import EventBus
from app.fitness.inference import StateRefresher
from app.observability import Metrics
from app.settings import Settings
from graphql_schema.context import Context, bearer_token
from graphql_schema.errors import AuthenticationRequiredError
from repositories.registry import Repositories

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


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

    def __init__(self, schema: BaseSchema, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            multipart_uploads_enabled=True,
            max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
            allowed_origins=settings.allowed_origins,
        )
        self.settings = settings

    def encode_json(self, data: object) -> bytes:
        """Encoded by orjson: several times faster than `json` on a large answer."""
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        """Decoded by orjson (its error is a `json.JSONDecodeError`, answered as before)."""
        return orjson.loads(data)

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
            token=bearer_token(request.headers.get("authorization")),
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
            await context.viewer()
        except AuthenticationRequiredError as exc:
            raise ConnectionRejectionError({"message": str(exc)}) from None
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
            return await super().run(request, context, root_value)
        wants_ide = request.method == "GET" and "text/html" in request.headers.get("accept", "")
        media_type = negotiate_media_type(request.headers.get("accept"))
        if media_type is None and not wants_ide:
            return PlainTextResponse(
                f"Not acceptable: answers are {GRAPHQL_RESPONSE} or {JSON}.", status_code=406
            )
        response = await super().run(request, context, root_value)
        if media_type == GRAPHQL_RESPONSE and response.media_type != "text/html":
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
            if getattr(request.state, "graphql_request_error", False):
                response.status_code = 400
        return response
