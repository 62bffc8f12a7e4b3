"""Plain HTTP downloads: the calendar feed (by its secret address) and workout files.

`GET /calendar/{token}.ics` needs no header: calendar apps only know the address.
`GET /sessions/{id}/workout.fit` and `.zwo` need the same bearer token as `/graphql` and
answer 404 for another runner's session, as for a missing one.
"""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from app.accounts import AccountClosedError, Viewer, sign_in
from app.auth import InvalidTokenError
from app.calendar_feed import feed_calendar
from app.clock import Clock
from app.models.common import PaceRange
from app.models.session import PlannedSessionDocument
from app.oidc import ProviderUnavailableError
from app.planning.fit_workout import fit_workout
from app.planning.ical import session_description
from app.planning.workout_steps import workout_blocks
from app.planning.zwo_workout import zwo_workout
from app.settings import Settings
from repositories.registry import Repositories


async def calendar_feed(request: Request) -> Response:
    """The runner's active plan as iCalendar, for the secret address of their feed."""
    state: Any = request.state
    clock: Clock = state.clock
    text = await feed_calendar(
        state.repositories,
        request.path_params["token"],
        now=clock.now(),
        host=request.url.hostname or "cadence",
    )
    if text is None:
        return PlainTextResponse("No calendar feed at this address.", status_code=404)
    return Response(
        text,
        media_type="text/calendar; charset=utf-8",
        headers={"content-disposition": 'inline; filename="cadence.ics"'},
    )


async def workout_file(request: Request) -> Response:
    """A planned session as a FIT workout or a Zwift `.zwo` workout, for its owner."""
    state: Any = request.state
    repositories: Repositories = state.repositories
    file_format = request.path_params["format"]
    if file_format not in {"fit", "zwo"}:
        return PlainTextResponse("Workouts come as workout.fit or workout.zwo.", status_code=404)
    viewer = await _viewer(request)
    if isinstance(viewer, Response):
        return viewer
    session_id = request.path_params["session_id"]
    stored = (
        await repositories.sessions.get(viewer.runner_id, ObjectId(session_id))
        if ObjectId.is_valid(session_id)
        else None
    )
    if stored is None:
        return PlainTextResponse(f"No session with id {session_id}.", status_code=404)
    session = PlannedSessionDocument.from_mongo(stored)
    filename = f"cadence-{session.scheduled_date.isoformat()}-{session.id}.{file_format}"
    disposition = {"content-disposition": f'attachment; filename="{filename}"'}
    if file_format == "fit":
        content = fit_workout(
            _workout_name(session),
            workout_blocks(session),
            state.clock.now(),
            int(str(session.id)[-8:], 16),
        )
        return Response(content, media_type="application/vnd.ant.fit", headers=disposition)
    plan = await repositories.plans.get(viewer.runner_id, session.plan_id, {"targetPaces": 1})
    paces = (plan or {}).get("targetPaces") or {}
    if "threshold" not in paces or "easy" not in paces:
        return PlainTextResponse(
            "This plan has no training paces, and a .zwo workout is set relative to the "
            "threshold pace: use workout.fit.",
            status_code=409,
        )
    text = zwo_workout(
        _workout_name(session),
        session_description(session),
        workout_blocks(session),
        PaceRange.model_validate(paces["threshold"]),
        PaceRange.model_validate(paces["easy"]),
    )
    return Response(text, media_type="application/xml; charset=utf-8", headers=disposition)


def _workout_name(session: PlannedSessionDocument) -> str:
    return f"{session.scheduled_date.isoformat()} {session.title}"


async def _viewer(request: Request) -> Viewer | Response:
    """The viewer of the request's bearer token, or the 401 answer to send."""
    state: Any = request.state
    settings: Settings = state.settings
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _unauthorized("sign in first: send `Authorization: Bearer <token>`")
    try:
        viewer = await sign_in(
            token.strip(),
            jwt_secret=settings.jwt_secret,
            provider=state.provider,
            repositories=state.repositories,
            directory=state.directory,
            now=state.clock.now(),
        )
    except (InvalidTokenError, ProviderUnavailableError, AccountClosedError) as exc:
        return _unauthorized(str(exc))
    if viewer is None:
        return _unauthorized("this account has no runner profile")
    return viewer


def _unauthorized(message: str) -> Response:
    return JSONResponse({"error": message}, status_code=401, headers={"www-authenticate": "Bearer"})
