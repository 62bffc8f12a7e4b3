"""Activities as imported, with laps, splits and load."""

from __future__ import annotations

from app.models import activity
from graphql_schema.common_types import PaceRange  # noqa: F401 - registers shared types first
from graphql_schema.documents import document_type


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


@document_type(activity.ActivityDocument, name="Activity", exclude=["content_hash"])
class Activity:
    pass
