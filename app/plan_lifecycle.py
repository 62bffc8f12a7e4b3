"""A plan's status and who follows it."""

from __future__ import annotations

from bson import ObjectId

from app.errors import ConflictError, NotFoundError
from app.events import PLAN_CHANGED, Event, EventBus
from app.models.adaptation import PlanAssignmentDocument
from app.models.common import utc_now
from app.models.plan import PLAN_TRANSITIONS, PlanStatus
from repositories.base import Document
from repositories.registry import Repositories


async def set_plan_status(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    plan_id: ObjectId,
    new_status: PlanStatus,
) -> Document:
    """Move the plan to `new_status` if that transition is legal (compare-and-set)."""
    plan = await repositories.plans.get(runner_id, plan_id, {"status": 1})
    if plan is None:
        raise NotFoundError("plan", plan_id)
    current = plan["status"]
    if new_status.value not in PLAN_TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(sorted(PLAN_TRANSITIONS.get(current, frozenset()))) or "none"
        msg = f"a {current} plan cannot become {new_status.value} (allowed: {allowed})"
        raise ConflictError(msg)
    # Activating a paused plan ends its pause (as resumePlan does).
    extra: Document = (
        {"activatedAt": utc_now(), "pause": None} if new_status is PlanStatus.ACTIVE else {}
    )
    updated = await repositories.plans.compare_and_set_status(
        runner_id, plan_id, current, new_status.value, extra
    )
    if updated is None:
        msg = "the plan changed status meanwhile: reload it and try again"
        raise ConflictError(msg)
    # The plan the runner starts following is their current one from now on.
    if new_status is PlanStatus.ACTIVE and (
        await repositories.assignments.latest_plan_id(runner_id) != plan_id
    ):
        await record_assignment(repositories, runner_id, plan_id)
    await publish_plan_changed(
        events, updated, "status", f"status changed from {current} to {new_status.value}"
    )
    return updated


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
