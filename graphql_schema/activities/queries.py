"""The viewer's activities, newest first."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.models.activity import Sport
from graphql_schema.activities.types import Activity
from graphql_schema.context import Context
from graphql_schema.pagination import Connection, page_size


@strawberry.type
class ActivityQueries:
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
