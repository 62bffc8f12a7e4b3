"""Planned sessions: one document per planned day, rest days included."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from app.models.common import (
    CalendarDay,
    DocumentModel,
    Effort,
    HeartRateRange,
    Id,
    Instant,
    Model,
    PaceRange,
    Weekday,
    utc_now,
)


class SessionType(StrEnum):
    """What kind of day it is."""

    REST = "rest"
    EASY = "easy"
    RECOVERY = "recovery"
    LONG = "long"
    TEMPO = "tempo"
    THRESHOLD = "threshold"
    INTERVALS = "intervals"
    REPETITION = "repetition"
    HILLS = "hills"
    FARTLEK = "fartlek"
    PROGRESSION = "progression"
    RACE_PACE = "race_pace"
    CROSS_TRAINING = "cross_training"
    STRENGTH = "strength"
    RACE = "race"


HARD_SESSION_TYPES = frozenset(
    {
        SessionType.TEMPO,
        SessionType.THRESHOLD,
        SessionType.INTERVALS,
        SessionType.REPETITION,
        SessionType.HILLS,
        SessionType.RACE_PACE,
        SessionType.RACE,
    }
)
RUN_SESSION_TYPES = frozenset(SessionType) - {
    SessionType.REST,
    SessionType.CROSS_TRAINING,
    SessionType.STRENGTH,
}


class SessionStatus(StrEnum):
    """Live status of a planned day."""

    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    MODIFIED = "modified"
    MISSED = "missed"
    SKIPPED = "skipped"
    REST = "rest"


class HrZone(StrEnum):
    """Heart-rate zones (five-zone model on heart-rate reserve)."""

    Z1 = "z1"
    Z2 = "z2"
    Z3 = "z3"
    Z4 = "z4"
    Z5 = "z5"


class SegmentKind(StrEnum):
    """Parts of a structured workout."""

    WARMUP = "warmup"
    MAIN = "main"
    INTERVAL = "interval"
    RECOVERY = "recovery"
    COOLDOWN = "cooldown"


class Segment(Model):
    """One block of a structured workout."""

    kind: SegmentKind
    description: str
    duration_min: float | None = Field(default=None, ge=0)
    distance_m: float | None = Field(default=None, ge=0)
    repetitions: int | None = Field(default=None, ge=1, le=50)
    recovery_duration_min: float | None = Field(default=None, ge=0)
    recovery_description: str | None = None
    pace_range: PaceRange | None = None
    effort: Effort | None = None


class Alternative(Model):
    """Another way to do the day, and when to choose it."""

    title: str
    description: str
    when: str
    session_type: str | None = Field(
        default=None, description="The kind of session it is (`easy`, `rest`...), as stored."
    )


class CalendarDisplay(Model):
    """Ready-made strings for the CalendarWidget."""

    title: str
    subtitle: str
    duration_label: str
    distance_label: str
    pace_label: str
    intensity_label: str
    color: str = Field(description="A colour token: rest, easy, moderate, hard, race.")
    icon: str


class PlannedSessionDocument(DocumentModel):
    """One planned day of a plan."""

    plan_id: Id
    runner_id: Id
    week_number: int = Field(ge=1)
    day_index: int = Field(ge=0, le=6, description="0 = Monday.")
    day_of_week: Weekday
    scheduled_date: CalendarDay
    original_scheduled_date: CalendarDay
    type: SessionType
    is_key_session: bool = False
    is_hard: bool = False
    title: str
    display: CalendarDisplay
    duration_min: float = Field(ge=0)
    distance_km: float = Field(ge=0)
    effort: Effort
    pace_range: PaceRange | None = None
    hr_zone: HrZone | None = None
    hr_range: HeartRateRange | None = None
    structure: list[Segment] = Field(default_factory=list)
    description: str
    justification: str
    physiological_target: str
    placement_rationale: str
    key_points: list[str] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(default_factory=list)
    knowledge_refs: list[str] = Field(default_factory=list)
    safeguard_refs: list[str] = Field(default_factory=list)
    status: SessionStatus = SessionStatus.SCHEDULED
    execution_id: Id | None = None
    skip_reason: str | None = Field(default=None, max_length=500)
    moved_to: CalendarDay | None = Field(
        default=None, description="A missed workout moved to this later day by an adaptation."
    )
    adapted_for: list[str] = Field(
        default_factory=list,
        description="Adaptation rules that already changed this day (a rule changes a day once).",
    )
    version: int = Field(default=1, ge=1)
    created_at: Instant = Field(default_factory=utc_now)
    updated_at: Instant = Field(default_factory=utc_now)
