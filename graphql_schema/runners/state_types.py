"""The runner's connections and current state, answering the seed's names too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import strawberry

from app.fitness import state_terms as terms
from app.models import runner
from graphql_schema.documents import Stored, document_type


def number(key: str, inner: str | None = None) -> Callable[..., float | None]:
    """A resolver answering a stored number (`inner`: a key of a stored sub-document)."""

    def resolve(parent: strawberry.Parent[Stored]) -> float | None:
        value = parent.get(key)
        if inner is not None:
            value = value.get(inner) if value else None
        return None if value is None else float(value)

    return resolve


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
        resolver=number("atl"), description="ATL, 7-day load (the seed's name for `atl`)."
    )
    chronic_training_load: float | None = strawberry.field(
        resolver=number("ctl"), description="CTL, 42-day load (the seed's name for `ctl`)."
    )
    training_stress_balance: float | None = strawberry.field(
        resolver=number("tsb"), description="TSB, form (the seed's name for `tsb`)."
    )
    readiness_score: float | None = strawberry.field(
        resolver=number("readiness", "score"), description="Readiness 0-100."
    )
    last7_days_volume: float | None = strawberry.field(
        resolver=number("last7Days", "volumeKm"), description="km in the last 7 days."
    )
    last7_days_run_count: float | None = strawberry.field(
        resolver=number("last7Days", "runCount"), description="Runs in the last 7 days."
    )
    last28_days_volume: float | None = strawberry.field(
        resolver=number("last28Days", "volumeKm"), description="km in the last 28 days."
    )
    last28_days_run_count: float | None = strawberry.field(
        resolver=number("last28Days", "runCount"), description="Runs in the last 28 days."
    )
    latest_hrv: float | None = strawberry.field(
        resolver=number("latestHrvMs"), description="Latest HRV, ms."
    )
    latest_weight: float | None = strawberry.field(
        resolver=number("latestWeightKg"), description="Latest weight, kg."
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
