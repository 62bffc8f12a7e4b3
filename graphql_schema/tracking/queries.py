"""Activities waiting for the runner to confirm which planned day they were."""

from __future__ import annotations

import strawberry

from graphql_schema.activities.types import Activity
from graphql_schema.context import Context
from graphql_schema.documents import stored


@strawberry.type
class TrackingQueries:
    @strawberry.field(
        description="Activities matching was unsure about, each with its suggested days."
    )
    async def match_suggestions(self, info: strawberry.Info[Context, None]) -> list[Activity]:
        runner_id = await info.context.runner_id()
        documents = await info.context.repositories.activities.with_suggestions(runner_id)
        return [stored(Activity, document) for document in documents]
