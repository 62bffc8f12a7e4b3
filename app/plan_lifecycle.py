"""A plan's status and who follows it."""

from __future__ import annotations

import logging

from bson import ObjectId

from app.errors import ConflictError, NotFoundError
from app.events import PLAN_CHANGED, Event, EventBus
from app.models.adaptation import PlanAssignmentDocument
from app.models.common import utc_now
from app.models.plan import FOLLOWED_STATUSES, PLAN_TRANSITIONS, PlanStatus
from repositories.base import Document
from repositories.registry import Repositories

log = logging.getLogger("cadence.plans")


async def set_plan_status(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    plan_id: ObjectId,
    new_status: PlanStatus,
) -> Document:
    """Move the plan to `new_status` if that transition is legal (compare-and-set).

    A runner follows one plan at a time: activating one abandons the plan they followed until
    then (active or paused), in the same transaction, and says so on both plans' events.
    """
    plan = await repositories.plans.get(runner_id, plan_id, {"status": 1})
    if plan is None:
        raise NotFoundError("plan", plan_id)
    current = plan["status"]
    if new_status.value not in PLAN_TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(sorted(PLAN_TRANSITIONS.get(current, frozenset()))) or "none"
        msg = f"a {current} plan cannot become {new_status.value} (allowed: {allowed})"
        raise ConflictError(msg)

    async def write(tx: Repositories) -> tuple[Document, list[Document]]:
        # Activating a paused plan ends its pause (as resumePlan does).
        extra: Document = (
            {"activatedAt": utc_now(), "pause": None} if new_status is PlanStatus.ACTIVE else {}
        )
        updated = await tx.plans.compare_and_set_status(
            runner_id, plan_id, current, new_status.value, extra
        )
        if updated is None:
            msg = "the plan changed status meanwhile: reload it and try again"
            raise ConflictError(msg)
        if new_status is not PlanStatus.ACTIVE:
            return updated, []
        replaced = await _abandon_followed(tx, runner_id, plan_id)
        # The plan the runner starts following is their current one from now on.
        if await tx.assignments.latest_plan_id(runner_id) != plan_id:
            await record_assignment(tx, runner_id, plan_id)
        return updated, replaced

    updated, replaced = await repositories.in_transaction(write)
    for previous in replaced:
        await publish_plan_changed(
            events, previous, "status", f"abandoned: plan {plan_id} is followed instead"
        )
    if replaced:
        log.info(
            "plan replaced",
            extra={"plan": str(plan_id), "abandoned": [str(p["_id"]) for p in replaced]},
        )
    await publish_plan_changed(
        events, updated, "status", f"status changed from {current} to {new_status.value}"
    )
    return updated


async def _abandon_followed(
    tx: Repositories, runner_id: ObjectId, plan_id: ObjectId
) -> list[Document]:
    """Abandon the other plans the runner follows (active or paused); the abandoned plans."""
    abandoned: list[Document] = []
    for other in await tx.plans.for_runner(runner_id, {"status": 1}):
        if other["_id"] == plan_id or other["status"] not in FOLLOWED_STATUSES:
            continue
        done = await tx.plans.compare_and_set_status(
            runner_id,
            other["_id"],
            other["status"],
            PlanStatus.ABANDONED.value,
            {"replacedByPlanId": plan_id},
        )
        if done is None:
            msg = "another plan changed status meanwhile: reload and try again"
            raise ConflictError(msg)
        abandoned.append(done)
    return abandoned


async def publish_plan_changed(events: EventBus, plan: Document, kind: str, summary: str) -> None:
    """Tell the plan's subscribers that it changed (status, adaptation, new version)."""
    payload = {
        "planId": plan["_id"],
        "version": plan["version"],
        "status": plan["status"],
        "kind": kind,
        "summary": summary,
        "changedAt": utc_now(),
    }
    await events.publish(Event(runner_id=plan["runnerId"], kind=PLAN_CHANGED, payload=payload))


async def assign_plan(repositories: Repositories, runner_id: ObjectId, plan_id: ObjectId) -> None:
    """Make this plan the runner's current one."""
    plan = await repositories.plans.get(runner_id, plan_id, {"status": 1})
    if plan is None:
        raise NotFoundError("plan", plan_id)
    if plan["status"] in {PlanStatus.COMPLETED, PlanStatus.ABANDONED}:
        msg = f"a {plan['status']} plan cannot be assigned: generate or pick another plan"
        raise ConflictError(msg)
    await record_assignment(repositories, runner_id, plan_id)


async def record_assignment(
    repositories: Repositories, runner_id: ObjectId, plan_id: ObjectId
) -> None:
    """Record that the runner now follows this plan (the latest assignment wins)."""
    assignment = PlanAssignmentDocument(runner_id=runner_id, plan_id=plan_id)
    await repositories.assignments.insert(assignment.to_mongo())
