"""Creating and editing race goals."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry

from app import profile
from app.models.common import RaceType
from app.models.race import GoalPriority, RaceStatus
from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.races.types import Race
from graphql_schema.scalars import parse_id
from graphql_schema.user_errors import InvalidInput, NotFound, payload_or_user_error
from repositories.base import Document


@strawberry.input(description="A new race goal; standard types fix the distance.")
class CreateRaceInput:
    name: str
    type: RaceType
    date: date
    distance_m: float | None = None
    location: str | None = None
    goal_time_s: float | None = None
    goal_priority: GoalPriority = GoalPriority.FINISH
    baseline_5k_s: float | None = strawberry.field(default=None, name="baseline5kS")
    baseline_weekly_volume_km: float | None = None


@strawberry.input(description="Changes to a race goal; omitted fields stay as they are.")
class UpdateRaceInput:
    name: str | None = strawberry.UNSET
    type: RaceType | None = strawberry.UNSET
    date: date | None = strawberry.UNSET
    distance_m: float | None = strawberry.UNSET
    location: str | None = strawberry.UNSET
    goal_time_s: float | None = strawberry.UNSET
    goal_priority: GoalPriority | None = strawberry.UNSET
    baseline_5k_s: float | None = strawberry.field(default=strawberry.UNSET, name="baseline5kS")
    baseline_weekly_volume_km: float | None = strawberry.UNSET
    status: RaceStatus | None = strawberry.UNSET


@strawberry.type(description="The race as stored.")
class RaceSaved:
    race: Race

    @classmethod
    def of(cls, document: Document) -> RaceSaved:
        """The payload for a stored race."""
        return cls(race=stored(Race, document))


SaveRaceResult = Annotated[RaceSaved | InvalidInput | NotFound, strawberry.union("SaveRaceResult")]


def _given(values: object) -> dict[str, Any]:
    return {name: value for name, value in vars(values).items() if value is not strawberry.UNSET}


@strawberry.type
class RaceMutations:
    @strawberry.mutation(description="Set a new race goal.")
    async def create_race(
        self,
        info: strawberry.Info[Context, None],
        input: CreateRaceInput,  # noqa: A002
    ) -> SaveRaceResult:
        runner_id = await info.context.runner_id()
        return await payload_or_user_error(  # type: ignore[return-value]
            profile.create_race(
                info.context.repositories,
                runner_id,
                _given(input),
                await info.context.runner_today(),
            ),
            RaceSaved.of,
        )

    @strawberry.mutation(description="Change a race goal.")
    async def update_race(
        self,
        info: strawberry.Info[Context, None],
        id: strawberry.ID,  # noqa: A002
        input: UpdateRaceInput,  # noqa: A002
    ) -> SaveRaceResult:
        race_id = parse_id(id)
        runner_id = await info.context.runner_id()
        return await payload_or_user_error(  # type: ignore[return-value]
            profile.update_race(
                info.context.repositories,
                runner_id,
                race_id,
                _given(input),
                await info.context.runner_today(),
            ),
            RaceSaved.of,
        )
