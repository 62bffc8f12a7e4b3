"""Training science and safety limits, as the plans cite them and as the seed describes them."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from app.models import knowledge
from app.planning import safeguard_terms as terms
from graphql_schema.common_types import PaceRange  # noqa: F401 - registers shared types first
from graphql_schema.documents import Stored, document_type, stored


@document_type(knowledge.KnowledgeEntryDocument, name="KnowledgeEntry")
class KnowledgeEntry:
    @strawberry.field(description="The first citation, in full.")
    def source_reference(self, parent: strawberry.Parent[Stored]) -> str | None:
        return next(iter(parent.get("sources", [])), None)


@strawberry.type(description="An age bound: `>=` 50.")
class AgeCondition:
    operator: str
    value: int


@document_type(knowledge.ApplicableWhen)
class ApplicableWhen:
    @strawberry.field(description="Experience levels it applies to (the seed's name).")
    def experience_level(self, parent: strawberry.Parent[Stored]) -> list[str]:
        return [str(level) for level in parent.get("experienceLevels", [])]

    @strawberry.field(description="Only with (true) or without (false) an injury history.")
    def has_injury_history(self, parent: strawberry.Parent[Stored]) -> bool | None:
        return parent.get("injuryHistory")

    @strawberry.field(description="The age bound, if any.")
    def age(self, parent: strawberry.Parent[Stored]) -> AgeCondition | None:
        found = terms.age_condition(parent)
        return stored(AgeCondition, found) if found else None


@strawberry.type(description="When the safeguard triggers, in the seed's terms.")
class SafeguardCondition:
    field: str = strawberry.field(description="`weeklyVolumeIncrease`, `restDaysPerWeek`...")
    operator: str = strawberry.field(description="`>`, `<`, `>=`, `<=`.")
    threshold: float | None = strawberry.field(description="Fractions for percentages: 0.1.")
    applicable_when: ApplicableWhen


@strawberry.type(description="What the safeguard does, in the seed's terms.")
class SafeguardEffect:
    type: str = strawberry.field(description="cap, reduce, block, warn or require_confirmation")
    adjustment: float | None = strawberry.field(description="The cap, for cap and reduce.")
    message: str
    severity: str = strawberry.field(description="info, warning or critical")


@document_type(knowledge.SafeguardDocument, name="Safeguard", exclude=["parameters", "action"])
class Safeguard:
    @strawberry.field(name="parameters", description="The rule's numbers, e.g. maxIncreasePct.")
    def rule_parameters(self, parent: strawberry.Parent[Stored]) -> JSON:
        return cast("JSON", parent.get("parameters", {}))

    @strawberry.field(
        name="action", description="What it does: type, adjustment, message and severity."
    )
    def effect(self, parent: strawberry.Parent[Stored]) -> SafeguardEffect:
        return stored(SafeguardEffect, terms.action(parent))

    @strawberry.field(description="What the engine does, as stored: cap, reduce, block...")
    def action_kind(self, parent: strawberry.Parent[Stored]) -> knowledge.SafeguardAction:
        return knowledge.SafeguardAction(parent["action"])

    @strawberry.field(description="`volume`, `intensity`, `frequency`, `recovery` or `safety`.")
    def category(self, parent: strawberry.Parent[Stored]) -> str:
        return terms.safeguard_category(parent)

    @strawberry.field(description="`hard_limit` or `soft_limit`.")
    def rule_type(self, parent: strawberry.Parent[Stored]) -> str:
        return terms.rule_type(parent)

    @strawberry.field(description="When it triggers: field, operator, threshold, for whom.")
    def condition(self, parent: strawberry.Parent[Stored]) -> SafeguardCondition:
        return stored(SafeguardCondition, terms.condition(parent))
