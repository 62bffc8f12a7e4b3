"""Executions: linking activities to planned days, and the session's live status.

Concurrent writes are settled by the database, never by read-modify-write in Python: a link,
an unlink or a skip writes the execution, the activity and the session in one transaction; the
unique `sessionKey` index allows one execution per session, an activity is claimed with a
compare-and-set on its `executionId`, and sessions and executions carry a `version` that every
update compares and bumps. The status change is published once the transaction has committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bson import ObjectId
from pymongo.errors import DuplicateKeyError

from app.errors import ConflictError, InvalidInputError, NotFoundError
from app.events import SESSION_STATUS_CHANGED, Event, EventBus
from app.models.common import utc_now
from app.models.execution import (
    Actuals,
    CompletionStatus,
    ExecutionDocument,
    ExecutionOrigin,
    Feedback,
)
from app.models.session import HARD_SESSION_TYPES, SessionStatus, SessionType
from app.tracking.analysis import analyse, completion_status, work_pace_s_per_km
from app.tracking.availability import refuse_unavailable_day
from repositories.base import Document
from repositories.registry import Repositories

SESSION_STATUS_OF: dict[str, SessionStatus] = {
    CompletionStatus.COMPLETED: SessionStatus.COMPLETED,
    CompletionStatus.MODIFIED: SessionStatus.MODIFIED,
    CompletionStatus.MISSED: SessionStatus.MISSED,
    CompletionStatus.SKIPPED: SessionStatus.SKIPPED,
}
SNAPSHOT_EXCLUDED = ("executionId", "version", "updatedAt")


def actuals_of(activity: Document, planned_snapshot: Document | None = None) -> Actuals:
    """What an activity says was done (a distance it did not record is unknown, not 0)."""
    moving = activity.get("movingTimeS") or activity.get("elapsedTimeS") or 0
    distance_m = activity.get("distanceM") or 0
    return Actuals(
        distance_km=round(distance_m / 1000, 3) if distance_m > 0 else None,
        work_pace_s_per_km=work_pace_s_per_km(
            planned_snapshot, activity.get("laps") or [], activity.get("splits") or []
        ),
        duration_min=round(moving / 60, 2),
        avg_pace_s_per_km=activity.get("avgPaceSPerKm"),
        avg_hr=activity.get("avgHr"),
        max_hr=activity.get("maxHr"),
        elevation_gain_m=activity.get("elevationGainM"),
        avg_cadence_spm=activity.get("avgCadenceSpm"),
        hr_drift_pct=activity.get("hrDriftPct"),
        load=(activity.get("load") or {}).get("value"),
        load_method=(activity.get("load") or {}).get("method"),
    )


def snapshot_of(session: Document) -> dict[str, Any]:
    """The planned session as it is now, frozen into the execution."""
    return {key: value for key, value in session.items() if key not in SNAPSHOT_EXCLUDED}


def planned_execution(
    session: Document, activity: Document, origin: ExecutionOrigin, execution_id: ObjectId
) -> ExecutionDocument:
    """The execution of `session` by `activity`, analysed against the snapshot."""
    snapshot = snapshot_of(session)
    actual = actuals_of(activity, snapshot)
    return ExecutionDocument(
        id=execution_id,
        runner_id=session["runnerId"],
        plan_id=session["planId"],
        session_id=session["_id"],
        session_key=str(session["_id"]),
        activity_id=activity["_id"],
        week_number=session["weekNumber"],
        day_index=session["dayIndex"],
        date=activity["localDate"],
        planned_snapshot=snapshot,
        actual=actual,
        completion_status=completion_status(snapshot, actual),
        origin=origin,
        analysis=analyse(snapshot, actual),
    )


def unplanned_execution(activity: Document) -> ExecutionDocument:
    """A run with no planned day: its own execution, keyed by its own id."""
    execution_id = ObjectId()
    return ExecutionDocument(
        id=execution_id,
        runner_id=activity["runnerId"],
        session_key=str(execution_id),
        activity_id=activity["_id"],
        date=activity["localDate"],
        actual=actuals_of(activity),
        completion_status=CompletionStatus.COMPLETED,
        origin=ExecutionOrigin.UNPLANNED,
    )


async def publish_status(
    events: EventBus, session: Document, previous: str | None, execution_id: ObjectId | None
) -> None:
    """Tell the plan's subscribers that a session's status changed."""
    payload = {
        "planId": session["planId"],
        "sessionId": session["_id"],
        "status": session["status"],
        "previousStatus": previous,
        "executionId": execution_id,
        "changedAt": utc_now(),
        "session": session,
    }
    await events.publish(Event(session["runnerId"], SESSION_STATUS_CHANGED, payload))


async def _owned_session(
    repositories: Repositories, runner_id: ObjectId, session_id: ObjectId
) -> Document:
    session = await repositories.sessions.get(runner_id, session_id)
    if session is None:
        raise NotFoundError("session", session_id)
    return session


async def owned_activity(
    repositories: Repositories, runner_id: ObjectId, activity_id: ObjectId
) -> Document:
    """One of the runner's activities; NotFound for a missing one or another runner's."""
    activity = await repositories.activities.get(runner_id, activity_id)
    if activity is None:
        raise NotFoundError("activity", activity_id)
    return activity


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A session's status change, written and waiting for the commit to be published."""

    session: Document
    previous: str
    execution_id: ObjectId | None

    async def publish(self, events: EventBus) -> None:
        """Tell the plan's subscribers."""
        await publish_status(events, self.session, self.previous, self.execution_id)


