"""The history the wearables send besides activities: sleep, daily summaries, body measures.

Each type answers the seed's names for the values Cadence stores under its own (the seed's
units: seconds, 0-1 efficiency, bpm).
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.models import activity
from graphql_schema.documents import Stored, document_type, stored_key


@document_type(activity.SleepDocument, name="SleepSession")
class SleepSession:
    total_asleep_seconds: float = strawberry.field(resolver=stored_key("durationS"))
    deep_sleep_seconds: float | None = strawberry.field(resolver=stored_key("deepS"))
    light_sleep_seconds: float | None = strawberry.field(resolver=stored_key("lightS"))
    rem_sleep_seconds: float | None = strawberry.field(resolver=stored_key("remS"))
    total_awake_seconds: float | None = strawberry.field(resolver=stored_key("awakeS"))
    sleep_efficiency: float | None = strawberry.field(
        resolver=stored_key("efficiencyPct", 0.01), description="0-1, asleep / in bed."
    )
    resting_heart_rate_bpm: float | None = strawberry.field(resolver=stored_key("restingHr"))
    avg_hrv_rmssd: float | None = strawberry.field(resolver=stored_key("avgHrvMs"))
    sleep_score: float | None = strawberry.field(resolver=stored_key("score"))
    last_synced_at: datetime = strawberry.field(resolver=stored_key("importedAt"))


@document_type(activity.DailySummaryDocument, name="DailySummary")
class DailySummary:
    total_steps: int | None = strawberry.field(resolver=stored_key("steps"))
    total_burned_calories: float | None = strawberry.field(resolver=stored_key("calories"))
    resting_heart_rate_bpm: float | None = strawberry.field(resolver=stored_key("restingHr"))
    avg_hrv_rmssd: float | None = strawberry.field(resolver=stored_key("hrvMs"))
    avg_stress_level: float | None = strawberry.field(resolver=stored_key("stressScore"))
    last_updated_at: datetime = strawberry.field(resolver=stored_key("importedAt"))

    @strawberry.field(description="The sources of the day's data.")
    def sources(self, parent: strawberry.Parent[Stored]) -> list[str]:
        return [str(parent["source"])]


@document_type(activity.BodyMeasurementDocument, name="BodyMeasurement")
class BodyMeasurement:
    timestamp: datetime = strawberry.field(resolver=stored_key("measuredAt"))
    body_fat_percentage: float | None = strawberry.field(resolver=stored_key("bodyFatPct"))
