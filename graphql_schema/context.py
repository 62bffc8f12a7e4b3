"""The typed request context: settings, repositories, the viewer and the DataLoaders."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from bson import ObjectId
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from app.accounts import AccountClosedError, RunnerDirectory, Viewer, sign_in
from app.auth import InvalidTokenError, TokenExpiredError
from app.clock import Clock, local_today
from app.events import EventBus
from app.fitness.inference import StateRefresher
from app.observability import Metrics
from app.oidc import OidcProvider, ProviderUnavailableError
from app.settings import Environment, Settings
from graphql_schema.errors import AuthenticationRequiredError, TokenExpiredClientError
from graphql_schema.loaders import LinkLoader, Loaders
from repositories.registry import Repositories

if TYPE_CHECKING:
    from graphql_schema.throttle import RunnerThrottle

log = logging.getLogger("cadence.auth")


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
    provider: OidcProvider | None = None
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
                raise AuthenticationRequiredError(how_to_sign_in(self.settings))
            try:
                viewer = await sign_in(
                    self.token,
                    jwt_secret=self.settings.jwt_secret,
                    provider=self.provider,
                    repositories=self.repositories,
                    directory=self.directory,
                    now=self.clock.now(),
                )
            except TokenExpiredError as exc:
                raise TokenExpiredClientError(str(exc)) from None
            except (InvalidTokenError, AccountClosedError) as exc:
                raise AuthenticationRequiredError(str(exc)) from None
            except ProviderUnavailableError as exc:
                log.warning("sign-in provider unavailable", extra={"error": str(exc)[:200]})
                msg = "the sign-in provider cannot be reached to check the token: try again"
                raise AuthenticationRequiredError(msg) from None
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

    async def linked(
        self, parent: dict[str, Any], key: str, pick: Callable[[Loaders], LinkLoader]
    ) -> dict[str, Any] | None:
        """The document `parent[key]` points to, through the request's loader `pick` chooses."""
        linked_id = parent.get(key)
        if linked_id is None:
            return None
        return await pick(await self.loaders()).load(linked_id)


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header value."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def how_to_sign_in(settings: Settings) -> str:
    """The unauthenticated error: where a bearer token comes from with these settings."""
    sources = []
    if settings.oidc_issuer:
        sources.append(f"an access token from {settings.oidc_issuer} for {settings.oidc_audience}")
    if settings.env is Environment.DEVELOPMENT:
        sources.append("in development, one printed by `cadence dev-token`")
    where = f" ({'; or '.join(sources)})" if sources else ""
    return f"sign in first: send `Authorization: Bearer <token>`{where}"
