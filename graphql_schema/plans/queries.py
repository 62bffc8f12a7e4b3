"""Entry points into plans: by id, the calendar, one session, one execution, the log."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import strawberry

from app.models.session import SessionStatus
from app.planning.week_ids import parse_week_id
from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.errors import InvalidInputError, LimitExceededError
from graphql_schema.pagination import Connection, page_size
from graphql_schema.plans.adaptation_types import AdaptationLog
from graphql_schema.plans.types import PLAN_COMPUTED_FIELDS, Plan, Week, weeks_of
from graphql_schema.projection import projection_for
from graphql_schema.scalars import parse_id
from graphql_schema.sessions.types import Execution, Session

MAX_CALENDAR_DAYS = 366


@strawberry.type
class PlanQueries:
    @strawberry.field(description="One of the viewer's plans; null when there is none by that id.")
    async def plan(self, info: strawberry.Info[Context, None], id: strawberry.ID) -> Plan | None:  # noqa: A002
        plan_id = parse_id(id)
        runner_id = await info.context.runner_id()
        projection = projection_for(info, PLAN_COMPUTED_FIELDS)
        document = await info.context.repositories.plans.get(runner_id, plan_id, projection)
        return stored(Plan, document) if document else None

    @strawberry.field(
        description="One week of one of the viewer's plans, by `Week.id` (a session's "
        "`weekId`); null when there is none by that id."
    )
    async def week(self, info: strawberry.Info[Context, None], id: strawberry.ID) -> Week | None:  # noqa: A002
        found = parse_week_id(id)
        if found is None:
            msg = f"`id`: {id!r} is not a week id (read one from `Week.id` or `Session.weekId`)"
            raise InvalidInputError(msg, field="id")
        plan_id, number = found
        runner_id = await info.context.runner_id()
        document = await info.context.repositories.plans.get(
            runner_id, plan_id, {"_id": 1, "weeklyPlan": 1}
        )
        weeks = weeks_of(document, number, number) if document else []
        return weeks[0] if weeks else None

    @strawberry.field(description="One of the viewer's planned sessions.")
    async def session(
        self,
        info: strawberry.Info[Context, None],
        id: strawberry.ID,  # noqa: A002
    ) -> Session | None:
        session_id = parse_id(id)
        runner_id = await info.context.runner_id()
        document = await info.context.repositories.sessions.get(runner_id, session_id)
        return stored(Session, document) if document else None

    @strawberry.field(
        description="The calendar: sessions of the runner's current plan (or of `planId`) "
        "between two days, inclusive."
    )
    async def sessions(
        self,
        info: strawberry.Info[Context, None],
        from_day: Annotated[date, strawberry.argument(name="from")],
        to_day: Annotated[date, strawberry.argument(name="to")],
        status: list[SessionStatus] | None = None,
        plan_id: strawberry.ID | None = None,
    ) -> list[Session]:
        if to_day < from_day:
            msg = "`to` must not be before `from`"
            raise InvalidInputError(msg, field="to")
        if to_day - from_day > timedelta(days=MAX_CALENDAR_DAYS):
            msg = f"a calendar range may span at most {MAX_CALENDAR_DAYS} days"
            raise LimitExceededError(msg, field="to", maximum=MAX_CALENDAR_DAYS)
        runner_id = await info.context.runner_id()
        repositories = info.context.repositories
        if plan_id is None:
            plan = await repositories.assignments.latest_plan_id(runner_id)
        else:
            plan = parse_id(plan_id, "planId")
            if await repositories.plans.get(runner_id, plan, {"_id": 1}) is None:
                plan = None
        if plan is None:
            return []
        statuses = [SessionStatus(value).value for value in status] if status else None
        documents = await repositories.sessions.in_range(
            runner_id, plan, from_day, to_day, statuses
        )
        return [stored(Session, document) for document in documents]

    @strawberry.field(description="One of the viewer's executions.")
    async def execution(
        self,
        info: strawberry.Info[Context, None],
        id: strawberry.ID,  # noqa: A002
    ) -> Execution | None:
        execution_id = parse_id(id)
        runner_id = await info.context.runner_id()
        document = await info.context.repositories.executions.get(runner_id, execution_id)
        return stored(Execution, document) if document else None

    @strawberry.field(description="A plan's adaptations, newest first.")
    async def adaptation_logs(
        self,
        info: strawberry.Info[Context, None],
        plan_id: strawberry.ID,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[AdaptationLog]:
        plan = parse_id(plan_id, "planId")
        size = page_size(first, info.context.settings.max_page_size)
        runner_id = await info.context.runner_id()
        page = await info.context.repositories.adaptation_logs.page(runner_id, plan, size, after)
        return Connection.of(AdaptationLog, page)
