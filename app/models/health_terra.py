"""The Terra fields of sleep, daily summaries and body measurements (Cadence data model).

"Build once, fill later": every field is optional and stays empty until a source sends it.
Values Cadence already stores under its own names (sleep stages, resting heart rate, HRV,
steps, calories, weight, body fat) are not repeated: the API answers them under the seed's
names from those. Sample series stay JSON text, as the seed keeps them.
"""

from __future__ import annotations

from pydantic import Field

from app.models.common import Instant, Model


class TerraSleepFields(Model):
    """Optional Terra sleep data, with the seed's names and units."""

    is_nap: bool | None = None
    upload_type: str | None = None
    num_rem_events: int | None = Field(default=None, ge=0)
    awake_interruption_seconds: float | None = None
    num_wakeup_events: int | None = Field(default=None, ge=0)
    num_out_of_bed_events: int | None = Field(default=None, ge=0)
    sleep_latency_seconds: float | None = None
    wake_up_latency_seconds: float | None = None
    in_bed_seconds: float | None = None
    unmeasurable_sleep_seconds: float | None = None
    avg_heart_rate_bpm: float | None = None
    min_heart_rate_bpm: float | None = None
    max_heart_rate_bpm: float | None = None
    avg_hrv_sdnn: float | None = None
    avg_breaths_per_min: float | None = None
    min_breaths_per_min: float | None = None
    max_breaths_per_min: float | None = None
    avg_oxygen_saturation: float | None = None
    num_snoring_events: int | None = Field(default=None, ge=0)
    total_snoring_seconds: float | None = None
    readiness_score: float | None = Field(default=None, description="0-100")
    recovery_level: str | None = None
    temperature_delta: float | None = None
    sleep_contributors: str | None = None
    hypnogram_samples: str | None = None
    heart_rate_samples: str | None = None
    hrv_samples: str | None = None
    device_manufacturer: str | None = None
    device_name: str | None = None
    user_notes: str | None = None
    quality_rating: float | None = None
    disturbance_factors: list[str] = Field(default_factory=list)


class TerraDailyFields(Model):
    """Optional Terra daily data, with the seed's names and units."""

    start_time: Instant | None = Field(default=None, description="Start of day (UTC)")
    end_time: Instant | None = Field(default=None, description="End of day (UTC)")
    activity_seconds: float | None = None
    inactivity_seconds: float | None = None
    rest_seconds: float | None = None
    low_intensity_seconds: float | None = None
    moderate_intensity_seconds: float | None = None
    vigorous_intensity_seconds: float | None = None
    standing_hours_count: int | None = Field(default=None, ge=0)
    standing_seconds: float | None = None
    num_inactive_periods: int | None = Field(default=None, ge=0)
    total_distance_meters: float | None = None
    floors_climbed: int | None = Field(default=None, ge=0)
    elevation_gain_meters: float | None = None
    net_activity_calories: float | None = None
    bmr_calories: float | None = None
    net_intake_calories: float | None = None
    avg_heart_rate_bpm: float | None = None
    max_heart_rate_bpm: float | None = None
    min_heart_rate_bpm: float | None = None
    avg_hrv_sdnn: float | None = None
    avg_oxygen_saturation: float | None = None
    vo_2_max_ml_per_min_per_kg: float | None = None
    avg_met_level: float | None = None
    high_intensity_minutes: float | None = None
    moderate_intensity_minutes: float | None = None
    low_intensity_minutes: float | None = None
    inactive_minutes: float | None = None
    strain_level: float | None = None
    acute_training_load: float | None = None
    chronic_training_load: float | None = None
    training_stress_balance: float | None = None
    max_stress_level: float | None = None
    stress_rating: float | None = None
    low_stress_seconds: float | None = None
    medium_stress_seconds: float | None = None
    high_stress_seconds: float | None = None
    rest_stress_seconds: float | None = None
    body_battery_high: float | None = None
    body_battery_low: float | None = None
    body_battery_current: float | None = None
    activity_score: float | None = None
    recovery_score: float | None = None
    sleep_score: float | None = None
    readiness_score: float | None = None
    cardiovascular_score: float | None = None
    respiratory_score: float | None = None
    activity_count: int | None = Field(default=None, ge=0)
    run_count: int | None = Field(default=None, ge=0)
    run_distance_meters: float | None = None
    run_duration_seconds: float | None = None
    sleep_duration_seconds: float | None = None
    deep_sleep_seconds: float | None = None
    rem_sleep_seconds: float | None = None
    sleep_efficiency: float | None = None
    sleep_start_time: Instant | None = None
    sleep_end_time: Instant | None = None


class TerraBodyFields(Model):
    """Optional Terra body data, with the seed's names and units."""

    measurement_type: str | None = None
    muscle_mass_kg: float | None = None
    bone_mass_kg: float | None = None
    water_percentage: float | None = None
    bmi: float | None = None
    visceral_fat: float | None = None
    metabolic_age: int | None = Field(default=None, ge=0)
    systolic_mm_hg: float | None = None
    diastolic_mm_hg: float | None = None
    pulse_bpm: float | None = None
    blood_glucose_mg_per_dl: float | None = None
    glucose_flag: str | None = None
    glucose_trend_arrow: str | None = None
    body_temperature_celsius: float | None = None
    skin_temperature_celsius: float | None = None
    water_consumption_ml: float | None = None
