"""Race goals, answering GoFast's names too (`raceName`, `raceDate`, `distanceMiles`...)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from app.models import race
from app.planning.formatting import KM_PER_MILE
from graphql_schema.common_types import PaceRange  # noqa: F401 - registers shared types first
from graphql_schema.context import Context
from graphql_schema.documents import Stored, document_type, stored, stored_key
from graphql_schema.plans.relations import plans_of_race

if TYPE_CHECKING:
    from graphql_schema.plans.types import Plan


@document_type(race.RaceDocument, name="Race")
class Race:
    race_name: str = strawberry.field(resolver=stored_key("name"), description="GoFast's name.")
    race_date: date = strawberry.field(resolver=stored_key("date"), description="Race day.")
    distance_miles: float = strawberry.field(
        resolver=stored_key("distanceM", 1 / (1000 * KM_PER_MILE)), description="Miles."
    )
    created_by_athlete_id: strawberry.ID = strawberry.field(
        resolver=stored_key("runnerId"), description="The runner who set the race."
    )

    @strawberry.field(description="`5k`, `10k`, `half`, `marathon` or `custom`.")
    def race_type(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent["type"])

    @strawberry.field(
        description="The viewer's plans for this race, newest first, at most `first` (GoFast's "
        "`trainingPlans`)."
    )
    async def training_plans(
        self,
        parent: strawberry.Parent[Stored],
        info: strawberry.Info[Context, None],
        first: int = 10,
    ) -> list[Annotated[Plan, strawberry.lazy("graphql_schema.plans.types")]]:
        from graphql_schema.plans.types import Plan  # noqa: PLC0415 - plans import races

        return [stored(Plan, plan) for plan in await plans_of_race(parent, info, first)]
