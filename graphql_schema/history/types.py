"""The history the wearables send besides activities: sleep, daily summaries, body measures."""

from __future__ import annotations

from app.models import activity
from graphql_schema.documents import document_type


@document_type(activity.SleepDocument, name="SleepSession")
class SleepSession:
    pass


@document_type(activity.DailySummaryDocument, name="DailySummary")
class DailySummary:
    pass


@document_type(activity.BodyMeasurementDocument, name="BodyMeasurement")
class BodyMeasurement:
    pass
