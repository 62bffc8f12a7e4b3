"""The Runner Object (Cadence): everything known about one runner, by section.

What the runner says is fact: the inference engine writes only `current_state` and the
fields named `actual_*` / `derived_*`; it never overwrites what the user entered.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from app.models.common import (
    CalendarDay,
    Confidence,
    DocumentModel,
    ExperienceLevel,
    HeartRate,
    Id,
    Instant,
    Model,
    Percent,
    Sex,
    Weekday,
    utc_now,
)
from app.models.runner_parts import HrZones, InjuryDetail, PaceZones, PersonalBests


class Units(StrEnum):
    """Units the runner reads distances and paces in."""

    METRIC = "metric"
    IMPERIAL = "imperial"


class Identity(Model):
    """Who the runner is."""

    first_name: str | None = Field(default=None, max_length=80)
    last_name: str | None = Field(default=None, max_length=80)
    display_name: str | None = Field(default=None, max_length=120)
    date_of_birth: CalendarDay | None = None
    sex: Sex | None = None
    timezone: str = "UTC"
    locale: str = "en"
    units: Units = Units.METRIC
    name: str | None = Field(default=None, max_length=120)
    name_confirmed: bool = False
    preferred_name: str | None = Field(default=None, max_length=80)


class Physical(Model):
    """Body measures the formulas use."""

    height_cm: float | None = Field(default=None, gt=50, lt=260)
    weight_kg: float | None = Field(default=None, gt=20, lt=300)
    resting_hr: HeartRate | None = None
    max_hr: HeartRate | None = None
    lactate_threshold_hr: HeartRate | None = None
    vo2max: float | None = Field(default=None, gt=10, lt=95)
    age: int | None = Field(default=None, ge=5, le=110)
    weight_source: str | None = Field(default=None, max_length=40)
    weight_updated_at: Instant | None = None
    body_fat_percentage: Percent | None = None
    bmi: float | None = Field(default=None, gt=8, lt=80)
    max_heart_rate_source: str | None = Field(default=None, max_length=40)
    resting_heart_rate_source: str | None = Field(default=None, max_length=40)
    functional_threshold_pace: str | None = Field(default=None, max_length=20)
    functional_threshold_power: float | None = Field(default=None, gt=0, lt=1000)


class RecentRace(Model):
    """A recent race result, the best basis for paces."""

    distance_m: float = Field(gt=0, le=250_000)
    time_s: float = Field(gt=0)
    date: CalendarDay
    name: str | None = None


class Running(Model):
    """Running background, as the runner describes it (plus derived `actual_*` values)."""

    experience_level: ExperienceLevel = ExperienceLevel.BEGINNER
    years_running: float | None = Field(default=None, ge=0, le=80)
    current_weekly_volume_km: float | None = Field(default=None, ge=0, le=400)
    current_runs_per_week: int | None = Field(default=None, ge=0, le=14)
    longest_recent_run_km: float | None = Field(default=None, ge=0, le=250)
    baseline_5k_s: float | None = Field(default=None, gt=0, alias="baseline5kS")
    threshold_pace_s_per_km: float | None = Field(default=None, gt=0)
    recent_races: list[RecentRace] = Field(default_factory=list)
    months_running: int | None = Field(default=None, ge=0, le=960)
    running_background: str | None = Field(default=None, max_length=40)
    easy_pace: str | None = Field(default=None, max_length=20)
    vdot: float | None = Field(default=None, gt=10, lt=95)
    vdot_source: str | None = Field(default=None, max_length=40)
    pace_zones: PaceZones | None = None
    hr_zones: HrZones | None = None
    personal_bests: PersonalBests | None = None
    actual_weekly_volume_km: float | None = Field(
        default=None, ge=0, description="Derived: mean weekly volume of the last four weeks."
    )
    consistency_score: Percent | None = Field(
        default=None, description="Derived: share of the last eight weeks with a run."
    )
    actual_easy_pace_s_per_km: float | None = Field(
        default=None,
        gt=0,
        description="Derived: mean pace of the last four weeks' runs at an easy heart rate "
        "(average at or under the top of zone 2), s/km.",
    )
    actual_long_run_km: float | None = Field(
        default=None, ge=0, description="Derived: the longest run of the last four weeks, km."
    )
    vdot_updated_at: Instant | None = Field(
        default=None, description="When the runner last set their VDOT (written by Cadence)."
    )


class Goals(Model):
    """What the runner is training for."""

    primary_goal: str | None = Field(default=None, max_length=300)
    target_race_id: Id | None = None
    motivation: str | None = Field(default=None, max_length=500)
    goal_type: str | None = Field(default=None, max_length=40)
    race_distance: float | None = Field(default=None, gt=0, le=250, description="Km.")
    race_distance_label: str | None = Field(default=None, max_length=40)
    race_date: CalendarDay | None = None
    race_name: str | None = Field(default=None, max_length=200)
    target_time: float | None = Field(default=None, gt=0, description="Seconds.")
    target_pace: str | None = Field(default=None, max_length=20)
    goal_priority: str | None = Field(default=None, max_length=40)
    target_volume: float | None = Field(default=None, ge=0, le=400, description="Km a week.")
    target_pace_improvement: str | None = Field(default=None, max_length=40)
    secondary_goals: list[str] = Field(default_factory=list)


class Schedule(Model):
    """When the runner can run."""

    available_days: list[Weekday] = Field(default_factory=lambda: list(Weekday))
    preferred_days: list[Weekday] = Field(default_factory=list)
    blocked_days: list[Weekday] = Field(default_factory=list)
    long_run_day: Weekday | None = Weekday.SUNDAY
    max_session_minutes: int | None = Field(default=None, ge=15, le=600)
    runs_per_week_target: int | None = Field(default=None, ge=1, le=7)
    preferred_time_of_day: str | None = None
    has_gym_access: bool | None = None
    has_track_access: bool | None = None
    has_hills_access: bool | None = None
    calendar_connected: bool | None = None
    calendar_provider: str | None = Field(default=None, max_length=40)


class Injury(Model):
    """An injury, past or present."""

    type: str = Field(min_length=1, max_length=80)
    date: CalendarDay | None = None
    severity: str | None = None
    resolved: bool = True
    notes: str | None = Field(default=None, max_length=500)


class Health(Model):
    """Injuries and conditions the plan must respect."""

    injury_history: list[Injury] = Field(default_factory=list)
    conditions: list[str] = Field(default_factory=list)
    cleared_for_training: bool = True
    past_injuries: list[str] = Field(default_factory=list)
    injury_details: list[InjuryDetail] = Field(default_factory=list)
    current_pain: list[str] = Field(default_factory=list)
    recovery_style: str | None = Field(default=None, max_length=40)
    sleep_quality: str | None = Field(default=None, max_length=40)
    stress_level: str | None = Field(default=None, max_length=40)
    nutrition_quality: str | None = Field(default=None, max_length=40)
    alcohol_frequency: str | None = Field(default=None, max_length=40)
    medications: list[str] = Field(default_factory=list)
    tracks_menstrual_cycle: bool | None = None
    current_cycle_phase: str | None = Field(default=None, max_length=40)
    cycle_affects_training: bool | None = None


class Coaching(Model):
    """How the runner wants to be coached."""

    tone: str = "encouraging"
    detail_level: str = "standard"
    wants_explanations: bool = True
    data_orientation: str | None = Field(default=None, max_length=40)
    feedback_frequency: str | None = Field(default=None, max_length=40)
    biggest_challenge: str | None = Field(default=None, max_length=300)
    motivations: list[str] = Field(default_factory=list)
    skip_triggers: list[str] = Field(default_factory=list)
    preferred_notification_time: str | None = Field(default=None, max_length=40)
    notifications_enabled: bool | None = None


class Connection(Model):
    """A linked data source (wearable or app)."""

    source: str
    external_user_id: str | None = None
    connected_at: Instant = Field(default_factory=utc_now)
    last_sync_at: Instant | None = None


class Connections(Model):
    """Linked sources and which one wins when two describe the same run."""

    providers: list[Connection] = Field(default_factory=list)
    primary_wearable: str | None = None
    source_precedence: list[str] = Field(
        default_factory=lambda: ["manual", "primary_wearable", "strava", "apple_health", "inferred"]
    )


class ReadinessFactor(Model):
    """One input to readiness and how it pulls."""

    name: str
    value: float | None = None
    impact: str = Field(description="positive, neutral or negative")


class Readiness(Model):
    """How ready the runner is to train today."""

    score: Percent
    level: str = Field(description="high, moderate or low")
    factors: list[ReadinessFactor] = Field(default_factory=list)


class VolumeWindow(Model):
    """Volume and run count over a recent window."""

    volume_km: float = Field(ge=0)
    run_count: int = Field(ge=0)


class InjuryRisk(Model):
    """Injury risk and its reasons."""

    level: str = Field(description="low, moderate or high")
    factors: list[str] = Field(default_factory=list)


class CurrentState(Model):
    """Derived by the inference engine after each import; never typed in by the user."""

    atl: float | None = None
    ctl: float | None = None
    tsb: float | None = None
    load_trend: str | None = None
    readiness: Readiness | None = None
    last_7_days: VolumeWindow | None = Field(default=None, alias="last7Days")
    last_28_days: VolumeWindow | None = Field(default=None, alias="last28Days")
    injury_risk: InjuryRisk | None = None
    latest_resting_hr: float | None = None
    latest_hrv_ms: float | None = None
    latest_weight_kg: float | None = None
    latest_sleep_score: Percent | None = None
    updated_at: Instant | None = None


class Legal(Model):
    """Consents."""

    terms_accepted_at: Instant | None = None
    privacy_accepted_at: Instant | None = None
    health_data_consent: bool = False
    health_consent_at: Instant | None = None
    consent_version: str | None = Field(default=None, max_length=40)
    marketing_opt_in: bool | None = None


class ConversationState(Model):
    """Where the assistant is in its conversation with the runner."""

    stage: str = "onboarding"
    last_prompt_at: Instant | None = None
    pending_questions: list[str] = Field(default_factory=list)
    confidence: Confidence | None = None


class RunnerDocument(DocumentModel):
    """One runner: the person behind a user account."""

    user_id: Id
    identity: Identity = Field(default_factory=Identity)
    physical: Physical = Field(default_factory=Physical)
    running: Running = Field(default_factory=Running)
    goals: Goals = Field(default_factory=Goals)
    schedule: Schedule = Field(default_factory=Schedule)
    health: Health = Field(default_factory=Health)
    coaching: Coaching = Field(default_factory=Coaching)
    connections: Connections = Field(default_factory=Connections)
    current_state: CurrentState = Field(default_factory=CurrentState)
    legal: Legal = Field(default_factory=Legal)
    conversation_state: ConversationState = Field(default_factory=ConversationState)
    created_at: Instant = Field(default_factory=utc_now)
    updated_at: Instant = Field(default_factory=utc_now)


class RunnerSection(StrEnum):
    """Sections of the Runner Object the runner edits."""

    IDENTITY = "identity"
    PHYSICAL = "physical"
    RUNNING = "running"
    GOALS = "goals"
    SCHEDULE = "schedule"
    HEALTH = "health"
    COACHING = "coaching"
    CONNECTIONS = "connections"
    LEGAL = "legal"


RUNNER_SECTIONS: dict[str, type[Model]] = {
    RunnerSection.IDENTITY: Identity,
    RunnerSection.PHYSICAL: Physical,
    RunnerSection.RUNNING: Running,
    RunnerSection.GOALS: Goals,
    RunnerSection.SCHEDULE: Schedule,
    RunnerSection.HEALTH: Health,
    RunnerSection.COACHING: Coaching,
    RunnerSection.CONNECTIONS: Connections,
    RunnerSection.LEGAL: Legal,
}
"""Sections a runner may edit; `current_state` and `conversation_state` are the system's."""
