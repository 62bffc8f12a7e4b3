"""Plan assignments and the adaptation log (assistant-first)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from app.models.common import DocumentModel, Id, Instant, Model, utc_now


class PlanAssignmentDocument(DocumentModel):
    """A runner took a plan; the latest assignment is the active plan."""

    runner_id: Id
    plan_id: Id
    assigned_at: Instant = Field(default_factory=utc_now)


class SessionChange(Model):
    """One session before and after an adaptation."""

    session_id: Id
    before: dict[str, Any]
    after: dict[str, Any]


class AdaptationDelta(Model):
    """How much the adaptation moved the plan."""

    volume_change_km: float = 0.0
    volume_change_pct: float = 0.0
    intensity_change: float = Field(
        default=0.0, description="Change in the number of hard sessions."
    )


class AdaptationLogDocument(DocumentModel):
    """One adaptation: what changed, why, and the sessions it touched."""

    plan_id: Id
    runner_id: Id
    created_at: Instant = Field(default_factory=utc_now)
    change_summary: str
    reason: str
    trigger: str
    impacted_session_ids: list[Id] = Field(default_factory=list)
    delta: AdaptationDelta = Field(default_factory=AdaptationDelta)
    from_version: int = Field(ge=1)
    to_version: int = Field(ge=1)
    changes: list[SessionChange] = Field(default_factory=list)
