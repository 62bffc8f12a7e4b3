"""Training plans: the blueprint with its season view, weeks and every explanation."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from app.models.common import (
    CalendarDay,
    Confidence,
    DocumentModel,
    Id,
    Instant,
    Model,
    PaceRange,
    Percent,
    utc_now,
)
from app.models.personalization import PersonalizationInputs


class PlanStatus(StrEnum):
    """Life cycle of a plan; a plan is written whole, as a draft."""

    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


FOLLOWED_STATUSES = frozenset({PlanStatus.ACTIVE.value, PlanStatus.PAUSED.value})
"""The statuses of a plan the runner is following (one at a time)."""

PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.ACTIVE, PlanStatus.ABANDONED}),
    PlanStatus.ACTIVE: frozenset({PlanStatus.PAUSED, PlanStatus.COMPLETED, PlanStatus.ABANDONED}),
    PlanStatus.PAUSED: frozenset({PlanStatus.ACTIVE, PlanStatus.COMPLETED, PlanStatus.ABANDONED}),
    PlanStatus.COMPLETED: frozenset(),
    PlanStatus.ABANDONED: frozenset(),
}
"""Legal status changes: draft → active → paused → completed / abandoned."""


class Phase(StrEnum):
    """Periodization phases."""

    BASE = "base"
    BUILD = "build"
    PEAK = "peak"
    TAPER = "taper"


class FeasibilityVerdict(StrEnum):
    """How realistic the goal is from current fitness and the time available."""

    ACHIEVABLE = "achievable"
    AMBITIOUS = "ambitious"
    UNLIKELY = "unlikely"


class IntensityDistribution(Model):
    """Share of training time by intensity."""

    easy_pct: Percent
    moderate_pct: Percent
    hard_pct: Percent


class Milestone(Model):
    """A marker on the season's road."""

    week_number: int = Field(ge=1)
    date: CalendarDay | None = None
    title: str
    description: str


class Risk(Model):
    """A risk the plan sees, how it is mitigated and what to watch."""

    risk: str
    likelihood: str = Field(description="low, moderate or high")
    mitigation: str
    monitoring_signals: list[str] = Field(default_factory=list)


class GoalFeasibility(Model):
    """The goal against the prediction from current fitness."""

    verdict: FeasibilityVerdict
    reason: str
    predicted_time_s: float | None = None
    goal_time_s: float | None = None
    confidence: Confidence | None = None
    distance_ready: bool | None = None
    """Whether the plan's longest run and peak week cover the distance (None: not judged,
    plans generated before the rule)."""
    safer_options: list[str] | None = None
    """When the goal is not safe as set: a later race, a shorter distance, a finish goal."""


class ConfidenceLevel(StrEnum):
    """How sure the plan is of its primary goal (the seed's words)."""

    ACHIEVABLE = "achievable"
    AMBITIOUS = "ambitious"
    STRETCH = "stretch"


class ExpectedOutcomes(Model):
    """What success looks like: the primary goal, how sure we are, and what else comes."""

    primary_goal: str
    confidence_level: str = Field(description="achievable, ambitious or stretch")
    confidence_reason: str
    confidence_score: Confidence | None = Field(
        default=None, description="Story 6.1's 0-100 confidence: the prediction's confidence."
    )
    secondary_outcomes: list[str] = Field(default_factory=list)


class SeasonView(Model):
    """The whole season at a glance, and why it is shaped this way."""

    coach_summary: str
    periodization_justification: str
    volume_strategy_justification: str
    key_milestones: list[Milestone] = Field(default_factory=list)
    identified_risks: list[Risk] = Field(default_factory=list)
    expected_outcomes: ExpectedOutcomes
    goal_feasibility: GoalFeasibility | None = None
    knowledge_refs: list[str] = Field(default_factory=list)


