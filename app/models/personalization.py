"""The assistant-first profile terms: availability blocks, preferences, subscription, plan inputs.

The seed's `UserProfile` is Cadence's runner (and their account's subscription); these are its
fields in the seed's shape, derived from the Runner Object, and the inputs a plan was
generated from (`PersonalizationInputs`, stored on the plan when it is generated).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from app.models.common import ExperienceLevel, Model, Weekday


class AvailabilityBlock(Model):
    """A day of the week the runner can train, and when (the seed's day/time block)."""

    day: Weekday
    time_of_day: str | None = Field(
        default=None,
        description="`morning`, `midday`, `evening` or `varies`, as the runner said; null when "
        "they did not say.",
    )
    max_minutes: int | None = Field(
        default=None, description="The longest session that fits that day; null when not said."
    )


class RunnerPreferences(Model):
    """How the runner likes to train, as they said it (the seed's `preferences`)."""

    workout_types: list[str] | None = Field(
        default=None,
        description="Favourite kinds of workout: Cadence does not ask for them, so always null.",
    )
    preferred_days: list[Weekday] = Field(
        default_factory=list, description="Days the runner prefers to run on."
    )
    long_run_day: Weekday | None = Field(default=None, description="The long run's day.")
    preferred_time_of_day: str | None = Field(
        default=None, description="`morning`, `midday`, `evening` or `varies`."
    )
    has_track_access: bool | None = Field(default=None, description="A track to run on.")
    has_hills_access: bool | None = Field(default=None, description="Hills to run on.")
    has_gym_access: bool | None = Field(default=None, description="A gym for strength work.")
    coaching_voice: str = Field(description="The coach's voice (`encouraging`...).")
    detail_level: str = Field(description="How much detail the coach gives.")
    wants_explanations: bool = Field(description="Whether the coach explains the why.")


class ProfileSubscriptionStatus(StrEnum):
    """The seed's subscription status: active or not."""

    ACTIVE = "active"
    INACTIVE = "inactive"


class ProfileSubscription(Model):
    """The account's subscription in the seed's terms (the billing side sets it)."""

    status: ProfileSubscriptionStatus = Field(
        description="`active` while the billing status is active and its paid period has not "
        "ended; `inactive` otherwise (never subscribed, trialing, past due, canceled)."
    )
    plan_entitled: bool = Field(description="The subscription unlocks plan tracking.")


class BaselineFitness(Model):
    """The fitness a plan started from: the VDOT its paces come from, and what it rests on."""

    vdot: float = Field(description="The VDOT the plan's paces come from.")
    source: str = Field(description="`baseline_5k`, `recent_race` or `estimate`.")
    basis: str = Field(description="The basis in words.")
    baseline_5k_s: float | None = Field(
        default=None, alias="baseline5kS", description="The 5 km time read, seconds."
    )
    weekly_volume_km: float | None = Field(
        default=None, description="The weekly volume the plan started from, km."
    )
    runs_per_week: int | None = Field(default=None, description="Runs a week, as the runner said.")
    longest_recent_run_km: float | None = Field(
        default=None, description="The longest recent run, km."
    )


class PersonalizationInputs(Model):
    """What a plan was generated from: fitness, availability, experience and injuries."""

    baseline_fitness: BaselineFitness = Field(
        description="The fitness the plan started from (the seed's numeric baseline)."
    )
    availability: list[AvailabilityBlock] = Field(
        description="The days the runner could train, as the profile said at generation."
    )
    experience_level: ExperienceLevel = Field(description="The runner's experience then.")
    injury_flags: list[str] = Field(description="The injuries the plan had to respect.")
