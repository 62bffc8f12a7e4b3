"""Plan revisions: every change to a plan's schedule is a new version, and the old one stays.

A revision (adaptation, pause, resume, blackout days, regeneration) is computed from the plan
and its sessions as read, then written in one transaction: the snapshot of the version being
replaced (the plan and every session) goes into `planVersions`, unique per version; the
changed sessions are rewritten (deleted if still at the version read, inserted, ids kept); the
plan moves to the next version if it is still at the version and status read (compare-and-set);
the adaptation log is inserted. Any failure (a session or the plan changed meanwhile, a
concurrent revision of the same version, a crash) leaves none of it; `planChanged` is published
after the commit. Rewritten sessions get the next version, so a compare-and-set read before the
revision fails. Only open sessions (no execution, not done) are ever changed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bson import ObjectId
from pymongo.errors import DuplicateKeyError

from app.adaptation.edits import is_run
from app.errors import ConflictError
from app.events import EventBus
from app.models.adaptation import AdaptationDelta, AdaptationLogDocument, SessionChange
from app.models.common import utc_now
from app.models.plan import Modification, PlanStatus
from app.plan_lifecycle import publish_plan_changed
from repositories.base import Document
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
    log_document = log.to_mongo()

    async def write(tx: Repositories) -> Document:
        await _snapshot(tx, plan, sessions, revision)
        await _rewrite_sessions(tx, plan, revision)
        updated = await _next_version(tx, plan, changes)
        await tx.adaptation_logs.insert(log_document)
        return updated

    updated = await repositories.in_transaction(write)
    await publish_plan_changed(events, updated, revision.kind, revision.summary)
    return updated, log_document


async def _next_version(repositories: Repositories, plan: Document, changes: Document) -> Document:
    updated = await repositories.plans.set_if_version(plan["runnerId"], plan["_id"], plan, changes)
    if updated is None:
        raise _changed_meanwhile()
    return updated


async def _rewrite_sessions(repositories: Repositories, plan: Document, revision: Revision) -> None:
    """Write the changed sessions, unless one changed since the read."""
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
    if not await repositories.sessions.replace(plan["runnerId"], removed, added):
        msg = "a session of the plan changed meanwhile (a run came in?): reload it and try again"
        raise ConflictError(msg)


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
