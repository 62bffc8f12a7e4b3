"""The typed request context: settings, repositories, the viewer and the DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from bson import ObjectId
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from app.accounts import AccountClosedError, RunnerDirectory, Viewer
from app.auth import InvalidTokenError, TokenExpiredError, user_id_from_token
from app.clock import Clock, local_today
from app.events import EventBus
from app.fitness.inference import StateRefresher
from app.observability import Metrics
from app.settings import Settings
from graphql_schema.errors import AuthenticationRequiredError, TokenExpiredClientError
from graphql_schema.loaders import Loaders
from repositories.registry import Repositories

if TYPE_CHECKING:
    from graphql_schema.throttle import RunnerThrottle


@dataclass(slots=True)
class Context:
    """What every resolver receives as `info.context`; one per request or WebSocket."""

    request: Request | WebSocket | None
    response: Response | WebSocket | None
    settings: Settings
    repositories: Repositories
    metrics: Metrics
    directory: RunnerDirectory
    events: EventBus
    clock: Clock
    refresher: StateRefresher | None = None
    token: str | None = None
    connection_params: object = None
    throttle: RunnerThrottle | None = None
    _viewer: Viewer | None = field(default=None, init=False)
    _loaders: Loaders | None = field(default=None, init=False)

    def authenticate(self, token: str | None) -> None:
        """Authenticate with a bearer token (from a header or the WebSocket `connection_init`)."""
        self.token = token
        self._viewer = None
        self._loaders = None

    async def viewer(self) -> Viewer:
        """The signed-in viewer; raises a readable error without a valid token."""
        if self._viewer is None:
            if not self.token:
                msg = "sign in first: send `Authorization: Bearer <token>`"
                raise AuthenticationRequiredError(msg)
            try:
                user_id = user_id_from_token(self.token, self.settings.jwt_secret, self.clock.now())
            except TokenExpiredError as exc:
                raise TokenExpiredClientError(str(exc)) from None
            except InvalidTokenError as exc:
                raise AuthenticationRequiredError(str(exc)) from None
            try:
                viewer = await self.directory.viewer(self.repositories, user_id)
            except AccountClosedError as exc:
                raise AuthenticationRequiredError(str(exc)) from None
            if viewer is None:
                msg = "this account has no runner profile"
                raise AuthenticationRequiredError(msg)
            self._viewer = viewer
        return self._viewer

    async def runner_id(self) -> ObjectId:
        """The viewer's runner id: the scope of every query."""
        return (await self.viewer()).runner_id

    def forget_loaded(self) -> None:
        """Drop what the DataLoaders cached: each subscription event reads afresh."""
        self._loaders = None

    async def runner_today(self) -> date:
        """Today on the viewer's calendar (their timezone), by the application's clock."""
        return local_today(await (await self.loaders()).viewer_timezone(), self.clock.now())

    async def loaders(self) -> Loaders:
        """The DataLoaders of the request, scoped to the viewer."""
        if self._loaders is None:
            self._loaders = Loaders(self.repositories, await self.viewer())
        return self._loaders


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header value."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None
