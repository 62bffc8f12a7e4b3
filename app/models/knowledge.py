"""Training science and limits, as data seeded from versioned files."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field

from app.models.common import DocumentModel, ExperienceLevel, Instant, Model


class KnowledgeEntryDocument(DocumentModel):
    """A principle the generator uses; justifications cite its `key`."""

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    category: str
    title: str
    summary: str
    content: str
    tags: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    subcategory: str | None = None
    applicable_goals: list[str] = Field(default_factory=list)
    applicable_experience: list[str] = Field(default_factory=list)
    applicable_phases: list[str] = Field(default_factory=list)
    source: str = Field(
        description="daniels_running_formula, pfitzinger, coach_interview or research_paper"
    )
    validated_by: list[str] = Field(default_factory=list)
    validated_at: Instant | None = None
    confidence: str = Field(description="established, well_supported, emerging or experimental")
    usage_context: str = Field(
        description="plan_generation, coaching_advice, explanation or safety"
    )
    is_active: bool = True
    embedding: list[float] | None = Field(default=None, description="For semantic search.")
    embedding_model: str | None = None
    version: int = Field(default=1, ge=1)


class SafeguardAction(StrEnum):
    """What a safeguard does when its rule is broken."""

    CAP = "cap"
    REDUCE = "reduce"
    BLOCK = "block"
    WARN = "warn"
    CONFIRM = "confirm"


class ApplicableWhen(Model):
    """Conditions on the runner for a safeguard to apply (all must hold; empty = always)."""

    experience_levels: list[ExperienceLevel] = Field(default_factory=list)
    injury_history: bool | None = None
    injury_types: list[str] = Field(default_factory=list)
    min_age: int | None = Field(default=None, ge=0)
    max_age: int | None = Field(default=None, ge=0)


class SafeguardDocument(DocumentModel):
    """A safety limit; the higher `priority` wins when two rules touch the same value."""

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    description: str
    rule: str = Field(description="The check it runs, e.g. weekly_volume_increase.")
    action: SafeguardAction
    priority: int = Field(ge=0)
    applicable_when: ApplicableWhen = Field(default_factory=ApplicableWhen)
    parameters: dict[str, Any] = Field(default_factory=dict)
    hard_limit: bool = False
    knowledge_refs: list[str] = Field(default_factory=list)
    source: str = Field(description="established_practice, coach_consensus, physiology or a book")
    rationale: str = Field(description="Why this safeguard exists.")
    is_active: bool = True
    version: int = Field(default=1, ge=1)