class Week(Model):
    """One week of the plan (embedded in the plan's `weeklyPlan`)."""

    week_number: int = Field(ge=1)
    start_date: CalendarDay
    end_date: CalendarDay
    phase: Phase
    is_recovery_week: bool = False
    is_taper_week: bool = False
    is_race_week: bool = False
    target_volume_km: float = Field(ge=0)
    target_duration_min: float = Field(ge=0)
    long_run_km: float = Field(ge=0)
    volume_change_pct: float | None = None
    planned_load: float = Field(ge=0, description="Planned training load (session-RPE units).")
    run_days: int = Field(ge=0, le=7)
    rest_days: int = Field(ge=0, le=7)
    hard_sessions: int = Field(ge=0, le=7)
    intensity_distribution: IntensityDistribution
    intensity_score: Percent = Field(
        description="Duration-weighted effort of the week's sessions, 0-100 (effort 0-10 × 10)."
    )
    key_sessions: int = Field(ge=0, le=7, description="Count of key (hard or long) sessions.")
    easy_runs: int = Field(ge=0, le=7, description="Count of easy and recovery runs.")
    key_session_summaries: list[str] = Field(default_factory=list)
    warning_signals: list[str] = Field(default_factory=list)
    focus: str
    week_justification: str
    knowledge_refs: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class RadarAxis(StrEnum):
    """The six axes of the runner snapshot radar chart."""

    ENDURANCE = "endurance"
    SPEED = "speed"
    RECOVERY = "recovery"
    CONSISTENCY = "consistency"
    INJURY_RISK = "injury_risk"
    RACE_READY = "race_ready"


class RadarValue(Model):
    """One radar axis: value and how unsure we are of it."""

    axis: RadarAxis
    value: Percent
    uncertainty: Percent
    explanation: str


class FitnessIndicators(Model):
    """The numbers behind the radar (the data model's names, and story 6.1's)."""

    current_vdot: float | None = None
    current_weekly_volume: float | None = Field(default=None, description="km a week.")
    recent_consistency_score: Percent | None = None
    estimated_vo2_max: float | None = Field(
        default=None, description="ml/kg/min, when a device measured it."
    )
    injury_history_count: int = Field(default=0, ge=0)
    days_to_goal: int | None = None
    estimated_vdot: float | None = None
    recent_volume: float | None = Field(default=None, description="km a week.")
    consistency_score: Percent | None = None


class PlanInfluencer(Model):
    """A fact about the runner that shaped the plan, and how."""

    factor: str
    impact: str
    data_source: str = Field(description="user_reported, inferred or wearable")


class RunnerSnapshot(Model):
    """The runner as the plan saw them when it was generated (RadarChart)."""

    captured_at: Instant = Field(default_factory=utc_now)
    axes: list[RadarValue]
    vdot: float | None = None
    weekly_volume_km: float = Field(ge=0)
    runs_per_week: int = Field(ge=0, le=14)
    experience_level: str
    age: int | None = None
    injury_history: list[str] = Field(default_factory=list)
    fitness_indicators: FitnessIndicators | None = None
    plan_influencers: list[PlanInfluencer] = Field(default_factory=list)


class PhasePlan(Model):
    """A phase of the season and why it is there."""

    phase: Phase
    start_week: int = Field(ge=1)
    end_week: int = Field(ge=1)
    focus: str
    intensity_distribution: IntensityDistribution
    justification: str
    knowledge_refs: list[str] = Field(default_factory=list)
    weekly_volume_target: float | None = Field(
        default=None, ge=0, description="km: the phase's biggest planned week."
    )


class LoadParameters(Model):
    """The numbers the volume progression follows."""

    start_volume_km: float = Field(ge=0)
    peak_volume_km: float = Field(ge=0)
    max_weekly_increase_pct: float = Field(gt=0, le=100)
    recovery_every_n_weeks: int = Field(ge=2, le=6)
    recovery_reduction_pct: float = Field(ge=0, le=100)
    taper_weeks: int = Field(ge=0, le=4)
    long_run_max_share_pct: float = Field(gt=0, le=100)
    max_hard_sessions_per_week: int = Field(ge=0, le=7)
    runs_per_week: int = Field(ge=1, le=7)
    estimated_vdot: float | None = Field(default=None, gt=0)


