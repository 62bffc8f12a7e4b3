"""Activities as imported, with laps, splits and load."""

from __future__ import annotations

import strawberry

from app.models import activity
from graphql_schema.common_types import PaceRange  # noqa: F401 - registers shared types first
from graphql_schema.context import Context
from graphql_schema.documents import Stored, document_type, stored


@document_type(activity.Lap)
class Lap:
    pass


@document_type(activity.Split)
class Split:
    pass


@document_type(activity.MatchSuggestion)
class MatchSuggestion:
    pass


@document_type(activity.ActivityLoad)
class ActivityLoad:
    pass


@document_type(activity.Sample)
class Sample:
    pass


@document_type(activity.ActivityDocument, name="Activity", exclude=["content_hash"])
class Activity:
    @strawberry.field(
        description="The recorded track for charts (time, distance, heart rate, pace, elevation, "
        "cadence), at most 600 points; empty for a source that sends no track (Strava's "
        "summary, Terra, a manual log). One read per activity: ask for it on one activity."
    )
    async def samples(
        self, parent: strawberry.Parent[Stored], info: strawberry.Info[Context, None]
    ) -> list[Sample]:
        runner_id = await info.context.runner_id()
        document = await info.context.repositories.activity_samples.of_activity(
            runner_id, parent["_id"]
        )
        return [stored(Sample, sample) for sample in (document or {}).get("samples", [])]
