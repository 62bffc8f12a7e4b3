"""GoFast's relations: a race's training plans, a plan's planned days and executed days.

Each is a bounded list read through the request's loaders, so a query listing many races or
plans costs the same few round trips as one: a race's plans come a page at a time (`first`,
newest first), a plan's days and executions a range of weeks at a time (`from`, `to`), as
`Plan.weeks` does. Every read is filtered on the viewer's runner.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from bson import ObjectId

from graphql_schema.context import Context
from graphql_schema.documents import Stored, stored
from graphql_schema.pagination import page_size
from graphql_schema.plans.versions import VERSION_SESSIONS
from graphql_schema.projection import projection_for
from graphql_schema.sessions.types import Execution, Session

FromWeek = Annotated[
    int | None, strawberry.argument(name="from", description="First week number, inclusive.")
]
ToWeek = Annotated[int | None, strawberry.argument(name="to", description="Last week number.")]


def _weeks(
    parent: Stored, from_week: int | None, to_week: int | None
) -> list[tuple[ObjectId, int]]:
    total = int(parent["metadata"]["totalWeeks"])
    low, high = max(1, from_week or 1), min(total, to_week or total)
    return [(parent["_id"], week) for week in range(low, high + 1)]


async def planned_days(
    parent: strawberry.Parent[Stored],
    info: strawberry.Info[Context, None],
    from_week: FromWeek = None,
    to_week: ToWeek = None,
) -> list[Session]:
    """The plan's planned days (GoFast `plannedDays`), by date, optionally weeks `from`-`to`."""
    weeks = _weeks(parent, from_week, to_week)
    if VERSION_SESSIONS in parent:  # an earlier version: its own days
        numbers = {week for _, week in weeks}
        kept = [s for s in parent[VERSION_SESSIONS] if s["weekNumber"] in numbers]
        return [stored(Session, s) for s in sorted(kept, key=lambda s: s["scheduledDate"])]
    loaders = await info.context.loaders()
    found = await loaders.sessions_of_week.load_many(weeks)
    return [stored(Session, session) for week in found for session in week]


async def executions(
    parent: strawberry.Parent[Stored],
    info: strawberry.Info[Context, None],
    from_week: FromWeek = None,
    to_week: ToWeek = None,
) -> list[Execution]:
    """The plan's executed (missed, skipped) days, by date, optionally weeks `from`-`to`."""
    loaders = await info.context.loaders()
    found = await loaders.executions_of_week.load_many(_weeks(parent, from_week, to_week))
    return [stored(Execution, execution) for week in found for execution in week]


async def plans_of_race(
    race: Stored, info: strawberry.Info[Context, None], first: int
) -> list[Stored]:
    """The viewer's `first` newest plans for the race, with the keys the selection reads."""
    # Plan's module imports this one (its fields above): its table is read when first needed.
    from graphql_schema.plans.types import PLAN_COMPUTED_FIELDS  # noqa: PLC0415

    size = page_size(first, info.context.settings.max_page_size)
    projection = projection_for(info, PLAN_COMPUTED_FIELDS)
    loaders = await info.context.loaders()
    return await loaders.plans_of_race.load((race["_id"], size, tuple(sorted(projection))))
