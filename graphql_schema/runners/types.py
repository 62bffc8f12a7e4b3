"""The user, the Runner Object by section, and entitlements."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from app.models import runner, runner_parts, user
from graphql_schema.common_types import PaceRange  # noqa: F401 - registered for nesting
from graphql_schema.context import Context
from graphql_schema.documents import document_type
from graphql_schema.fitness.types import FitnessDay, fitness_of_runner


@document_type(user.Subscription, name="AccountSubscription")
class AccountSubscription:
    pass


@document_type(user.UserDocument, name="User")
class User:
    pass


@document_type(runner.Identity)
class Identity:
    pass


@document_type(runner.Physical)
class Physical:
    pass


@document_type(runner.RecentRace)
class RecentRace:
    pass


@document_type(runner_parts.PersonalBest)
class PersonalBest:
    pass


@document_type(runner_parts.PersonalBests)
class PersonalBests:
    pass


@document_type(runner_parts.PaceZones)
class PaceZones:
    pass


@document_type(runner_parts.HeartRateZone)
class HeartRateZone:
    pass


@document_type(runner_parts.HrZones)
class HrZones:
    pass


@document_type(runner_parts.InjuryDetail)
class InjuryDetail:
    pass


@document_type(runner.Running)
class Running:
    pass


@document_type(runner.Goals)
class Goals:
    pass


@document_type(runner.Schedule)
class Schedule:
    pass


@document_type(runner.Injury)
class Injury:
    pass


@document_type(runner.Health)
class Health:
    pass


@document_type(runner.Coaching)
class Coaching:
    pass


@document_type(runner.Connection)
class Connection:
    pass


@document_type(runner.Connections)
class Connections:
    pass


@document_type(runner.ReadinessFactor)
class ReadinessFactor:
    pass


@document_type(runner.Readiness)
class Readiness:
    pass


@document_type(runner.VolumeWindow)
class VolumeWindow:
    pass


@document_type(runner.InjuryRisk)
class InjuryRisk:
    pass


@document_type(runner.CurrentState)
class CurrentState:
    pass


@document_type(runner.Legal)
class Legal:
    pass


@document_type(runner.ConversationState)
class ConversationState:
    pass


@document_type(runner.RunnerDocument, name="Runner")
class Runner:
    @strawberry.field(
        description="The training-load chart, one point a day from `from` to `to` (inclusive, "
        "at most five years)."
    )
    async def fitness(
        self,
        info: strawberry.Info[Context, None],
        from_day: Annotated[date, strawberry.argument(name="from")],
        to_day: Annotated[date, strawberry.argument(name="to")],
    ) -> list[FitnessDay]:
        return await fitness_of_runner(info, from_day, to_day)


@strawberry.type(description="What the viewer's subscription unlocks.")
class Entitlements:
    show_track_training_prompt: bool = strawberry.field(
        description="Show the 'Track my training' prompt: subscription active and plan-entitled."
    )