class TargetPaces(Model):
    """Training paces from VDOT (s/km bands)."""

    vdot: float = Field(gt=0)
    recovery: PaceRange | None = None
    easy: PaceRange
    marathon: PaceRange
    threshold: PaceRange
    interval: PaceRange
    repetition: PaceRange
    race: PaceRange | None = None


class Decision(Model):
    """A choice the generator made, and why."""

    topic: str
    decision_type: str = Field(description="periodization, volume, intensity or session_placement")
    decision: str
    source: str = Field(description="template, formula, modifier or coach_rule")
    reasoning: str
    confidence: float | None = Field(
        default=None, ge=0, le=1, description="0-1, for decisions taken from inferred values."
    )
    alternatives: list[str] = Field(default_factory=list)
    knowledge_base_refs: list[str] = Field(default_factory=list)
    related_rule: str | None = Field(
        default=None, description="The knowledge-base entry the decision rests on first."
    )


class SafeguardApplication(Model):
    """A safeguard that changed, blocked or flagged part of the plan."""

    safeguard_key: str
    action: str = Field(description="cap, reduce, block, warn or confirm")
    week_number: int | None = None
    session_date: CalendarDay | None = None
    field: str
    original_value: float | None = None
    adjusted_value: float | None = None
    message: str
    requires_confirmation: bool = False
    confirmed: bool = False
    applied_at: Instant = Field(default_factory=utc_now)


class Modification(Model):
    """One entry of the plan's change history."""

    version: int = Field(ge=1)
    at: Instant = Field(default_factory=utc_now)
    kind: str
    summary: str
    adaptation_log_id: Id | None = None


class PauseWindow(Model):
    """A pause the runner asked for: the days off and how the schedule moved."""

    first_day: CalendarDay
    days: int = Field(ge=1, le=84)
    weeks_shifted: int = Field(ge=0)
    paused_at: Instant = Field(default_factory=utc_now)


class PlanMetadata(Model):
    """What the plan is for and how it was made."""

    name: str
    description: str | None = None
    start_date: CalendarDay
    end_date: CalendarDay
    total_weeks: int = Field(ge=1, le=52)
    race_distance_m: float | None = Field(default=None, gt=0)
    methodology: str = "Daniels VDOT paces, polarized base, 3:1 progression"
    generator_version: str = "1"
    generated_in_ms: float | None = None


class PlanDocument(DocumentModel):
    """A training plan: the blueprint; its days are `plannedSessions` documents."""

    runner_id: Id
    race_id: Id | None = None
    status: PlanStatus = PlanStatus.DRAFT
    version: int = Field(default=1, ge=1)
    idempotency_key: str | None = Field(default=None, max_length=200)
    idempotency_fingerprint: str | None = None
    """What the key was sent with (race and options), to tell a retry from a reuse."""
    metadata: PlanMetadata
    season_view: SeasonView
    weekly_plan: list[Week]
    runner_snapshot: RunnerSnapshot
    phases: list[PhasePlan]
    load_parameters: LoadParameters
    target_paces: TargetPaces | None = None
    decisions: list[Decision] = Field(default_factory=list)
    safeguard_applications: list[SafeguardApplication] = Field(default_factory=list)
    modification_history: list[Modification] = Field(default_factory=list)
    adaptive_5k_time_s: float | None = Field(default=None, alias="adaptive5kTimeS")
    blackout_dates: list[CalendarDay] = Field(default_factory=list)
    pause: PauseWindow | None = None
    personalization_inputs: PersonalizationInputs | None = Field(
        default=None,
        description="What the plan was generated from (fitness, availability, experience, "
        "injuries), kept with it at generation; null for plans generated before it was kept.",
    )
    created_at: Instant = Field(default_factory=utc_now)
    updated_at: Instant = Field(default_factory=utc_now)
    activated_at: Instant | None = None
