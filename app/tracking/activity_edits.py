"""The runner edits or deletes an activity; matching and the runner's state follow.

A changed sport matches the activity again from scratch: its execution goes, the planned day
it filled is free again, and the matcher decides anew (a run may link, be suggested or stay
unplanned; another sport is never matched). A deleted activity frees its day the same way, and
the other recordings of the same run (its duplicates) are matched in its place. Each is one
transaction; the missed-day sweep, the live events and the state refresh follow the commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bson import ObjectId

from app.clock import local_today
from app.errors import ConflictError, InvalidInputError
from app.events import EventBus
from app.fitness.inference import StateRefresher, refresh_runner_state
from app.models.activity import Sport
from app.models.execution import Feedback
from app.models.session import SessionStatus
from app.tracking.executions import owned_activity, publish_status
from app.tracking.ingest import match_batch, session_links
from app.tracking.store import Batch
from repositories.base import Document
from repositories.registry import Repositories

NAME_MAX = 200
NOTES_MAX = 2000
RATING_MIN, RATING_MAX = 1, 5
RPE_MIN, RPE_MAX = 1, 10


@dataclass
class _Changes:
    """What a transaction did to sessions, to publish once it committed."""

    freed: list[tuple[Document, str]] = field(default_factory=list)
    linked: list[tuple[Document, Document]] = field(default_factory=list)


async def update_activity(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    activity_id: ObjectId,
    *,
    sport: Sport | None,
    name: str | None,
    notes: str | None,
    now: datetime,
    refresher: StateRefresher | None = None,
    user_rating: int | None = None,
    perceived_exertion: float | None = None,
) -> Document:
    """Change an activity's sport, name, notes, rating or RPE; the activity as it is now stored.

    The RPE has one home: the feedback of the activity's execution when it has one (where
    `recordFeedback` puts it and the session-RPE load reads it), else the activity.
    """
    edits: Document = {}
    if name is not None:
        _check_length("name", name, NAME_MAX)
        edits["name"] = name.strip() or None
    if notes is not None:
        _check_length("notes", notes, NOTES_MAX)
        edits["notes"] = notes.strip() or None
    if user_rating is not None:
        edits["userRating"] = checked_rating(user_rating)
    rpe = checked_rpe(perceived_exertion) if perceived_exertion is not None else None

    async def write(tx: Repositories) -> tuple[Document, _Changes, bool]:
        activity = await owned_activity(tx, runner_id, activity_id)
        changes = _Changes()
        new_sport = Sport(sport).value if sport is not None else activity["sport"]
        rematch = new_sport != activity["sport"]
        if edits:
            await tx.activities.edit(runner_id, activity_id, edits)
        if rematch:
            await _detach(tx, runner_id, activity, changes)
            await tx.activities.edit(runner_id, activity_id, {"sport": new_sport})
            if activity.get("duplicateOf") is None:
                await _rematch(tx, runner_id, [activity_id], changes)
        if rpe is not None:
            # After a rematch: the execution the RPE belongs to may be a new one.
            activity = await owned_activity(tx, runner_id, activity_id)
            await _record_rpe(tx, runner_id, activity, rpe, now)
        stored = await owned_activity(tx, runner_id, activity_id)
        return stored, changes, rematch

    stored, changes, rematch = await repositories.in_transaction(write)
    if rematch or rpe is not None:
        await _after(repositories, events, runner_id, changes, now=now, refresher=refresher)
    return stored


async def delete_activity(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    activity_id: ObjectId,
    *,
    now: datetime,
    refresher: StateRefresher | None = None,
) -> ObjectId:
    """Delete an activity and its execution; the id it had."""

    async def write(tx: Repositories) -> _Changes:
        activity = await owned_activity(tx, runner_id, activity_id)
        changes = _Changes()
        await _detach(tx, runner_id, activity, changes)
        duplicates = await tx.activities.duplicates_of(runner_id, activity_id)
        if not await tx.activities.delete(runner_id, activity_id):
            msg = "this activity was deleted meanwhile"
            raise ConflictError(msg)
        if duplicates:
            # The best remaining recording becomes the run's; the others point at it.
            best, *rest = sorted(duplicates, key=lambda d: d.get("importedAt") or now)
            await tx.activities.edit(runner_id, best["_id"], {"duplicateOf": None})
            for other in rest:
                await tx.activities.edit(runner_id, other["_id"], {"duplicateOf": best["_id"]})
            await _rematch(tx, runner_id, [best["_id"]], changes)
        return changes

    changes = await repositories.in_transaction(write)
    await _after(repositories, events, runner_id, changes, now=now, refresher=refresher)
    return activity_id


def _check_length(name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise InvalidInputError(name, f"is longer than {limit} characters")


def checked_rating(value: int) -> int:
    """How the run felt, 1 (awful) to 5 (great), or `InvalidInputError` on `userRating`."""
    if not RATING_MIN <= value <= RATING_MAX:
        raise InvalidInputError("userRating", f"must be a whole number from {RATING_MIN} to 5")
    return value


def checked_rpe(value: float) -> int:
    """An RPE on the CR-10 scale, a whole number 1 to 10, or `InvalidInputError`."""
    if not (value.is_integer() and RPE_MIN <= value <= RPE_MAX):
        raise InvalidInputError(
            "perceivedExertion", "must be a whole number from 1 to 10 (the CR-10 scale)"
        )
    return int(value)


async def _record_rpe(
    tx: Repositories, runner_id: ObjectId, activity: Document, rpe: int, now: datetime
) -> None:
    """The RPE on the activity's execution when it has one, else on the activity; never both."""
    execution_id = activity.get("executionId")
    feedback = Feedback(rpe=rpe, recorded_at=now).to_mongo()
    if execution_id is not None and await tx.executions.set_rpe(runner_id, execution_id, feedback):
        if activity.get("perceivedExertion") is not None:
            await tx.activities.edit(runner_id, activity["_id"], {"perceivedExertion": None})
        return
    await tx.activities.edit(runner_id, activity["_id"], {"perceivedExertion": rpe})


