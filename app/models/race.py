"""Race goals (GoFast)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from app.models.common import (
    RACE_DISTANCE_M,
    CalendarDay,
    DocumentModel,
    Id,
    Instant,
    RaceType,
    utc_now,
)


class RaceStatus(StrEnum):
    """Where the runner is with this race."""

    PLANNING = "planning"
    TRAINING = "training"
    COMPLETED = "completed"


class GoalPriority(StrEnum):
    """What the runner wants from the race."""

    FINISH = "finish"
    TIME = "time"
    PERSONAL_BEST = "personal_best"


class RaceDocument(DocumentModel):
    """A race goal: what, when, and how fast."""

    runner_id: Id
    name: str = Field(min_length=1, max_length=120)
    type: RaceType
    date: CalendarDay
    distance_m: float = Field(gt=0, le=250_000, description="Race distance in metres.")
    location: str | None = Field(default=None, max_length=200)
    goal_time_s: float | None = Field(default=None, gt=0)
    goal_pace_s_per_km: float | None = Field(default=None, gt=0)
    goal_priority: GoalPriority = GoalPriority.FINISH
    baseline_5k_s: float | None = Field(default=None, gt=0, alias="baseline5kS")
    baseline_weekly_volume_km: float | None = Field(default=None, ge=0)
    status: RaceStatus = RaceStatus.PLANNING
    registration_url: str | None = Field(default=None, max_length=500)
    description: str | None = Field(default=None, max_length=2000)
    course_profile: str | None = Field(
        default=None, max_length=200, description="flat, rolling, hilly..."
    )
    created_at: Instant = Field(default_factory=utc_now)

    @model_validator(mode="before")
    @classmethod
    def _standard_distance(cls, data: object) -> object:
        """A standard race type fixes the distance when none is given."""
        if isinstance(data, dict):
            race_type = data.get("type")
            if race_type in RACE_DISTANCE_M and not data.get("distanceM", data.get("distance_m")):
                data = {**data, "distance_m": RACE_DISTANCE_M[race_type]}
        return data

    @model_validator(mode="after")
    def _goal_pace_from_time(self) -> RaceDocument:
        if self.goal_time_s and not self.goal_pace_s_per_km:
            self.goal_pace_s_per_km = round(self.goal_time_s / (self.distance_m / 1000), 1)
        return self
