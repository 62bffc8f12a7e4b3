"""Terra-aligned history: activities, sleep, daily summaries and body measurements."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from app.models.activity_terra import TerraActivityFields
from app.models.common import CalendarDay, DocumentModel, Id, Instant, Model, Percent, utc_now
from app.models.health_terra import TerraBodyFields, TerraDailyFields, TerraSleepFields


class Sport(StrEnum):
    """Activity types; only running kinds match running sessions."""

    RUN = "run"
    TRAIL_RUN = "trail_run"
    TREADMILL_RUN = "treadmill_run"
    WALK = "walk"
    HIKE = "hike"
    RIDE = "ride"
    SWIM = "swim"
    STRENGTH = "strength"
    OTHER = "other"


RUNNING_SPORTS = frozenset({Sport.RUN, Sport.TRAIL_RUN, Sport.TREADMILL_RUN})


class MatchStatus(StrEnum):
    """Where the activity stands against the plan."""

    PENDING = "pending"
    MATCHED = "matched"
    SUGGESTED = "suggested"
    UNPLANNED = "unplanned"
    DUPLICATE = "duplicate"
    NOT_A_RUN = "not_a_run"


class Lap(Model):
    """A lap as the device recorded it."""

    index: int = Field(ge=0)
    start_time: Instant | None = None
    elapsed_time_s: float = Field(ge=0)
    moving_time_s: float | None = Field(default=None, ge=0)
    distance_m: float | None = Field(default=None, ge=0)
    avg_hr: float | None = None
    avg_pace_s_per_km: float | None = None


class Split(Model):
    """A kilometre split derived from the track (the last one may be shorter)."""

    index: int = Field(ge=1)
    distance_m: float = Field(ge=0)
    elapsed_time_s: float = Field(ge=0)
    moving_time_s: float | None = Field(default=None, ge=0)
    avg_pace_s_per_km: float | None = None
    avg_hr: float | None = None
    elevation_change_m: float | None = None


class Sample(Model):
    """One point of an activity's track for charts (downsampled from the recording)."""

    offset_s: float = Field(ge=0, description="Seconds since the start.")
    distance_m: float | None = Field(default=None, ge=0)
    hr: float | None = None
    elevation_m: float | None = None
    cadence_spm: float | None = None
    pace_s_per_km: float | None = Field(
        default=None, gt=0, description="Over the stretch since the previous sample."
    )
    lat: float | None = Field(default=None, ge=-90, le=90, description="Latitude, degrees.")
    lng: float | None = Field(default=None, ge=-180, le=180, description="Longitude, degrees.")
    power_w: float | None = Field(default=None, ge=0, description="Power, watts.")


class ActivitySamplesDocument(DocumentModel):
    """The chart samples of one activity (`_id` is the activity's), kept out of its document."""

    runner_id: Id
    samples: list[Sample] = Field(default_factory=list)


class MatchSuggestion(Model):
    """A planned day this activity may be, waiting for the runner to confirm."""

    session_id: Id
    scheduled_date: CalendarDay
    score: float = Field(ge=0, le=1)
    reason: str


class ActivityLoad(Model):
    """Training load of the activity, and how it was computed."""

    value: float = Field(ge=0)
    method: str = Field(
        description="hr_tss, rtss or rpe_tss: the data the value came from; the value is in TSS "
        "points (100 = an hour at threshold) whatever the method"
    )


class ActivityDocument(TerraActivityFields, DocumentModel):
    """One activity from any source; `(runnerId, source, externalId)` is unique."""

    runner_id: Id
    source: str
    external_id: str = Field(description="The source's id, or the content hash of a file.")
    content_hash: str | None = None
    sport: Sport
    name: str | None = Field(default=None, max_length=200)
    notes: str | None = Field(default=None, max_length=2000)
    start_time: Instant
    timezone: str | None = None
    local_date: CalendarDay
    elapsed_time_s: float = Field(ge=0)
    moving_time_s: float | None = Field(default=None, ge=0)
    distance_m: float = Field(ge=0)
    avg_speed_m_s: float | None = Field(default=None, ge=0)
    max_speed_m_s: float | None = Field(default=None, ge=0)
    avg_pace_s_per_km: float | None = Field(default=None, gt=0)
    avg_hr: float | None = Field(default=None, ge=20, le=250)
    max_hr: float | None = Field(default=None, ge=20, le=250)
    avg_cadence_spm: float | None = Field(default=None, ge=0, le=300)
    hr_drift_pct: float | None = Field(
        default=None,
        description="Heart-rate drift: aerobic decoupling (Pa:HR) of the second half against "
        "the first, %; null without a 20-minute track with heart rate and distance.",
    )
    elevation_gain_m: float | None = Field(default=None, ge=0)
    elevation_loss_m: float | None = Field(default=None, ge=0)
    calories: float | None = Field(default=None, ge=0)
    device: str | None = None
    laps: list[Lap] = Field(default_factory=list)
    splits: list[Split] = Field(default_factory=list)
    load: ActivityLoad | None = None
    duplicate_of: Id | None = None
    match_status: MatchStatus = MatchStatus.PENDING
    suggestions: list[MatchSuggestion] = Field(default_factory=list)
    execution_id: Id | None = None
    imported_at: Instant = Field(default_factory=utc_now)


class SleepDocument(TerraSleepFields, DocumentModel):
    """A night (or nap) of sleep."""

    runner_id: Id
    source: str
    external_id: str
    start_time: Instant
    end_time: Instant
    local_date: CalendarDay
    duration_s: float = Field(ge=0)
    deep_s: float | None = Field(default=None, ge=0)
    light_s: float | None = Field(default=None, ge=0)
    rem_s: float | None = Field(default=None, ge=0)
    awake_s: float | None = Field(default=None, ge=0)
    efficiency_pct: Percent | None = None
    score: Percent | None = None
    avg_hrv_ms: float | None = Field(default=None, ge=0)
    resting_hr: float | None = Field(default=None, ge=20, le=250)
    imported_at: Instant = Field(default_factory=utc_now)


class DailySummaryDocument(TerraDailyFields, DocumentModel):
    """One day's totals from a wearable."""

    runner_id: Id
    source: str
    external_id: str
    date: CalendarDay
    steps: int | None = Field(default=None, ge=0)
    resting_hr: float | None = Field(default=None, ge=20, le=250)
    hrv_ms: float | None = Field(default=None, ge=0)
    calories: float | None = Field(default=None, ge=0)
    stress_score: Percent | None = None
    imported_at: Instant = Field(default_factory=utc_now)


class BodyMeasurementDocument(TerraBodyFields, DocumentModel):
    """A body measurement."""

    runner_id: Id
    source: str
    external_id: str
    measured_at: Instant
    weight_kg: float | None = Field(default=None, gt=20, lt=300)
    body_fat_pct: Percent | None = None
    resting_hr: float | None = Field(default=None, ge=20, le=250)
    hrv_ms: float | None = Field(default=None, ge=0)
    imported_at: Instant = Field(default_factory=utc_now)
