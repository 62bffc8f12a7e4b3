"""Importing activities: store once, settle duplicates, match to the plan, record executions.

A batch of any size costs a fixed number of database round trips, in one transaction: which
activities are known, the runs around the batch (duplicates), the assigned plan and its
sessions in range, one insert of the activities (already carrying their match result), one of
the executions, one bulk update of the linked sessions, the commit; then, outside it, one
sweep of missed days (idempotent, and it leaves alone the sessions the import just linked).
Activities are written complete, never updated afterwards. Each activity carries its training
load, computed from the runner's profile before it is stored. When anything new was stored,
the inference engine then refreshes the runner's current state (six reads, one update).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bson import ObjectId

from app.clock import local_today
from app.errors import ConflictError, NotFoundError
from app.events import ACTIVITY_IMPORTED, Event, EventBus
from app.fitness.activity_loads import load_profile
from app.fitness.inference import StateRefresher, refresh_runner_state
from app.models.activity import ActivityDocument, ActivitySamplesDocument, MatchStatus, Sample
from app.models.execution import ExecutionDocument, ExecutionOrigin
from app.tracking.executions import (
    SESSION_STATUS_OF,
    planned_execution,
    publish_status,
    unplanned_execution,
)
from app.tracking.matching import (
    ActivityFacts,
    MatchDecision,
    MatchOutcome,
    SessionCandidate,
    assign_batch,
)
from app.tracking.parsed import ParsedActivity
from app.tracking.store import Batch, activity_document, activity_id, prepare_batch
from repositories.base import Document
from repositories.registry import Repositories

log = logging.getLogger("cadence.ingest")

_RUNNER_FIELDS = {
    "identity": 1,
    "connections": 1,
    "physical": 1,
    "running": 1,
    "currentState.latestRestingHr": 1,
}
"""The runner's timezone and sources, and what the load formulas need."""


@dataclass
class ImportResult:
    """What an import did, for the caller and the runner."""

    activities: list[Document] = field(default_factory=list)
    replayed: int = 0
    linked: int = 0
    suggested: int = 0
    unplanned: int = 0
    duplicates: int = 0
    not_runs: int = 0
    missed_marked: int = 0


@dataclass
class MatchOutcomes:
    """Per new activity: its match fields and its execution, before anything is written."""

    fields: dict[ObjectId, Document] = field(default_factory=dict)
    executions: dict[ObjectId, ExecutionDocument] = field(default_factory=dict)
    sessions: dict[ObjectId, Document] = field(default_factory=dict)


IMPORT_ATTEMPTS = 5
"""How often an import is recomputed when a concurrent write took what it was about to write."""


class _TakenMeanwhile(Exception):  # noqa: N818 - a signal to start again, not an error
    """A concurrent import or link stored an activity or claimed a session first."""


@dataclass
class _Stored:
    """What one transaction of an import wrote, for the answer and the events after commit."""

    result: ImportResult
    sessions: dict[ObjectId, Document]
    links: dict[ObjectId, Document]
    changed: bool
    plan_id: ObjectId | None


async def import_activities(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    parsed: Sequence[ParsedActivity],
    *,
    now: datetime,
    refresher: StateRefresher | None = None,
    synced: Sequence[Document] = (),
) -> ImportResult:
    """Store, deduplicate and match a batch of parsed activities for one runner.

    What the import writes — activities, executions, session links, duplicates demoted — is one
    transaction: all of it or nothing. When a concurrent import or link
    wrote what this one was about to (the same activity, the same session), the transaction is
    abandoned and the import recomputed from what is stored now, so a replayed webhook is a
    no-op and no session is left half linked. `synced`: the connections the batch came through,
    whose last sync the transaction stamps (one more command, whatever the batch size).
    """
    runner = await repositories.runners.get(runner_id, _RUNNER_FIELDS)
    if runner is None:
        raise NotFoundError("runner", runner_id)
    timezone = (runner.get("identity") or {}).get("timezone") or "UTC"
    primary = (runner.get("connections") or {}).get("primaryWearable")
    runner_today = local_today(timezone, now)
    profile = load_profile(runner, runner_today)
    documents = [activity_document(item, runner_id, timezone, profile) for item in parsed]
    samples = {
        activity_id(runner_id, document.source, document.external_id): item.samples
        for document, item in zip(documents, parsed, strict=True)
        if item.samples
    }

    async def write(tx: Repositories) -> _Stored:
        stored = await _store(tx, runner_id, documents, primary, samples)
        await tx.runners.record_sync(runner_id, list(synced))
        return stored

    for attempt in range(1, IMPORT_ATTEMPTS + 1):
        try:
            stored = await repositories.in_transaction(write)
            break
        except _TakenMeanwhile:
            log.info("import recomputed after a concurrent write", extra={"attempt": attempt})
    else:
        msg = "this import kept colliding with concurrent imports: send it again"
        raise ConflictError(msg)
    stored.result.missed_marked = await _mark_missed(
        repositories, runner_id, stored.plan_id, runner_today
    )
    await _publish(events, runner_id, stored.result.activities, stored.sessions, stored.links)
    # Last: with the API's refresher this only asks for it, so the import answers first.
    await _refresh(repositories, runner_id, now, changed=stored.changed, refresher=refresher)
    return stored.result


