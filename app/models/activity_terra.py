"""The Terra fields of an activity that Cadence keeps as they come (Cadence data model).

"Build once, fill later": every field is optional and stays empty until a source sends it.
Values Cadence already stores under its own names (distance, duration, speed, heart rate,
cadence, elevation, calories, device) are not repeated here: the API answers them under the
seed's names from those.
"""

from __future__ import annotations

from pydantic import Field

from app.models.common import Model, Percent


class TerraActivityFields(Model):
    """Optional Terra activity data, with the seed's names and units."""

    upload_type: str | None = Field(default=None, description="automatic, manual or update")
    city: str | None = None
    country: str | None = None
    timestamp_localization: int | None = Field(
        default=None, ge=0, le=1, description="0 UTC, 1 local"
    )
    steps: int | None = Field(default=None, ge=0)
    floors_climbed: int | None = Field(default=None, ge=0)
    elevation_avg_meters: float | None = None
    elevation_max_meters: float | None = None
    elevation_min_meters: float | None = None
    swim_laps: int | None = Field(default=None, ge=0)
    swim_strokes: int | None = Field(default=None, ge=0)
    pool_length_meters: float | None = Field(default=None, gt=0)
    normalized_speed_meters_per_second: float | None = Field(default=None, ge=0)
    max_cadence_rpm: float | None = Field(default=None, ge=0)
    avg_torque_newton_meters: float | None = Field(default=None, ge=0)
    max_torque_newton_meters: float | None = Field(default=None, ge=0)
    min_heart_rate_bpm: float | None = Field(default=None, ge=20, le=250)
    resting_heart_rate_bpm: float | None = Field(default=None, ge=20, le=250)
    user_max_heart_rate_bpm: float | None = Field(default=None, ge=20, le=250)
    avg_hrv_rmssd: float | None = Field(default=None, ge=0)
    avg_hrv_sdnn: float | None = Field(default=None, ge=0)
    hr_zone0_seconds: float | None = Field(default=None, ge=0)
    hr_zone1_seconds: float | None = Field(default=None, ge=0)
    hr_zone2_seconds: float | None = Field(default=None, ge=0)
    hr_zone3_seconds: float | None = Field(default=None, ge=0)
    hr_zone4_seconds: float | None = Field(default=None, ge=0)
    hr_zone5_seconds: float | None = Field(default=None, ge=0)
    net_activity_calories: float | None = Field(default=None, ge=0)
    bmr_calories: float | None = Field(default=None, ge=0)
    energy_kilojoules: float | None = Field(default=None, ge=0)
    work_kilojoules: float | None = Field(default=None, ge=0)
    avg_watts: float | None = Field(default=None, ge=0)
    max_watts: float | None = Field(default=None, ge=0)
    normalized_power_watts: float | None = Field(default=None, ge=0)
    functional_threshold_power: float | None = Field(default=None, ge=0)
    avg_oxygen_saturation: Percent | None = None
    vo2_max_ml_per_min_per_kg: float | None = Field(default=None, gt=0, lt=100)
    strain_level: float | None = Field(default=None, ge=0)
    intensity_factor: float | None = Field(default=None, ge=0)
    suffer_score: float | None = Field(default=None, ge=0)
    perceived_exertion: float | None = Field(default=None, ge=1, le=10, description="RPE 1-10")
    avg_met_level: float | None = Field(default=None, ge=0)
    high_intensity_minutes: float | None = Field(default=None, ge=0)
    moderate_intensity_minutes: float | None = Field(default=None, ge=0)
    low_intensity_minutes: float | None = Field(default=None, ge=0)
    inactive_minutes: float | None = Field(default=None, ge=0)
    activity_seconds: float | None = Field(default=None, ge=0)
    inactivity_seconds: float | None = Field(default=None, ge=0)
    rest_seconds: float | None = Field(default=None, ge=0)
    low_intensity_seconds: float | None = Field(default=None, ge=0)
    moderate_intensity_seconds: float | None = Field(default=None, ge=0)
    vigorous_intensity_seconds: float | None = Field(default=None, ge=0)
    start_latitude: float | None = Field(default=None, ge=-90, le=90)
    start_longitude: float | None = Field(default=None, ge=-180, le=180)
    end_latitude: float | None = Field(default=None, ge=-90, le=90)
    end_longitude: float | None = Field(default=None, ge=-180, le=180)
    summary_polyline: str | None = Field(default=None, description="Encoded polyline.")
    device_manufacturer: str | None = None
    device_software_version: str | None = None
    session_type_confidence: float | None = Field(
        default=None, ge=0, le=1, description="0-1 when the session type was inferred."
    )
    user_notes: str | None = Field(default=None, max_length=2000)
    user_rating: int | None = Field(default=None, ge=1, le=5, description="How the run felt, 1-5.")
    user_tags: list[str] = Field(default_factory=list)
