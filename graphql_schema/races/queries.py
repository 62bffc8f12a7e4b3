"""The viewer's race goals."""

from __future__ import annotations

import strawberry

from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.races.types import Race
from graphql_schema.scalars import parse_id


@strawberry.type
class RaceQueries:
    @strawberry.field(description="One of the viewer's races.")
    async def race(self, info: strawberry.Info[Context, None], id: strawberry.ID) -> Race | None:  # noqa: A002
        race_id = parse_id(id)
        runner_id = await info.context.runner_id()
        document = await info.context.repositories.races.get(runner_id, race_id)
        return stored(Race, document) if document else None

    @strawberry.field(description="Every race of the viewer, soonest first.")
    async def races(self, info: strawberry.Info[Context, None]) -> list[Race]:
        runner_id = await info.context.runner_id()
        documents = await info.context.repositories.races.for_runner(runner_id)
        return [stored(Race, document) for document in documents]
