"""Race goals, answering GoFast's names too (`raceName`, `raceDate`, `distanceMiles`...)."""

from __future__ import annotations

from datetime import date

import strawberry

from app.models import race
from app.planning.formatting import KM_PER_MILE
from graphql_schema.common_types import PaceRange  # noqa: F401 - registers shared types first
from graphql_schema.documents import Stored, document_type, stored_key


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