async def _store(
    repositories: Repositories,
    runner_id: ObjectId,
    documents: Sequence[ActivityDocument],
    primary_wearable: str | None,
    samples: dict[ObjectId, list[Sample]],
) -> _Stored:
    """The import's writes, inside its transaction (`repositories` are bound to it)."""
    batch = await prepare_batch(repositories, runner_id, documents, primary_wearable)
    plan_id = await repositories.assignments.latest_plan_id(runner_id)
    outcome = await match_batch(repositories, runner_id, plan_id, batch)
    for document in batch.new:
        document.update(outcome.fields[document["_id"]])
    # Both were read in this transaction's snapshot: a key taken now was taken meanwhile.
    if await repositories.activities.insert_new(batch.new):
        raise _TakenMeanwhile
    await repositories.activity_samples.insert_many(
        [
            ActivitySamplesDocument(
                id=d["_id"], runner_id=runner_id, samples=samples[d["_id"]]
            ).to_mongo()
            for d in batch.new
            if d["_id"] in samples
        ]
    )
    executions = list(outcome.executions.values())
    if await repositories.executions.insert_each([e.to_mongo() for e in executions]):
        raise _TakenMeanwhile
    links = session_links(executions)
    await repositories.sessions.set_linked(runner_id, links)
    if batch.demoted:
        await repositories.activities.mark_duplicates(runner_id, batch.demoted)
    result = ImportResult(
        activities=batch.new, replayed=batch.replayed, duplicates=len(batch.duplicate_of)
    )
    _count(result, batch.new, len(links))
    changed = bool(batch.new or batch.demoted)
    return _Stored(result, outcome.sessions, links, changed=changed, plan_id=plan_id)


async def _mark_missed(
    repositories: Repositories, runner_id: ObjectId, plan_id: ObjectId | None, today: date
) -> int:
    if plan_id is None:
        return 0
    return await repositories.sessions.mark_missed(runner_id, plan_id, today)


async def _refresh(
    repositories: Repositories,
    runner_id: ObjectId,
    now: datetime,
    *,
    changed: bool,
    refresher: StateRefresher | None,
) -> None:
    """Refresh the runner's current state when the import stored or demoted anything.

    With a `refresher` (the API's) it happens right after the import answers; without one
    (the CLI, the demo seed) before it returns.
    """
    if not changed:
        return
    if refresher is not None:
        refresher.request(runner_id)
    else:
        await refresh_runner_state(repositories, runner_id, now=now)


async def match_batch(
    repositories: Repositories, runner_id: ObjectId, plan_id: ObjectId | None, batch: Batch
) -> MatchOutcomes:
    """Match the batch's best recordings to the plan's sessions around them (±1 day)."""
    outcome = MatchOutcomes()
    for duplicate, canonical in batch.duplicate_of.items():
        outcome.fields[duplicate] = {
            "matchStatus": MatchStatus.DUPLICATE.value,
            "duplicateOf": canonical,
        }
    activities = batch.canonical
    if not activities:
        return outcome
    if plan_id is not None:
        first = min(date.fromisoformat(a["localDate"]) for a in activities) - timedelta(days=1)
        last = max(date.fromisoformat(a["localDate"]) for a in activities) + timedelta(days=1)
        found = await repositories.sessions.in_range(runner_id, plan_id, first, last, None)
        outcome.sessions = {session["_id"]: session for session in found}
    decisions = assign_batch(
        [ActivityFacts.from_mongo(activity) for activity in activities],
        [SessionCandidate.from_mongo(session) for session in outcome.sessions.values()],
    )
    for activity, decision in zip(activities, decisions, strict=True):
        fields: Document = {"matchStatus": decision.outcome.match_status.value}
        if decision.outcome is MatchOutcome.SUGGEST:
            fields["suggestions"] = [
                {
                    "sessionId": suggestion.session_id,
                    "scheduledDate": suggestion.scheduled_date.isoformat(),
                    "score": round(suggestion.score, 3),
                    "reason": suggestion.reason,
                }
                for suggestion in decision.suggestions
            ]
        execution = _execution_for({**activity, **fields}, decision, outcome.sessions)
        if execution is not None:
            outcome.executions[activity["_id"]] = execution
            fields["executionId"] = execution.id
        outcome.fields[activity["_id"]] = fields
    return outcome


def _execution_for(
    activity: Document, decision: MatchDecision, sessions: dict[ObjectId, Document]
) -> ExecutionDocument | None:
    if decision.outcome is MatchOutcome.AUTO_LINK and decision.link is not None:
        session = sessions[ObjectId(str(decision.link.session_id))]
        return planned_execution(session, activity, ExecutionOrigin.AUTO_MATCH, ObjectId())
    if decision.outcome is MatchOutcome.UNPLANNED:
        return unplanned_execution(activity)
    return None


def session_links(executions: list[ExecutionDocument]) -> dict[ObjectId, Document]:
    """The status and execution id each linked session gets."""
    links: dict[ObjectId, Document] = {}
    for execution in executions:
        if execution.session_id is None:
            continue
        status = SESSION_STATUS_OF[execution.completion_status]
        links[execution.session_id] = {"status": status.value, "executionId": execution.id}
    return links


def _count(result: ImportResult, stored: list[Document], linked_sessions: int) -> None:
    statuses = [activity.get("matchStatus") for activity in stored]
    result.linked = linked_sessions
    result.suggested = statuses.count(MatchStatus.SUGGESTED.value)
    result.unplanned = statuses.count(MatchStatus.UNPLANNED.value)
    result.not_runs = statuses.count(MatchStatus.NOT_A_RUN.value)


async def _publish(
    events: EventBus,
    runner_id: ObjectId,
    stored: list[Document],
    sessions: dict[ObjectId, Document],
    links: dict[ObjectId, Document],
) -> None:
    for session_id, fields in links.items():
        before = sessions[session_id]
        after = {**before, **fields, "version": before["version"] + 1}
        await publish_status(events, after, before["status"], fields["executionId"])
    for activity in stored:
        payload = {"activity": activity, "matchStatus": activity.get("matchStatus")}
        await events.publish(Event(runner_id, ACTIVITY_IMPORTED, payload))
