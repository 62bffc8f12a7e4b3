"""The user, the Runner Object by section, and entitlements."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, cast

import strawberry

from app.fitness import state_terms as terms
from app.models import runner, runner_parts, user
from app.planning.formatting import format_pace
from app.planning.plan_inputs import conversation_terms
from graphql_schema.common_types import PaceRange  # noqa: F401 - registered for nesting
from graphql_schema.context import Context
from graphql_schema.documents import Stored, document_type
from graphql_schema.fitness.types import FitnessDay, fitness_of_runner
from graphql_schema.runners.profile_types import ProfileFields
from graphql_schema.runners.state_types import Connections, number


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
    date_of_birth: date | None = strawberry.field(description="From identity.")
    biological_sex: str | None = strawberry.field(description="From identity (`sex`).")
    max_heart_rate: float | None = strawberry.field(
        resolver=number("maxHr"), description="bpm (the seed's name for `maxHr`)."
    )
    resting_heart_rate: float | None = strawberry.field(
        resolver=number("restingHr"), description="bpm (the seed's name for `restingHr`)."
    )
    lactate_threshold_heart_rate: float | None = strawberry.field(
        resolver=number("lactateThresholdHr"), description="bpm."
    )


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
    vo2_max: float | None = strawberry.field(description="ml/kg/min, from physical.")
    vo2_max_source: str | None = strawberry.field(
        description="`user_reported`: Cadence keeps the VO2max the runner gives."
    )
    current_frequency: float | None = strawberry.field(
        resolver=number("currentRunsPerWeek"), description="Runs a week, as the runner says."
    )
    current_volume: float | None = strawberry.field(
        resolver=number("currentWeeklyVolumeKm"), description="km a week, as the runner says."
    )
    longest_recent_run: float | None = strawberry.field(
        resolver=number("longestRecentRunKm"), description="km."
    )
    actual_weekly_volume: float | None = strawberry.field(
        resolver=number("actualWeeklyVolumeKm"), description="km a week, from the activities."
    )
    training_consistency_score: float | None = strawberry.field(
        resolver=number("consistencyScore"), description="0-100, from the activities."
    )

    actual_long_run_distance: float | None = strawberry.field(
        resolver=number("actualLongRunKm"),
        description="km: the longest run of the last four weeks, from the activities.",
    )

    @strawberry.field(
        description="`5:40/km`: the pace of the last four weeks' runs at an easy heart rate "
        "(zone 2 or under), from the activities; null without a maximum heart rate."
    )
    def actual_easy_pace(self, parent: strawberry.Parent[Stored]) -> str | None:
        pace = parent.get("actualEasyPaceSPerKm")
        return None if pace is None else f"{format_pace(pace)}/km"

    @strawberry.field(description="`inferred` when the actual weekly volume is known.")
    def actual_weekly_volume_source(self, parent: strawberry.Parent[Stored]) -> str | None:
        return "inferred" if parent.get("actualWeeklyVolumeKm") is not None else None

    @strawberry.field(description="`high`, `moderate` or `low`, from the consistency score.")
    def training_consistency(self, parent: strawberry.Parent[Stored]) -> str | None:
        return terms.training_consistency(parent.get("consistencyScore"))


@document_type(runner.Goals)
class Goals:
    goal_feasibility: str | None = strawberry.field(
        description="The current plan's verdict on the goal (achievable, ambitious, unlikely)."
    )
    goal_feasibility_reason: str | None = strawberry.field(description="Why.")


@document_type(runner.Schedule)
class Schedule:
    max_session_duration_minutes: float | None = strawberry.field(
        resolver=number("maxSessionMinutes"), description="The longest session that fits."
    )

    @strawberry.field(description="`morning`, `midday`, `evening` or `varies`.")
    def preferred_time(self, parent: strawberry.Parent[Stored]) -> str | None:
        return parent.get("preferredTimeOfDay")


@document_type(runner.Injury)
class Injury:
    pass


@document_type(runner.Health)
class Health:
    @strawberry.field(description="For awareness, not diagnosis (the seed's name).")
    def medical_conditions(self, parent: strawberry.Parent[Stored]) -> list[str]:
        return list(parent.get("conditions", []))

    @strawberry.field(description="Cleared for training by a physician.")
    def has_physician_clearance(self, parent: strawberry.Parent[Stored]) -> bool:
        return bool(parent.get("clearedForTraining", True))


@document_type(runner.Coaching)
class Coaching:
    @strawberry.field(description="The coach's voice (the seed's name for `tone`).")
    def coaching_voice(self, parent: strawberry.Parent[Stored]) -> str:
        return str(parent.get("tone", "encouraging"))


@document_type(runner.Legal)
class Legal:
    pass


@document_type(runner.ConversationState)
class ConversationState:
    data_completeness: int = strawberry.field(
        description="0-100: share of the plan's inputs the profile holds."
    )
    fields_missing: list[str] = strawberry.field(
        description="Plan inputs still empty (the plan estimates them)."
    )
    ready_for_plan: bool = strawberry.field(
        description="Cleared for training, with free days for at least two runs a week."
    )
    current_phase: str | None = strawberry.field(description="The conversation's stage.")
    fields_to_confirm: list[str] = strawberry.field(description="Questions still open.")
    onboarding_completed_at: datetime | None = strawberry.field(
        default=None, description="Not recorded by Cadence yet."
    )


@document_type(
    runner.RunnerDocument,
    name="Runner",
    exclude=["physical", "running", "connections", "goals", "conversation_state"],
)
class Runner(ProfileFields):
    @strawberry.field(name="conversationState", description="Where onboarding stands.")
    def conversation(self, parent: strawberry.Parent[Stored]) -> ConversationState:
        return cast("ConversationState", conversation_terms(parent))

    @strawberry.field(name="goals", description="What the runner aims at.")
    async def goals_section(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> Goals:
        repositories = info.context.repositories
        feasibility: dict[str, Any] = {}
        plan_id = await repositories.assignments.latest_plan_id(parent["_id"])
        if plan_id is not None:
            plan = await repositories.plans.get(
                parent["_id"], plan_id, {"seasonView.goalFeasibility": 1}
            )
            feasibility = ((plan or {}).get("seasonView") or {}).get("goalFeasibility") or {}
        return cast(
            "Goals",
            {
                **(parent.get("goals") or {}),
                "goalFeasibility": feasibility.get("verdict"),
                "goalFeasibilityReason": feasibility.get("reason"),
            },
        )

    @strawberry.field(name="physical", description="Body, heart rate and thresholds.")
    def physical_section(self, parent: strawberry.Parent[Stored]) -> Physical:
        return cast("Physical", terms.with_sections(parent)["physical"])

    @strawberry.field(name="running", description="Running history and fitness.")
    def running_section(self, parent: strawberry.Parent[Stored]) -> Running:
        return cast("Running", terms.with_sections(parent)["running"])

    @strawberry.field(name="connections", description="Wearables and sources.")
    def connections_section(self, parent: strawberry.Parent[Stored]) -> Connections:
        return cast("Connections", terms.with_sections(parent)["connections"])

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
