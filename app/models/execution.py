"""Executed days (GoFast): what was done, against a snapshot of what was planned."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field

from app.models.common import CalendarDay, DocumentModel, Id, Instant, Model, Percent, Rpe, utc_now


class CompletionStatus(StrEnum):
    """How the planned day turned out."""

    COMPLETED = "completed"
    MODIFIED = "modified"
    MISSED = "missed"
    SKIPPED = "skipped"


class ExecutionOrigin(StrEnum):
    """How the execution came to be."""

    AUTO_MATCH = "auto_match"
    CONFIRMED_MATCH = "confirmed_match"
    MANUAL_LINK = "manual_link"
    UNPLANNED = "unplanned"
    SKIP = "skip"
    MISSED = "missed"


class ComplianceColor(StrEnum):
    """Duration compliance: ±20 % green, 50–79 % or 121–150 % yellow, otherwise red."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class Actuals(Model):
    """What the runner actually did."""

    distance_km: float | None = Field(
        default=None, ge=0, description="None when the activity recorded no distance."
    )
    duration_min: float | None = Field(default=None, ge=0)
    avg_pace_s_per_km: float | None = Field(default=None, gt=0)
    work_pace_s_per_km: float | None = Field(
        default=None,
        gt=0,
        description="Pace of a quality session's work segments, from laps or km splits.",
    )
    avg_hr: float | None = Field(default=None, ge=20, le=250)
    max_hr: float | None = Field(default=None, ge=20, le=250)
    elevation_gain_m: float | None = Field(default=None, ge=0)
    avg_cadence_spm: float | None = Field(default=None, ge=0, le=300)
    hr_drift_pct: float | None = Field(
        default=None, description="The activity's aerobic decoupling (Pa:HR), %."
    )
    load: float | None = Field(default=None, ge=0)
    load_method: str | None = None


class Feedback(Model):
    """How it felt (assistant-first)."""

    rpe: Rpe | None = None
    soreness: int | None = Field(default=None, ge=0, le=10)
    fatigue: int | None = Field(default=None, ge=0, le=10)
    pain_reported: bool = False
    pain_location: str | None = Field(default=None, max_length=120)
    mood: str | None = Field(default=None, max_length=60)
    notes: str | None = Field(default=None, max_length=2000)
    recorded_at: Instant = Field(default_factory=utc_now)


class Analysis(Model):
    """The execution measured against the planned snapshot."""

    distance_variance_km: float | None = None
    distance_variance_pct: float | None = None
    duration_variance_pct: float | None = None
    pace_variance_s_per_km: float | None = None
    distance_target_hit: bool | None = None
    pace_target_hit: bool | None = None
    quality_score: Percent
    adherence_score: Percent
    compliance_color: ComplianceColor
    summary: str


class ExecutionDocument(DocumentModel):
    """One executed (or missed, or skipped) day."""

    runner_id: Id
    plan_id: Id | None = None
    session_id: Id | None = None
    session_key: str = Field(
        description="Unique: the session id when planned, the execution's own id when not."
    )
    activity_id: Id | None = None
    week_number: int | None = Field(default=None, ge=1)
    day_index: int | None = Field(default=None, ge=0, le=6)
    date: CalendarDay
    planned_snapshot: dict[str, Any] | None = None
    actual: Actuals = Field(default_factory=Actuals)
    feedback: Feedback | None = None
    completion_status: CompletionStatus
    origin: ExecutionOrigin
    analysis: Analysis | None = None
    version: int = Field(default=1, ge=1)
    created_at: Instant = Field(default_factory=utc_now)
    updated_at: Instant = Field(default_factory=utc_now)
