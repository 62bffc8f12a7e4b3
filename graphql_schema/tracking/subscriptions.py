"""Activities arriving, live, for their owner only."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from app.events import ACTIVITY_IMPORTED
from app.models.activity import MatchStatus
from graphql_schema.activities.types import Activity
from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.live_metrics import counted


@strawberry.type(description="An activity was stored for the viewer.")
class ActivityImport:
    activity: Activity
    match_status: MatchStatus | None


@strawberry.type
class TrackingSubscriptions:
    @strawberry.subscription(description="Each activity stored for the viewer, from any source.")
    @counted
    async def activity_imported(
        self, info: strawberry.Info[Context, None]
    ) -> AsyncGenerator[ActivityImport, None]:
        async with info.context.events.subscribe(await info.context.runner_id()) as events:
            async for event in events:
                if event.kind == ACTIVITY_IMPORTED:
                    status = event.payload.get("matchStatus")
                    yield ActivityImport(
                        activity=stored(Activity, event.payload["activity"]),
                        match_status=MatchStatus(status) if status else None,
                    )
