"""The plan in the assistant-first seed's terms: goal distance and date, current phase, inputs."""

from __future__ import annotations

from datetime import date

import strawberry

from app.models import personalization as terms
from app.models.common import RaceType
from app.models.plan import Phase
from app.planning.plan_goal import current_phase
from graphql_schema.context import Context
from graphql_schema.documents import Stored, document_type
from graphql_schema.runners.profile_types import AvailabilityBlock  # noqa: F401 - nested below


async def race_of(parent: Stored, info: strawberry.Info[Context, None]) -> Stored | None:
    """The stored race of a plan (batched per request), or None."""
    return await info.context.linked(parent, "raceId", lambda loaders: loaders.race)


async def race_day(
    parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
) -> date | None:
    """The day of a plan's race, or None."""
    race = await race_of(parent, info)
    return date.fromisoformat(race["date"]) if race else None


@document_type(terms.BaselineFitness)
class BaselineFitness:
    pass


@document_type(terms.PersonalizationInputs)
class PersonalizationInputs:
    pass


PLAN_GOAL_FIELDS = {
    "goalDistance": ["raceId"],
    "goalDate": ["raceId"],
    "phase": ["weeklyPlan"],
}
"""The stored keys these fields read (for projections)."""


@strawberry.type
class PlanGoalFields:
    """The seed's assistant-first `Plan` fields of `Plan`."""

    @strawberry.field(
        description="The race distance the plan trains for: FIVE_K, TEN_K, HALF_MARATHON (the "
        "seed's `half`), MARATHON, or CUSTOM for any other distance (`race.distanceM` says "
        "which); null for a plan without a race."
    )
    async def goal_distance(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> RaceType | None:
        race = await race_of(parent, info)
        return RaceType(race["type"]) if race else None

    goal_date: date | None = strawberry.field(
        resolver=race_day,
        description="Race day: the day the plan trains for; null without a race.",
    )

    @strawberry.field(
        description="The phase the plan is in today (the runner's day, by the app's clock): the "
        "phase of the week holding today; null before the plan starts and after race day."
    )
    async def phase(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> Phase | None:
        return current_phase(parent["weeklyPlan"], await info.context.runner_today())
