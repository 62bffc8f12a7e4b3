"""The runner in the assistant-first seed's terms (its `UserProfile`), read from the Runner Object.

The seed's profile holds the subscription too: Cadence keeps it on the account, set only by the
billing side (`app/billing.py`), and answers it here for the viewer's own runner.
"""

from __future__ import annotations

from typing import cast

import strawberry

from app.accounts import profile_subscription
from app.models import personalization as terms
from app.models.common import ExperienceLevel
from app.models.runner import Coaching, Health, Identity, Running, Schedule
from app.planning import personalization
from graphql_schema.context import Context
from graphql_schema.documents import Stored, document_type


@document_type(terms.AvailabilityBlock)
class AvailabilityBlock:
    pass


@document_type(terms.RunnerPreferences)
class RunnerPreferences:
    pass


@document_type(terms.ProfileSubscription)
class ProfileSubscription:
    pass


def _section(parent: Stored, name: str) -> Stored:
    return cast("Stored", parent.get(name) or {})


@strawberry.type
class ProfileFields:
    """The seed's `UserProfile` fields of `Runner`."""

    @strawberry.field(
        description="The runner's name: as given whole (`identity.name`), else first and last "
        "name, else the display name; null when none is known."
    )
    def name(self, parent: strawberry.Parent[Stored]) -> str | None:
        return personalization.full_name(Identity.from_mongo(_section(parent, "identity")))

    @strawberry.field(
        description="How experienced the runner is (`running.experienceLevel`): the seed's "
        "beginner, intermediate or advanced, and Cadence's elite above them."
    )
    def experience_level(self, parent: strawberry.Parent[Stored]) -> ExperienceLevel:
        return ExperienceLevel(Running.from_mongo(_section(parent, "running")).experience_level)

    @strawberry.field(
        description="The injuries the plan respects (the types of `health.injuryHistory`): with "
        "any, weekly volume rises more slowly."
    )
    def injury_flags(self, parent: strawberry.Parent[Stored]) -> list[str]:
        return personalization.injury_flags(Health.from_mongo(_section(parent, "health")))

    @strawberry.field(
        description="The days the runner can train, Monday first (available and not blocked), "
        "each with the time of day and the longest session they gave."
    )
    def weekly_availability(self, parent: strawberry.Parent[Stored]) -> list[AvailabilityBlock]:
        schedule = Schedule.from_mongo(_section(parent, "schedule"))
        blocks = personalization.weekly_availability(schedule)
        return [cast("AvailabilityBlock", block.to_mongo()) for block in blocks]

    @strawberry.field(description="How the runner likes to train and be coached.")
    def preferences(self, parent: strawberry.Parent[Stored]) -> RunnerPreferences:
        found = personalization.preferences(
            Schedule.from_mongo(_section(parent, "schedule")),
            Coaching.from_mongo(_section(parent, "coaching")),
        )
        return cast("RunnerPreferences", found.to_mongo())

    @strawberry.field(
        description="The account's subscription: `active` or not, and whether it unlocks plan "
        "tracking (the 'Track my training' prompt shows when both hold)."
    )
    async def subscription(self, info: strawberry.Info[Context, None]) -> ProfileSubscription:
        user = await (await info.context.loaders()).viewer_user()
        found = profile_subscription(user, info.context.clock.now())
        return cast("ProfileSubscription", found.to_mongo())
