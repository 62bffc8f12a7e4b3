"""Live plan and session updates, for the viewer's own plans only."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry
from bson import ObjectId

from app.events import PLAN_CHANGED, SESSION_STATUS_CHANGED
from app.models.plan import PlanStatus
from app.models.session import SessionStatus
from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.errors import NotFoundClientError
from graphql_schema.live_metrics import counted
from graphql_schema.scalars import parse_id
from graphql_schema.sessions.types import Session


@strawberry.type(description="A plan changed: its status, or a new version after an adaptation.")
class PlanChange:
    plan_id: strawberry.ID
    version: int
    status: PlanStatus
    kind: str = strawberry.field(description="status, adaptation, regeneration, pause, resume")
    summary: str
    changed_at: datetime


@strawberry.type(description="A planned session's live status changed.")
class SessionStatusChange:
    session: Session
    previous_status: SessionStatus | None
    status: SessionStatus
    changed_at: datetime


async def _owned_plan(info: strawberry.Info[Context, None], plan_id: strawberry.ID) -> ObjectId:
    plan = parse_id(plan_id, "planId")
    runner_id = await info.context.runner_id()
    if await info.context.repositories.plans.get(runner_id, plan, {"_id": 1}) is None:
        msg = f"no plan with id {plan}"
        raise NotFoundClientError(msg)
    return plan


@strawberry.type
class PlanSubscriptions:
    @strawberry.subscription(description="Status changes, adaptations and new versions of a plan.")
    @counted
    async def plan_changed(
        self, info: strawberry.Info[Context, None], plan_id: strawberry.ID
    ) -> AsyncGenerator[PlanChange, None]:
        plan = await _owned_plan(info, plan_id)
        async with info.context.events.subscribe(await info.context.runner_id()) as events:
            async for event in events:
                if event.kind == PLAN_CHANGED and event.payload["planId"] == plan:
                    payload = event.payload
                    yield PlanChange(
                        plan_id=strawberry.ID(str(plan)),
                        version=payload["version"],
                        status=PlanStatus(payload["status"]),
                        kind=payload["kind"],
                        summary=payload["summary"],
                        changed_at=payload["changedAt"],
                    )

    @strawberry.subscription(description="Live status of the plan's sessions as runs come in.")
    @counted
    async def session_status_changed(
        self, info: strawberry.Info[Context, None], plan_id: strawberry.ID
    ) -> AsyncGenerator[SessionStatusChange, None]:
        plan = await _owned_plan(info, plan_id)
        async with info.context.events.subscribe(await info.context.runner_id()) as events:
            async for event in events:
                if event.kind == SESSION_STATUS_CHANGED and event.payload["planId"] == plan:
                    payload = event.payload
                    info.context.forget_loaded()
                    previous = payload.get("previousStatus")
                    yield SessionStatusChange(
                        session=stored(Session, payload["session"]),
                        previous_status=SessionStatus(previous) if previous else None,
                        status=SessionStatus(payload["status"]),
                        changed_at=payload["changedAt"],
                    )
