"""The viewer's sleep, daily summaries and body measurements over a range, newest first."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated

import strawberry

from graphql_schema.context import Context
from graphql_schema.history.types import BodyMeasurement, DailySummary, SleepSession
from graphql_schema.pagination import Connection, page_size
from repositories.activities import HistoryRepository
from repositories.base import Page


async def _days_page(
    info: strawberry.Info[Context, None],
    repository: HistoryRepository,
    key: str,
    days: tuple[date | None, date | None],
    first: int,
    after: str | None,
) -> Page:
    """One page of the viewer's records whose calendar day `key` lies in `days` (inclusive)."""
    size = page_size(first, info.context.settings.max_page_size)
    runner_id = await info.context.runner_id()
    low, high = days
    return await repository.page_between(
        runner_id,
        key,
        low.isoformat() if low else None,
        (high + timedelta(days=1)).isoformat() if high else None,
        first=size,
        after=after,
    )


@strawberry.type
class HistoryQueries:
    @strawberry.field(
        description="Sleep sessions, newest night first; `from`/`to` are the runner's calendar "
        "days the nights end on, both included."
    )
    async def sleep_sessions(
        self,
        info: strawberry.Info[Context, None],
        first: int = 20,
        after: str | None = None,
        from_day: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
    ) -> Connection[SleepSession]:
        repository = info.context.repositories.sleep
        page = await _days_page(info, repository, "localDate", (from_day, to), first, after)
        return Connection.of(SleepSession, page)

    @strawberry.field(
        description="Daily summaries (steps, resting heart rate, HRV, stress), newest day first; "
        "`from`/`to` both included."
    )
    async def daily_summaries(
        self,
        info: strawberry.Info[Context, None],
        first: int = 20,
        after: str | None = None,
        from_day: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
    ) -> Connection[DailySummary]:
        repository = info.context.repositories.daily_summaries
        page = await _days_page(info, repository, "date", (from_day, to), first, after)
        return Connection.of(DailySummary, page)

    @strawberry.field(
        description="Body measurements (weight, body fat, ...), newest first, measured at or "
        "after `measuredFrom` and before `measuredBefore`."
    )
    async def body_measurements(
        self,
        info: strawberry.Info[Context, None],
        first: int = 20,
        after: str | None = None,
        measured_from: datetime | None = None,
        measured_before: datetime | None = None,
    ) -> Connection[BodyMeasurement]:
        size = page_size(first, info.context.settings.max_page_size)
        runner_id = await info.context.runner_id()
        page = await info.context.repositories.body_measurements.page_between(
            runner_id, "measuredAt", measured_from, measured_before, first=size, after=after
        )
        return Connection.of(BodyMeasurement, page)
