"""Training science and safety limits, as the plans cite them."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from app.models import knowledge
from graphql_schema.common_types import PaceRange  # noqa: F401 - registers shared types first
from graphql_schema.documents import Stored, document_type


@document_type(knowledge.KnowledgeEntryDocument, name="KnowledgeEntry")
class KnowledgeEntry:
    pass


@document_type(knowledge.ApplicableWhen)
class ApplicableWhen:
    pass


@document_type(knowledge.SafeguardDocument, name="Safeguard", exclude=["parameters"])
class Safeguard:
    @strawberry.field(name="parameters", description="The rule's numbers, e.g. maxIncreasePct.")
    def rule_parameters(self, parent: strawberry.Parent[Stored]) -> JSON:
        return cast("JSON", parent.get("parameters", {}))
