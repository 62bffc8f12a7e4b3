"""Race goals."""

from __future__ import annotations

from app.models import race
from graphql_schema.common_types import PaceRange  # noqa: F401 - registers shared types first
from graphql_schema.documents import document_type


@document_type(race.RaceDocument, name="Race")
class Race:
    pass
