"""The viewer's activities, newest first."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.models.activity import Sport
from graphql_schema.activities.types import Activity
from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.pagination import Connection, page_size
from graphql_schema.scalars import parse_id


@strawberry.type
class ActivityQueries:
    @strawberry.field(
        description="One of the viewer's activities, for its detail view: laps, splits and "
        "samples for charts. Null for an id that is not the viewer's."
    )
    async def activity(
        self, info: strawberry.Info[Context, None], activity_id: strawberry.ID
    ) -> Activity | None:
        runner_id = await info.context.runner_id()
        document = await info.context.repositories.activities.get(
            runner_id, parse_id(activity_id, "activityId")
        )
        return stored(Activity, document) if document else None

    @strawberry.field(description="Activities, newest first, filtered by start, source and sport.")
    async def activities(
        self,
        info: strawberry.Info[Context, None],
        first: int = 20,
        after: str | None = None,
        started_from: datetime | None = None,
        started_before: datetime | None = None,
        sources: list[str] | None = None,
        sports: list[Sport] | None = None,
    ) -> Connection[Activity]:
        size = page_size(first, info.context.settings.max_page_size)
        runner_id = await info.context.runner_id()
        page = await info.context.repositories.activities.page(
            runner_id,
            size,
            after,
            start_from=started_from,
            start_to=started_before,
            sources=sources,
            sports=[Sport(sport).value for sport in sports] if sports else None,
        )
        return Connection.of(Activity, page)
