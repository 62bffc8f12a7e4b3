"""The calendar feed's secret address: create (or rotate) it, revoke it."""

from __future__ import annotations

import strawberry

from app import calendar_feed
from graphql_schema.context import Context


@strawberry.type(description="A new secret address of the viewer's calendar feed.")
class CalendarFeedCreated:
    url: str = strawberry.field(
        description="Subscribe to it in a calendar app (iCalendar over HTTP GET, no header "
        "needed). Shown once: only its hash is stored. Any earlier address stops working."
    )


@strawberry.type(description="The calendar feed after `revokeCalendarFeed`.")
class CalendarFeedRevoked:
    revoked: bool = strawberry.field(
        description="True when a feed existed and its address now answers 404."
    )


@strawberry.type
class CalendarFeedMutations:
    @strawberry.mutation(
        description="Create the secret address of a calendar feed of the active plan, or "
        "rotate it (the previous address stops working)."
    )
    async def create_calendar_feed(
        self, info: strawberry.Info[Context, None]
    ) -> CalendarFeedCreated:
        runner_id = await info.context.runner_id()
        token = await calendar_feed.create_feed(
            info.context.repositories, runner_id, info.context.clock.now()
        )
        request = info.context.request
        base = str(request.base_url) if request is not None else "/"
        return CalendarFeedCreated(url=f"{base.rstrip('/')}/calendar/{token}.ics")

    @strawberry.mutation(description="Revoke the calendar feed: its address answers 404.")
    async def revoke_calendar_feed(
        self, info: strawberry.Info[Context, None]
    ) -> CalendarFeedRevoked:
        runner_id = await info.context.runner_id()
        revoked = await calendar_feed.revoke_feed(info.context.repositories, runner_id)
        return CalendarFeedRevoked(revoked=revoked)
