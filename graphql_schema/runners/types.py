"""The user, the Runner Object by section, and entitlements."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, cast

import strawberry

from app.fitness import state_terms as terms
from app.models import runner, runner_parts, user
from graphql_schema.common_types import PaceRange  # noqa: F401 - registered for nesting
from graphql_schema.context import Context
from graphql_schema.documents import Stored, document_type
from graphql_schema.fitness.types import FitnessDay, fitness_of_runner


@document_type(user.Subscription, name="AccountSubscription")
class AccountSubscription:
    pass


@document_type(user.UserDocument, name="User")
class User:
    pass


def _number(key: str, inner: str | None = None) -> Callable[..., float | None]:
    def resolve(parent: strawberry.Parent[Stored]) -> float | None:
        value = parent.get(key)
        if inner is not None:
            value = value.get(inner) if value else None
        return None if value is None else float(value)

    return resolve


@document_type(runner.Identity)
class Identity:
    pass


@document_type(runner.Physical)
class Physical:
    date_of_birth: date | None = strawberry.field(description="From identity.")
    biological_sex: str | None = strawberry.field(description="From identity (`sex`).")
    max_heart_rate: float | None = strawberry.field(
        resolver=_number("maxHr"), description="bpm (the seed's name for `maxHr`)."
    )
    resting_heart_rate: float | None = strawberry.field(
        resolver=_number("restingHr"), description="bpm (the seed's name for `restingHr`)."
    )
    lactate_threshold_heart_rate: float | None = strawberry.field(
        resolver=_number("lactateThresholdHr"), description="bpm."
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
    current_frequency: float | None = strawberry.field(
        resolver=_number("currentRunsPerWeek"), description="Runs a week, as the runner says."
    )
    current_volume: float | None = strawberry.field(
        resolver=_number("currentWeeklyVolumeKm"), description="km a week, as the runner says."
    )
    longest_recent_run: float | None = strawberry.field(
        resolver=_number("longestRecentRunKm"), description="km."
    )
    actual_weekly_volume: float | None = strawberry.field(
        resolver=_number("actualWeeklyVolumeKm"), description="km a week, from the activities."
    )
    training_consistency_score: float | None = strawberry.field(
        resolver=_number("consistencyScore"), description="0-100, from the activities."
    )

    @strawberry.field(description="`inferred` when the actual weekly volume is known.")
    def actual_weekly_volume_source(self, parent: strawberry.Parent[Stored]) -> str | None:
        return "inferred" if parent.get("actualWeeklyVolumeKm") is not None else None

    @strawberry.field(description="`high`, `moderate` or `low`, from the consistency score.")
    def training_consistency(self, parent: strawberry.Parent[Stored]) -> str | None:
        return terms.training_consistency(parent.get("consistencyScore"))


@document_type(runner.Goals)
class Goals:
    pass


@document_type(runner.Schedule)
class Schedule:
    max_session_duration_minutes: float | None = strawberry.field(
        resolver=_number("maxSessionMinutes"), description="The longest session that fits."
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


@document_type(runner.Connection)
class Connection:
    pass


@strawberry.type(description="One source and its rank (0 = preferred).")
class SourcePriority:
    source: str
    priority: int


@strawberry.type(description="Which source wins when two disagree.")
class SourcePrecedence:
    custom_priority: list[SourcePriority]
    primary_source_override: str | None
    last_updated_at: datetime | None


LAST_SYNC = "lastSyncAt"


def _provider(source: str, key: str | None = None) -> Any:
    """A resolver reading the connection to `source`: whether it exists, or one of its keys."""

    def resolve(parent: strawberry.Parent[Stored]) -> Any:
        found = terms.provider(parent, source)
        if key is None:
            return found is not None
        return found.get(key) if found else None

    return resolve


WEARABLE_SOURCES = frozenset({"apple_health", "garmin", "coros", "polar", "whoop"})
"""The connections that are wearables (Strava and Terra relay them)."""


@document_type(runner.Connections, exclude=["source_precedence"])
class Connections:
    strava_connected: bool = strawberry.field(resolver=_provider("strava"))
    strava_last_sync: datetime | None = strawberry.field(resolver=_provider("strava", LAST_SYNC))
    healthkit_connected: bool = strawberry.field(resolver=_provider("apple_health"))
    healthkit_last_sync: datetime | None = strawberry.field(
        resolver=_provider("apple_health", LAST_SYNC)
    )
    garmin_connected: bool = strawberry.field(resolver=_provider("garmin"))
    garmin_last_sync: datetime | None = strawberry.field(resolver=_provider("garmin", LAST_SYNC))
    coros_connected: bool = strawberry.field(resolver=_provider("coros"))
    coros_last_sync: datetime | None = strawberry.field(resolver=_provider("coros", LAST_SYNC))
    polar_connected: bool = strawberry.field(resolver=_provider("polar"))
    polar_last_sync: datetime | None = strawberry.field(resolver=_provider("polar", LAST_SYNC))
    whoop_connected: bool = strawberry.field(resolver=_provider("whoop"))
    whoop_last_sync: datetime | None = strawberry.field(resolver=_provider("whoop", LAST_SYNC))
    terra_connected: bool = strawberry.field(resolver=_provider("terra"))
    calendar_connected: bool | None = strawberry.field(description="From schedule.")
    calendar_provider: str | None = strawberry.field(description="From schedule.")

    @strawberry.field(description="Any wearable connected.")
    def wearable_connected(self, parent: strawberry.Parent[Stored]) -> bool:
        return any(terms.provider(parent, source) for source in WEARABLE_SOURCES)

    @strawberry.field(description="The athlete's Strava id.")
    def strava_athlete_id(self, parent: strawberry.Parent[Stored]) -> str | None:
        found = terms.provider(parent, "strava")
        return found.get("externalUserId") if found else None

    @strawberry.field(description="The runner's Terra user id.")
    def terra_user_id(self, parent: strawberry.Parent[Stored]) -> str | None:
        found = terms.provider(parent, "terra")
        return found.get("externalUserId") if found else None

    @strawberry.field(
        name="sourcePrecedence", description="The sources in order of precedence (first wins)."
    )
    def precedence(self, parent: strawberry.Parent[Stored]) -> SourcePrecedence:
        found = terms.source_precedence(parent)
        return SourcePrecedence(
            custom_priority=[SourcePriority(**item) for item in found["customPriority"]],
            primary_source_override=None,
            last_updated_at=None,
        )


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
    acute_training_load: float | None = strawberry.field(
        resolver=_number("atl"), description="ATL, 7-day load (the seed's name for `atl`)."
    )
    chronic_training_load: float | None = strawberry.field(
        resolver=_number("ctl"), description="CTL, 42-day load (the seed's name for `ctl`)."
    )
    training_stress_balance: float | None = strawberry.field(
        resolver=_number("tsb"), description="TSB, form (the seed's name for `tsb`)."
    )
    readiness_score: float | None = strawberry.field(
        resolver=_number("readiness", "score"), description="Readiness 0-100."
    )
    last7_days_volume: float | None = strawberry.field(
        resolver=_number("last7Days", "volumeKm"), description="km in the last 7 days."
    )
    last7_days_run_count: float | None = strawberry.field(
        resolver=_number("last7Days", "runCount"), description="Runs in the last 7 days."
    )
    last28_days_volume: float | None = strawberry.field(
        resolver=_number("last28Days", "volumeKm"), description="km in the last 28 days."
    )
    last28_days_run_count: float | None = strawberry.field(
        resolver=_number("last28Days", "runCount"), description="Runs in the last 28 days."
    )
    latest_hrv: float | None = strawberry.field(
        resolver=_number("latestHrvMs"), description="Latest HRV, ms."
    )
    latest_weight: float | None = strawberry.field(
        resolver=_number("latestWeightKg"), description="Latest weight, kg."
    )

    @strawberry.field(description="`building`, `maintaining`, `declining` or `erratic`.")
    def training_load_trend(self, parent: strawberry.Parent[Stored]) -> str | None:
        return parent.get("loadTrend")

    @strawberry.field(description="What moved readiness, by name.")
    def readiness_factors(self, parent: strawberry.Parent[Stored]) -> list[str]:
        readiness = parent.get("readiness") or {}
        return [str(factor["name"]) for factor in readiness.get("factors", [])]

    @strawberry.field(description="`low`, `moderate` or `high`.")
    def injury_risk_level(self, parent: strawberry.Parent[Stored]) -> str | None:
        return (parent.get("injuryRisk") or {}).get("level")

    @strawberry.field(description="Why the injury risk is what it is.")
    def injury_risk_factors(self, parent: strawberry.Parent[Stored]) -> list[str]:
        return list((parent.get("injuryRisk") or {}).get("factors", []))

    @strawberry.field(description="`low`, `moderate` or `high`, from form (TSB).")
    def overtraining_risk(self, parent: strawberry.Parent[Stored]) -> str | None:
        return terms.overtraining_risk(parent.get("tsb"))

    @strawberry.field(description="When the state was last computed.")
    def last_calculated_at(self, parent: strawberry.Parent[Stored]) -> datetime | None:
        return parent.get("updatedAt")


@document_type(runner.Legal)
class Legal:
    pass


@document_type(runner.ConversationState)
class ConversationState:
    pass


@document_type(runner.RunnerDocument, name="Runner", exclude=["physical", "running", "connections"])
class Runner:
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