async def _mark_session(
    repositories: Repositories,
    session: Document,
    status: SessionStatus,
    execution_id: ObjectId | None,
    *,
    extra: Document | None = None,
) -> StatusChange:
    changes = {"status": status.value, "executionId": execution_id, **(extra or {})}
    updated = await repositories.sessions.update_if_version(
        session["runnerId"], session["_id"], session["version"], changes
    )
    if updated is None:
        msg = "the session changed meanwhile: reload it and try again"
        raise ConflictError(msg)
    return StatusChange(updated, session["status"], execution_id)


async def link_activity(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    activity_id: ObjectId,
    session_id: ObjectId,
    *,
    origin: ExecutionOrigin = ExecutionOrigin.MANUAL_LINK,
) -> Document:
    """Make the activity the execution of the planned session; the new execution."""

    async def write(tx: Repositories) -> tuple[Document, StatusChange]:
        return await _link(tx, runner_id, activity_id, session_id, origin=origin)

    stored, change = await repositories.in_transaction(write)
    await change.publish(events)
    return stored


async def _link(
    repositories: Repositories,
    runner_id: ObjectId,
    activity_id: ObjectId,
    session_id: ObjectId,
    *,
    origin: ExecutionOrigin,
) -> tuple[Document, StatusChange]:
    activity = await owned_activity(repositories, runner_id, activity_id)
    session = await _owned_session(repositories, runner_id, session_id)
    if session["type"] == SessionType.REST:
        raise InvalidInputError("sessionId", "a rest day cannot be linked to a run")
    if activity.get("duplicateOf") is not None:
        msg = "this activity duplicates another recording of the same run: link that one"
        raise ConflictError(msg)
    current = activity.get("executionId")
    existing = await repositories.executions.get(runner_id, current) if current else None
    if existing is not None and existing.get("sessionId") is not None:
        msg = "this activity is already linked to a planned day: unlink it first"
        raise ConflictError(msg)
    execution = planned_execution(
        session, activity, origin, existing["_id"] if existing else ObjectId()
    )
    stored = execution.to_mongo()
    if existing is not None:
        changes = {k: v for k, v in stored.items() if k not in {"_id", "version", "createdAt"}}
        try:
            updated = await repositories.executions.update_if_version(
                runner_id, existing["_id"], existing["version"], changes
            )
        except DuplicateKeyError:
            raise _session_taken() from None
        if updated is None:
            msg = "this activity was linked meanwhile: reload and try again"
            raise ConflictError(msg)
        stored = updated
        await repositories.activities.set_match_results(
            runner_id, {activity_id: {"matchStatus": "matched", "executionId": execution.id}}
        )
    else:
        try:
            await repositories.executions.insert(stored)
        except DuplicateKeyError:
            raise _session_taken() from None
        if not await repositories.activities.claim(runner_id, activity_id, execution.id):
            msg = "this activity was linked to another day meanwhile"
            raise ConflictError(msg)
    status = SESSION_STATUS_OF[execution.completion_status]
    return stored, await _mark_session(repositories, session, status, execution.id)


async def confirm_match(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    activity_id: ObjectId,
    session_id: ObjectId,
) -> Document:
    """Accept one of the activity's match suggestions."""
    activity = await owned_activity(repositories, runner_id, activity_id)
    suggested = {suggestion["sessionId"] for suggestion in activity.get("suggestions", [])}
    if session_id not in suggested:
        raise InvalidInputError(
            "sessionId", "is not one of this activity's suggestions: use linkActivity instead"
        )
    return await link_activity(
        repositories,
        events,
        runner_id,
        activity_id,
        session_id,
        origin=ExecutionOrigin.CONFIRMED_MATCH,
    )


def _session_taken() -> ConflictError:
    return ConflictError("this planned day already has an execution: unlink that one first")


async def unlink_activity(
    repositories: Repositories, events: EventBus, runner_id: ObjectId, activity_id: ObjectId
) -> Document:
    """Detach the activity from its planned day; it becomes an unplanned execution."""

    async def write(tx: Repositories) -> tuple[Document, StatusChange]:
        return await _unlink(tx, runner_id, activity_id)

    updated, change = await repositories.in_transaction(write)
    await change.publish(events)
    return updated


