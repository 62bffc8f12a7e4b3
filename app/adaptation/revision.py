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

A revision stopped after step 2 (a crash, a lost connection) leaves a snapshot of the plan's
current version: the next revision finds it, puts the sessions back from it and asks to try
again. A session changed between the read and step 3 (an activity linked meanwhile) is not
deleted (the delete checks each session's version); the revision then puts back what it
deleted and gives up. Rewritten sessions get the next version, so a compare-and-set read
before the revision fails. Only open sessions (no execution, not done) are ever changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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

    @property
    def is_empty(self) -> bool:
        """Nothing would change."""
        return not self.edits and self.weekly_plan is None and not self.plan_changes

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
            await _snapshot(repositories, plan, sessions, revision)
            await _rewrite_sessions(repositories, plan, revision)
            updated = await repositories.plans.set_if_version(runner_id, plan_id, plan, changes)
            if updated is None:
                await _undo(repositories, plan, sessions)
                raise _changed_meanwhile()
            log_document = log.to_mongo()
            await repositories.adaptation_logs.insert(log_document)
    except LockBusyError:
        raise _changed_meanwhile() from None
    await publish_plan_changed(events, updated, revision.kind, revision.summary)
    return updated, log_document


async def _check_current(repositories: Repositories, plan: Document) -> None:
    """The plan is still as read, and no earlier revision was left half-written.

    A snapshot of the plan's current version means a revision stopped between its snapshot
    and its version bump (a crash, a lost connection): its sessions are put back from the
    snapshot, and this revision, computed from the half-written state, gives up.
    """
    plan_id, runner_id = plan["_id"], plan["runnerId"]
    current = await repositories.plans.get(runner_id, plan_id, {"version": 1, "status": 1})
    if current is None:
        raise NotFoundError("plan", plan_id)
    if (current["version"], current["status"]) != (plan["version"], plan["status"]):
        raise _changed_meanwhile()
    pending = await repositories.plan_versions.get(runner_id, plan_id, plan["version"])
    if pending is not None:
        await _undo(repositories, plan, pending["sessions"])
        msg = "an earlier change to this plan was interrupted and has been undone: try again"
        raise ConflictError(msg)


async def _rewrite_sessions(repositories: Repositories, plan: Document, revision: Revision) -> None:
    """Write the changed sessions, unless one of them changed since it was read."""
    runner_id = plan["runnerId"]
    removed = [
        (edit.session_id, int(edit.before.get("version", 1)))
        for edit in revision.edits
        if edit.before is not None
    ]
    added = []
    for edit in revision.edits:
        if edit.after is not None:
            version = int(edit.before.get("version", 1)) + 1 if edit.before is not None else 1
            added.append({**edit.after, "version": version})
    changed = await repositories.sessions.replace(runner_id, removed, added)
    if changed:
        deleted = [
            edit.before
            for edit in revision.edits
            if edit.before is not None and edit.session_id not in set(changed)
        ]
        await repositories.sessions.insert_many(deleted)
        await repositories.plan_versions.delete(runner_id, plan["_id"], plan["version"])
        msg = "a session of the plan changed meanwhile (a run came in?): reload it and try again"
        raise ConflictError(msg)


async def _undo(repositories: Repositories, plan: Document, sessions: Sequence[Document]) -> None:
    """Sessions back as they were before the revision, and its snapshot forgotten."""
    await repositories.sessions.restore(plan["runnerId"], plan["_id"], list(sessions))
    await repositories.plan_versions.delete(plan["runnerId"], plan["_id"], plan["version"])


async def _snapshot(
    repositories: Repositories,
    plan: Document,
    sessions: Sequence[Document],
    revision: Revision,
) -> None:
    snapshot = {
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
