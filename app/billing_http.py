"""`POST /billing/webhook`: the billing side's signed events (see `app.billing`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.billing import SIGNATURE_HEADER, SignatureError, apply_event, verify
from app.clock import Clock
from app.errors import InvalidInputError, NotFoundError
from app.settings import Settings


class _RefusedError(Exception):
    """The delivery is answered with `status` and `error`, and nothing is applied."""

    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


async def billing_webhook(request: Request) -> Response:
    """Verify the delivery (signature, replay window by the app's clock), then apply it."""
    clock: Clock = request.state.clock
    now = clock.now()
    try:
        event = await _verified_event(request, request.state.settings, now)
        applied = await apply_event(request.state.repositories, event, now)
    except _RefusedError as exc:
        return JSONResponse({"error": exc.error}, status_code=exc.status)
    except InvalidInputError as exc:
        return JSONResponse({"error": exc.message, "field": exc.field}, status_code=400)
    except NotFoundError as exc:
        return JSONResponse({"error": exc.message}, status_code=404)
    return JSONResponse({"status": applied.outcome, "userId": str(applied.user_id)})


async def _verified_event(request: Request, settings: Settings, now: datetime) -> Any:
    secret = settings.billing_webhook_secret
    if not secret:
        raise _RefusedError(404, "the billing webhook is not configured")
    body = await request.body()
    if len(body) > settings.max_body_bytes:
        raise _RefusedError(413, "the event is too large")
    tolerance = timedelta(seconds=settings.billing_webhook_tolerance_s)
    try:
        verify(secret, request.headers.get(SIGNATURE_HEADER), body, now, tolerance)
    except SignatureError as exc:
        raise _RefusedError(401, str(exc)) from None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        raise _RefusedError(400, "the body is not JSON") from None