async def _unlink(
    repositories: Repositories, runner_id: ObjectId, activity_id: ObjectId
) -> tuple[Document, StatusChange]:
    activity = await owned_activity(repositories, runner_id, activity_id)
    execution_id = activity.get("executionId")
    execution = await repositories.executions.get(runner_id, execution_id) if execution_id else None
    if execution is None or execution.get("sessionId") is None:
        msg = "this activity is not linked to a planned day"
        raise ConflictError(msg)
    session = await _owned_session(repositories, runner_id, execution["sessionId"])
    unplanned = {
        "sessionKey": str(execution["_id"]),
        "sessionId": None,
        "planId": None,
        "weekNumber": None,
        "dayIndex": None,
        "plannedSnapshot": None,
        "analysis": None,
        "completionStatus": CompletionStatus.COMPLETED.value,
        "origin": ExecutionOrigin.UNPLANNED.value,
    }
    updated = await repositories.executions.update_if_version(
        runner_id, execution["_id"], execution["version"], unplanned
    )
    if updated is None:
        msg = "the execution changed meanwhile: reload and try again"
        raise ConflictError(msg)
    await repositories.activities.set_match_results(
        runner_id, {activity_id: {"matchStatus": "unplanned"}}
    )
    change = await _mark_session(repositories, session, SessionStatus.SCHEDULED, None)
    return updated, change


async def skip_session(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    session_id: ObjectId,
    reason: str,
) -> Document:
    """The runner will not do this day: a skipped execution, and the session shows skipped."""
    if not reason.strip():
        raise InvalidInputError("reason", "say why the session is skipped")
    if len(reason) > 500:  # noqa: PLR2004
        raise InvalidInputError("reason", "keep the reason under 500 characters")
    session = await _owned_session(repositories, runner_id, session_id)
    if session["type"] == SessionType.REST:
        raise InvalidInputError("sessionId", "a rest day cannot be skipped")
    if session.get("executionId") is not None:
        msg = "this day already has an execution: unlink it before skipping"
        raise ConflictError(msg)
    execution = ExecutionDocument(
        runner_id=runner_id,
        plan_id=session["planId"],
        session_id=session["_id"],
        session_key=str(session["_id"]),
        week_number=session["weekNumber"],
        day_index=session["dayIndex"],
        date=session["scheduledDate"],
        planned_snapshot=snapshot_of(session),
        completion_status=CompletionStatus.SKIPPED,
        origin=ExecutionOrigin.SKIP,
        feedback=Feedback(notes=reason.strip()),
    )

    async def write(tx: Repositories) -> StatusChange:
        try:
            await tx.executions.insert(execution.to_mongo())
        except DuplicateKeyError:
            raise _session_taken() from None
        return await _mark_session(
            tx, session, SessionStatus.SKIPPED, execution.id, extra={"skipReason": reason.strip()}
        )

    change = await repositories.in_transaction(write)
    await change.publish(events)
    return change.session


async def reschedule_session(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    session_id: ObjectId,
    new_date: date,
) -> Document:
    """Move a session to another day of its week, keeping `originalScheduledDate`.

    Never onto a day the runner blocked (`app.tracking.availability`).
    """
    session = await _owned_session(repositories, runner_id, session_id)
    if session.get("executionId") is not None:
        msg = "this day is already done: unlink its activity before moving it"
        raise ConflictError(msg)
    week = await repositories.sessions.for_weeks(
        runner_id, [session["planId"]], [session["weekNumber"]]
    )
    days = sorted(s["scheduledDate"] for s in week)
    if not days[0] <= new_date.isoformat() <= days[-1]:
        raise InvalidInputError(
            "date", f"a session moves within its week only: pick a day from {days[0]} to {days[-1]}"
        )
    await refuse_unavailable_day(repositories, runner_id, session, new_date)
    if session["type"] in HARD_SESSION_TYPES:
        for other in week:
            if other["_id"] == session["_id"] or other["type"] not in HARD_SESSION_TYPES:
                continue
            gap = abs((date.fromisoformat(other["scheduledDate"]) - new_date).days)
            if gap <= 1:
                raise InvalidInputError(
                    "date",
                    f"{new_date.isoformat()} is next to another hard session "
                    f"({other['scheduledDate']}): hard days need an easy day between them",
                )
    changes = {
        "scheduledDate": new_date.isoformat(),
        "dayIndex": new_date.weekday(),
        "dayOfWeek": new_date.strftime("%A").lower(),
    }
    status = SessionStatus(session["status"])
    if status is SessionStatus.MISSED:
        status = SessionStatus.SCHEDULED
    change = await _mark_session(repositories, session, status, None, extra=changes)
    await change.publish(events)
    return change.session


async def record_feedback(
    repositories: Repositories, runner_id: ObjectId, execution_id: ObjectId, feedback: Feedback
) -> Document:
    """Store how the execution felt (RPE, soreness, fatigue, pain, notes)."""
    execution = await repositories.executions.get(runner_id, execution_id)
    if execution is None:
        raise NotFoundError("execution", execution_id)
    changes = {"feedback": feedback.to_mongo()}
    updated = await repositories.executions.update_if_version(
        runner_id, execution_id, execution["version"], changes
    )
    if updated is None:
        msg = "the execution changed meanwhile: reload and try again"
        raise ConflictError(msg)
    return updated
