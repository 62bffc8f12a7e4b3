"""Importing activities: store once, settle duplicates, match to the plan, record executions.

A batch of any size costs a fixed number of database round trips: which activities are known,
the runs around the batch (duplicates), the assigned plan and its sessions in range, one insert
of the activities (already carrying their match result), one of the executions, one bulk update
of the linked sessions and one sweep of missed days. Activities are written complete, never
updated afterwards, because inserts are cheap on every server and updates are not (the bundled
database writes each updated document in its own transaction). Each activity carries its
training load, computed from the runner's profile before it is stored. When anything new was
stored, the inference engine then refreshes the runner's current state (six reads, one update).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bson import ObjectId

from app.clock import local_today
from app.errors import NotFoundError
from app.events import ACTIVITY_IMPORTED, Event, EventBus
from app.fitness.activity_loads import load_profile
from app.fitness.inference import StateRefresher, refresh_runner_state
from app.models.activity import MatchStatus
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
from app.tracking.store import Batch, activity_document, prepare_batch
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
class _Outcome:
    """Per new activity: its match fields and its execution, before anything is written."""

    fields: dict[ObjectId, Document] = field(default_factory=dict)
    executions: dict[ObjectId, ExecutionDocument] = field(default_factory=dict)
    sessions: dict[ObjectId, Document] = field(default_factory=dict)


async def import_activities(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    parsed: Sequence[ParsedActivity],
    *,
    now: datetime,
    refresher: StateRefresher | None = None,
) -> ImportResult:
    """Store, deduplicate and match a batch of parsed activities for one runner."""
    runner = await repositories.runners.get(runner_id, _RUNNER_FIELDS)
    if runner is None:
        raise NotFoundError("runner", runner_id)
    timezone = (runner.get("identity") or {}).get("timezone") or "UTC"
    primary = (runner.get("connections") or {}).get("primaryWearable")
    runner_today = local_today(timezone, now)
    profile = load_profile(runner, runner_today)
    documents = [activity_document(item, runner_id, timezone, profile) for item in parsed]
    batch = await prepare_batch(repositories, runner_id, documents, primary)
    plan_id = await repositories.assignments.latest_plan_id(runner_id)
    outcome = await _match(repositories, runner_id, plan_id, batch)
    for document in batch.new:
        document.update(outcome.fields[document["_id"]])
    taken = await repositories.activities.insert_new(batch.new)
    stored = [document for document in batch.new if document["_id"] not in taken]
    executions = [e for e in outcome.executions.values() if e.activity_id not in taken]
    failed = await repositories.executions.insert_each([e.to_mongo() for e in executions])
    if failed:
        await _fall_back_to_unplanned(repositories, runner_id, executions, failed, stored)
    links = _session_links(executions, failed)
    await repositories.sessions.set_linked(runner_id, links)
    if batch.demoted:
        await repositories.activities.mark_duplicates(runner_id, batch.demoted)
    result = ImportResult(
        activities=stored, replayed=batch.replayed + len(taken), duplicates=len(batch.duplicate_of)
    )
    _count(result, stored, len(links))
    result.missed_marked = await _mark_missed(repositories, runner_id, plan_id, runner_today)
    await _publish(events, runner_id, stored, outcome.sessions, links)
    # Last: with the API's refresher this only asks for it, so the import answers first.
    await _refresh(
        repositories, runner_id, now, changed=bool(stored or batch.demoted), refresher=refresher
    )
    return result


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


async def _match(
    repositories: Repositories, runner_id: ObjectId, plan_id: ObjectId | None, batch: Batch
) -> _Outcome:
    outcome = _Outcome()
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


def _session_links(
    executions: list[ExecutionDocument], failed: set[ObjectId]
) -> dict[ObjectId, Document]:
    links: dict[ObjectId, Document] = {}
    for execution in executions:
        if execution.id in failed or execution.session_id is None:
            continue
        status = SESSION_STATUS_OF[execution.completion_status]
        links[execution.session_id] = {"status": status.value, "executionId": execution.id}
    return links


async def _fall_back_to_unplanned(
    repositories: Repositories,
    runner_id: ObjectId,
    executions: list[ExecutionDocument],
    failed: set[ObjectId],
    stored: list[Document],
) -> None:
    """Sessions linked meanwhile by someone else: those runs become unplanned executions."""
    by_id = {activity["_id"]: activity for activity in stored}
    replacements: dict[ObjectId, Document] = {}
    new_executions = []
    for execution in executions:
        activity = by_id.get(execution.activity_id) if execution.activity_id else None
        if execution.id in failed and activity is not None:
            replacement = unplanned_execution(activity)
            new_executions.append(replacement.to_mongo())
            fields = {"matchStatus": MatchStatus.UNPLANNED.value, "executionId": replacement.id}
            replacements[activity["_id"]] = fields
            activity.update(fields)
    log.info("sessions taken during import", extra={"count": len(replacements)})
    await repositories.executions.insert_each(new_executions)
    await repositories.activities.set_match_results(runner_id, replacements)


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
