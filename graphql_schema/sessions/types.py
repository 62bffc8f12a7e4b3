"""A planned day with its live status, and what was executed against it."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.models import execution, session
from graphql_schema.activities.types import Activity
from graphql_schema.common_types import HeartRateRange, PaceRange  # noqa: F401 - for nesting
from graphql_schema.context import Context
from graphql_schema.documents import Stored, document_type, stored


@document_type(session.Segment)
class Segment:
    pass


@document_type(session.Alternative)
class Alternative:
    pass


@document_type(session.CalendarDisplay)
class CalendarDisplay:
    pass


@document_type(session.PlannedSessionDocument, name="Session")
class Session:
    @strawberry.field(description="What was executed against this day (at most one).")
    async def executions(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> list[Annotated[Execution, strawberry.lazy("graphql_schema.sessions.types")]]:
        loaders = await info.context.loaders()
        found = await loaders.executions_of_session.load(parent["_id"])
        return [stored(Execution, document) for document in found]


@document_type(execution.Actuals)
class Actuals:
    pass


@document_type(execution.Feedback)
class Feedback:
    pass


@document_type(execution.Analysis)
class Analysis:
    pass


@document_type(
    session.PlannedSessionDocument,
    name="SessionSnapshot",
    description="A planned day frozen as it was when executed: the plan's fields, not the "
    "day's live state (its version, last update and execution are on `Session`).",
    exclude=["version", "updated_at", "execution_id"],
)
class SessionSnapshot:
    pass


@document_type(
    execution.ExecutionDocument, name="Execution", exclude=["session_key", "planned_snapshot"]
)
class Execution:
    @strawberry.field(
        name="plannedSnapshot",
        description="The planned session as it was when this day was executed.",
    )
    def snapshot_of_plan(self, parent: strawberry.Parent[Stored]) -> SessionSnapshot | None:
        snapshot = parent.get("plannedSnapshot")
        return stored(SessionSnapshot, snapshot) if snapshot else None

    @strawberry.field(description="The recorded activity behind this execution, if any.")
    async def activity(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> Activity | None:
        activity_id = parent.get("activityId")
        if activity_id is None:
            return None
        loaders = await info.context.loaders()
        found = await loaders.activity.load(activity_id)
        return stored(Activity, found) if found else None
