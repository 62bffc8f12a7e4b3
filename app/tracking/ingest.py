"""Importing activities: store once, settle duplicates, match to the plan, record executions.

A batch of any size costs a fixed number of database round trips: one upsert, one read of the
runs around it (duplicates), one read of the plan's sessions in range, one insert of the
executions, one bulk update each for sessions and activities, and one sweep of missed days.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from bson import ObjectId

from app.errors import NotFoundError
from app.events import ACTIVITY_IMPORTED, Event, EventBus
from app.models.common import utc_now
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
from app.tracking.store import activity_document, local_day, store_activities
from repositories.base import Document
from repositories.registry import Repositories

log = logging.getLogger("cadence.ingest")


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


async def import_activities(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    parsed: Sequence[ParsedActivity],
    *,
    today: date | None = None,
) -> ImportResult:
    """Store, deduplicate and match a batch of parsed activities for one runner."""
    runner = await repositories.runners.get(runner_id, {"identity.timezone": 1, "connections": 1})
    if runner is None:
        raise NotFoundError("runner", runner_id)
    timezone = (runner.get("identity") or {}).get("timezone") or "UTC"
    primary = (runner.get("connections") or {}).get("primaryWearable")
    documents = [activity_document(item, runner_id, timezone) for item in parsed]
    stored = await store_activities(repositories, runner_id, documents, primary)
    result = ImportResult(
        activities=stored.new,
        replayed=stored.replayed,
        duplicates=len(stored.new) - len(stored.canonical_new),
    )
    if stored.canonical_new:
        await _match_and_record(repositories, events, runner_id, stored.canonical_new, result)
    plan_id = await repositories.assignments.latest_plan_id(runner_id)
    if plan_id is not None:
        runner_today = today or local_day(utc_now(), timezone, "UTC")
        result.missed_marked = await repositories.sessions.mark_missed(
            runner_id, plan_id, runner_today
        )
    for activity in stored.new:
        payload = {"activity": activity, "matchStatus": activity.get("matchStatus")}
        await events.publish(Event(runner_id, ACTIVITY_IMPORTED, payload))
    return result


async def _match_and_record(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    activities: list[Document],
    result: ImportResult,
) -> None:
    plan_id = await repositories.assignments.latest_plan_id(runner_id)
    sessions: dict[ObjectId, Document] = {}
    if plan_id is not None:
        first = min(date.fromisoformat(a["localDate"]) for a in activities) - timedelta(days=1)
        last = max(date.fromisoformat(a["localDate"]) for a in activities) + timedelta(days=1)
        found = await repositories.sessions.in_range(runner_id, plan_id, first, last, None)
        sessions = {session["_id"]: session for session in found}
    decisions = assign_batch(
        [ActivityFacts.from_mongo(activity) for activity in activities],
        [SessionCandidate.from_mongo(session) for session in sessions.values()],
    )
    executions: list[ExecutionDocument] = []
    activity_updates: dict[ObjectId, Document] = {}
    for activity, decision in zip(activities, decisions, strict=True):
        execution = _execution_for(activity, decision, sessions)
        update: Document = {"matchStatus": decision.outcome.match_status.value}
        if decision.outcome is MatchOutcome.SUGGEST:
            update["suggestions"] = [
                {
                    "sessionId": s.session_id,
                    "scheduledDate": s.scheduled_date.isoformat(),
                    "score": round(s.score, 3),
                    "reason": s.reason,
                }
                for s in decision.suggestions
            ]
        if execution is not None:
            executions.append(execution)
            update["executionId"] = execution.id
        activity_updates[activity["_id"]] = update
    failed = await repositories.executions.insert_each([e.to_mongo() for e in executions])
    if failed:
        await _fall_back_to_unplanned(
            repositories, executions, failed, activities, activity_updates
        )
    links: dict[ObjectId, Document] = {}
    for execution in executions:
        if execution.id in failed or execution.session_id is None:
            continue
        status = SESSION_STATUS_OF[execution.completion_status]
        links[execution.session_id] = {"status": status.value, "executionId": execution.id}
    await repositories.sessions.set_linked(runner_id, links)
    await repositories.activities.set_match_results(runner_id, activity_updates)
    for activity in activities:
        activity.update(activity_updates[activity["_id"]])
    for session_id, fields in links.items():
        session = {**sessions[session_id], **fields, "version": sessions[session_id]["version"] + 1}
        await publish_status(events, session, sessions[session_id]["status"], fields["executionId"])
    _count(result, activity_updates)


def _execution_for(
    activity: Document, decision: MatchDecision, sessions: dict[ObjectId, Document]
) -> ExecutionDocument | None:
    if decision.outcome is MatchOutcome.AUTO_LINK and decision.link is not None:
        session = sessions[ObjectId(str(decision.link.session_id))]
        return planned_execution(session, activity, ExecutionOrigin.AUTO_MATCH, ObjectId())
    if decision.outcome is MatchOutcome.UNPLANNED:
        return unplanned_execution(activity)
    return None


async def _fall_back_to_unplanned(
    repositories: Repositories,
    executions: list[ExecutionDocument],
    failed: set[ObjectId],
    activities: list[Document],
    activity_updates: dict[ObjectId, Document],
) -> None:
    """Sessions linked meanwhile by someone else: their would-be runs become unplanned."""
    by_id = {activity["_id"]: activity for activity in activities}
    replacements = []
    for execution in executions:
        if execution.id in failed and execution.activity_id is not None:
            replacement = unplanned_execution(by_id[execution.activity_id])
            replacements.append(replacement)
            activity_updates[execution.activity_id] = {
                "matchStatus": "unplanned",
                "executionId": replacement.id,
            }
    log.info("sessions taken during import", extra={"count": len(replacements)})
    await repositories.executions.insert_each([r.to_mongo() for r in replacements])


def _count(result: ImportResult, activity_updates: dict[ObjectId, Document]) -> None:
    statuses = [update["matchStatus"] for update in activity_updates.values()]
    result.linked += statuses.count("matched")
    result.suggested += statuses.count("suggested")
    result.unplanned += statuses.count("unplanned")
    result.not_runs += statuses.count("not_a_run")