async def _detach(
    tx: Repositories, runner_id: ObjectId, activity: Document, changes: _Changes
) -> None:
    """Remove the activity's execution and free the planned day it filled."""
    execution_id = activity.get("executionId")
    execution = await tx.executions.get(runner_id, execution_id) if execution_id else None
    if execution is not None:
        await tx.executions.delete(runner_id, execution["_id"])
        session_id = execution.get("sessionId")
        session = await tx.sessions.get(runner_id, session_id) if session_id else None
        if session is not None and session.get("executionId") == execution["_id"]:
            freed = await tx.sessions.update_if_version(
                runner_id,
                session["_id"],
                session["version"],
                {"status": SessionStatus.SCHEDULED.value, "executionId": None},
            )
            if freed is None:
                msg = "the planned day changed meanwhile: reload and try again"
                raise ConflictError(msg)
            changes.freed.append((freed, session["status"]))
    await tx.activities.edit(
        runner_id,
        activity["_id"],
        {"executionId": None, "suggestions": [], "matchStatus": "pending"},
    )


async def _rematch(
    tx: Repositories, runner_id: ObjectId, activity_ids: list[ObjectId], changes: _Changes
) -> None:
    """Match activities again as an import would, against the plan assigned now."""
    activities = [await owned_activity(tx, runner_id, activity_id) for activity_id in activity_ids]
    plan_id = await tx.assignments.latest_plan_id(runner_id)
    batch = Batch(new=activities, replayed=0, duplicate_of={}, demoted={})
    outcome = await match_batch(tx, runner_id, plan_id, batch)
    for activity in activities:
        fields = {"suggestions": [], **outcome.fields[activity["_id"]]}
        await tx.activities.edit(runner_id, activity["_id"], fields)
    executions = list(outcome.executions.values())
    if await tx.executions.insert_each([execution.to_mongo() for execution in executions]):
        msg = "the planned day was taken meanwhile: reload and try again"
        raise ConflictError(msg)
    links = session_links(executions)
    await tx.sessions.set_linked(runner_id, links)
    changes.linked.extend((outcome.sessions[sid], fields) for sid, fields in links.items())


async def _after(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    changes: _Changes,
    *,
    now: datetime,
    refresher: StateRefresher | None,
) -> None:
    """After the commit: past days left empty become missed, subscribers hear, state follows."""
    runner = await repositories.runners.get(runner_id, {"identity.timezone": 1})
    timezone = ((runner or {}).get("identity") or {}).get("timezone") or "UTC"
    plan_id = await repositories.assignments.latest_plan_id(runner_id)
    if plan_id is not None:
        await repositories.sessions.mark_missed(runner_id, plan_id, local_today(timezone, now))
    for session, previous in changes.freed:
        current = await repositories.sessions.get(runner_id, session["_id"])
        await publish_status(events, current or session, previous, None)
    for before, fields in changes.linked:
        after = {**before, **fields, "version": before["version"] + 1}
        await publish_status(events, after, before["status"], fields["executionId"])
    if refresher is not None:
        refresher.request(runner_id)
    else:
        await refresh_runner_state(repositories, runner_id, now=now)
