"""The typed request context: settings, repositories and (later) viewer and DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

if TYPE_CHECKING:
    from app.observability import Metrics
    from app.settings import Settings
    from repositories.registry import Repositories


@dataclass(slots=True)
class Context:
    """What every resolver receives as `info.context`; one per request or WebSocket."""

    request: Request | WebSocket
    response: Response | WebSocket
    settings: Settings
    repositories: Repositories
    metrics: Metrics
