"""Plan revisions: every change to a plan's schedule is a new version, and the old one stays.

A revision (adaptation, pause, resume, blackout days, regeneration) is computed from the plan
and its sessions as read, then written without transactions:

1. a primary-key lock on the plan, so one revision runs at a time on any database (FerretDB
   does not make `findAndModify` atomic, see repositories/locks.py);
2. the plan must still be at the version the revision was computed from; the snapshot of that
   version (the plan and every session) is inserted into `planVersions`, unique per version;
3. the changed sessions are rewritten (delete and insert, ids kept);
4. the plan moves to the next version with its new weeks, fields and history entry;
5. the adaptation log is inserted and `planChanged` published.

Sessions a revision writes carry its id (`rewrite`). If anything fails after step 2, the
revision undoes itself: it removes the sessions it inserted and puts back the ones it deleted
(only those: a session changed by someone else meanwhile stays as it is), then forgets its
snapshot. If it cannot (a crash, a lost connection), the snapshot of the plan's current version
is left behind, and the next revision of the plan does that undo first and asks to try again.
A session changed between the read and step 3 (an activity linked meanwhile) is not deleted
(the delete checks each session's version), which fails the revision. Rewritten sessions get
the next version, so a compare-and-set read before the revision fails. Only open sessions (no
execution, not done) are ever changed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bson import ObjectId
from pymongo.errors import DuplicateKeyError

from app.adaptation.edits import is_run
from app.errors import ConflictError, NotFoundError
from app.events import EventBus
from app.models.adaptation import AdaptationDelta, AdaptationLogDocument, SessionChange
from app.models.common import utc_now
from app.models.plan import Modification, PlanStatus
from app.plan_lifecycle import publish_plan_changed
from repositories.base import Document
from repositories.locks import LockBusyError
from repositories.registry import Repositories

log = logging.getLogger("cadence.adaptation")

CLOSED = frozenset({PlanStatus.COMPLETED, PlanStatus.ABANDONED})
_VIEW_FIELDS = (
    "scheduledDate",
    "weekNumber",
    "type",
    "title",
    "distanceKm",
    "durationMin",
    "isHard",
    "isKeySession",
    "status",
)


@dataclass(frozen=True, slots=True)
class SessionEdit:
    """One session before and after (None: the session did not exist / no longer exists)."""

    before: Document | None
    after: Document | None

    @property
    def session_id(self) -> ObjectId:
        """The id of the session changed."""
        document = self.after if self.after is not None else self.before
        assert document is not None
        return ObjectId(document["_id"])


@dataclass(slots=True)
class Revision:
    """A change to a plan, ready to be written."""

    kind: str
    trigger: str
    reason: str
    summary: str
    edits: list[SessionEdit] = field(default_factory=list)
    weekly_plan: list[Document] | None = None
    plan_changes: Document = field(default_factory=dict)

    def delta(self) -> AdaptationDelta:
        """Running volume and hard sessions the change adds (negative: removes)."""
        before = [edit.before for edit in self.edits if edit.before is not None]
        after = [edit.after for edit in self.edits if edit.after is not None]
        km_before = sum(s["distanceKm"] for s in before if is_run(s))
        km_after = sum(s["distanceKm"] for s in after if is_run(s))
        change = km_after - km_before
        return AdaptationDelta(
            volume_change_km=round(change, 1),
            volume_change_pct=round(100.0 * change / km_before, 1) if km_before else 0.0,
            intensity_change=float(
                sum(1 for s in after if s.get("isHard")) - sum(1 for s in before if s.get("isHard"))
            ),
        )

    def changes(self) -> list[SessionChange]:
        """The before and after of each changed session, as the log shows them."""
        return [
            SessionChange(
                session_id=edit.session_id,
                before=session_view(edit.before),
                after=session_view(edit.after),
            )
            for edit in self.edits
        ]


def session_view(session: Document | None) -> dict[str, Any]:
    """What a runner compares in a changed session: day, kind, size and status."""
    if session is None:
        return {}
    return {key: session.get(key) for key in _VIEW_FIELDS}


def ensure_open(plan: Document, action: str) -> None:
    """A completed or abandoned plan cannot change any more."""
    if plan["status"] in CLOSED:
        msg = f"a {plan['status']} plan cannot be {action}: generate a new plan instead"
        raise ConflictError(msg)


async def apply_revision(
    repositories: Repositories,
    events: EventBus,
    plan: Document,
    sessions: Sequence[Document],
    revision: Revision,
) -> tuple[Document, Document]:
    """Write `revision` of `plan` (with `sessions` as read): the new plan and the log."""
    plan_id, runner_id, version = plan["_id"], plan["runnerId"], plan["version"]
    log = AdaptationLogDocument(
        plan_id=plan_id,
        runner_id=runner_id,
        change_summary=revision.summary,
        reason=revision.reason,
        trigger=revision.trigger,
        impacted_session_ids=[edit.session_id for edit in revision.edits],
        delta=revision.delta(),
        from_version=version,
        to_version=version + 1,
        changes=revision.changes(),
    )
    history = [
        *plan.get("modificationHistory", []),
        Modification(
            version=version + 1,
            kind=revision.kind,
            summary=revision.summary,
            adaptation_log_id=log.id,
        ).to_mongo(),
    ]
    changes: Document = {**revision.plan_changes, "modificationHistory": history}
    if revision.weekly_plan is not None:
        changes["weeklyPlan"] = revision.weekly_plan
    try:
        async with repositories.locks.hold(f"plan-revision:{plan_id}"):
            await _check_current(repositories, plan)
            await _snapshot(repositories, plan, sessions, revision, log.id)
            try:
                await _rewrite_sessions(repositories, plan, revision, log.id)
                updated = await _next_version(repositories, plan, changes)
            except Exception:
                # Best effort: should this fail too, the snapshot left behind lets the next
                # revision of the plan finish the undo.
                await _undo(repositories, plan, log.id, _before(revision))
                raise
            log_document = log.to_mongo()
            await repositories.adaptation_logs.insert(log_document)
    except LockBusyError:
        raise _changed_meanwhile() from None
    await publish_plan_changed(events, updated, revision.kind, revision.summary)
    return updated, log_document


async def _next_version(repositories: Repositories, plan: Document, changes: Document) -> Document:
    updated = await repositories.plans.set_if_version(plan["runnerId"], plan["_id"], plan, changes)
    if updated is None:
        raise _changed_meanwhile()
    return updated


def _before(revision: Revision) -> list[Document]:
    return [edit.before for edit in revision.edits if edit.before is not None]


RECOVERY_WINDOW = timedelta(days=1)


async def recover_interrupted_revisions(repositories: Repositories, now: datetime) -> int:
    """At start-up: undo the revisions of the day before `now` that stopped half-way; how many.

    A snapshot of a plan's current version is a revision that never reached its version bump.
    A revision still running elsewhere holds the plan's lock, and is left alone.
    """
    recovered = 0
    for found in await repositories.plan_versions.created_since(now - RECOVERY_WINDOW):
        plan_id, runner_id = found["planId"], found["runnerId"]
        try:
            async with repositories.locks.hold(f"plan-revision:{plan_id}"):
                plan = await repositories.plans.get(runner_id, plan_id, {"version": 1})
                if plan is None or plan["version"] != found["version"]:
                    continue
                pending = await repositories.plan_versions.get(runner_id, plan_id, found["version"])
                if pending is not None:
                    await _undo_pending(repositories, pending)
                    recovered += 1
        except LockBusyError:
            continue
    if recovered:
        log.warning("undid interrupted plan revisions", extra={"count": recovered})
    return recovered


async def _undo_pending(repositories: Repositories, pending: Document) -> None:
    edited = set(pending.get("editedIds", []))
    before = [s for s in pending["sessions"] if s["_id"] in edited]
    await repositories.sessions.revert(pending["runnerId"], pending["rewrite"], before)
    await repositories.plan_versions.delete(
        pending["runnerId"], pending["planId"], pending["version"]
    )


async def _check_current(repositories: Repositories, plan: Document) -> None:
    """The plan is still as read, and no earlier revision was left half-written.

    A snapshot of the plan's current version means a revision stopped between its snapshot
    and its version bump (a crash, a lost connection): the sessions it rewrote are put back
    from the snapshot (only those: whatever happened to the others since stays), and this
    revision, computed from the half-written state, gives up.
    """
    plan_id, runner_id = plan["_id"], plan["runnerId"]
    current = await repositories.plans.get(runner_id, plan_id, {"version": 1, "status": 1})
    if current is None:
        raise NotFoundError("plan", plan_id)
    if (current["version"], current["status"]) != (plan["version"], plan["status"]):
        raise _changed_meanwhile()
    pending = await repositories.plan_versions.get(runner_id, plan_id, plan["version"])
    if pending is not None:
        await _undo_pending(repositories, pending)
        msg = "an earlier change to this plan was interrupted and has been undone: try again"
        raise ConflictError(msg)


async def _rewrite_sessions(
    repositories: Repositories, plan: Document, revision: Revision, rewrite: ObjectId
) -> None:
    """Write the changed sessions (marked with `rewrite`), unless one changed since the read."""
    removed = [
        (edit.session_id, int(edit.before.get("version", 1)))
        for edit in revision.edits
        if edit.before is not None
    ]
    added = []
    for edit in revision.edits:
        if edit.after is not None:
            version = int(edit.before.get("version", 1)) + 1 if edit.before is not None else 1
            added.append({**edit.after, "version": version, "rewrite": rewrite})
    if not await repositories.sessions.replace(plan["runnerId"], removed, added):
        msg = "a session of the plan changed meanwhile (a run came in?): reload it and try again"
        raise ConflictError(msg)


async def _undo(
    repositories: Repositories, plan: Document, rewrite: ObjectId, before: list[Document]
) -> None:
    """The revision's sessions back as they were, and its snapshot forgotten."""
    await repositories.sessions.revert(plan["runnerId"], rewrite, before)
    await repositories.plan_versions.delete(plan["runnerId"], plan["_id"], plan["version"])


async def _snapshot(
    repositories: Repositories,
    plan: Document,
    sessions: Sequence[Document],
    revision: Revision,
    rewrite: ObjectId,
) -> None:
    snapshot = {
        "rewrite": rewrite,
        "editedIds": [edit.session_id for edit in revision.edits],
        "planId": plan["_id"],
        "runnerId": plan["runnerId"],
        "version": plan["version"],
        "createdAt": utc_now(),
        "kind": revision.kind,
        "summary": revision.summary,
        "plan": {key: value for key, value in plan.items() if key != "_id"},
        "sessions": list(sessions),
    }
    try:
        await repositories.plan_versions.insert(snapshot)
    except DuplicateKeyError:
        raise _changed_meanwhile() from None


def _changed_meanwhile() -> ConflictError:
    return ConflictError("the plan changed meanwhile: reload it and try again")
