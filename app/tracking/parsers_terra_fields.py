"""The seed's fields of Terra's daily, sleep, body and activity payloads (Cadence data model).

Each table maps a seed field (snake_case, the seed's unit) to Terra's documented path; fields
that need a conversion or a series (interruptions, body battery, zones, grams, the latest
reading of a day) are derived below. What Terra does not send stays empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.tracking.parsers_payloads import as_time, get_path
from app.tracking.parsers_terra_read import (
    ALTITUDE,
    BMI,
    BODY_CELSIUS,
    BREATHS,
    COUNT,
    DELTA_CELSIUS,
    FACTOR,
    GLUCOSE,
    GLUCOSE_FLAGS,
    GRAMS,
    HR,
    HRV,
    KCAL,
    KG,
    KJ,
    MAX_POLYLINE_CHARS,
    MET,
    METRES,
    MILLILITRES,
    MINUTES,
    MM_HG,
    PERCENT,
    RECOVERY_LEVELS,
    RPM,
    SCORE,
    SECONDS,
    SKIN_CELSIUS,
    SLEEP_UPLOAD_TYPES,
    SPEED,
    STRAIN,
    TORQUE,
    TREND_ARROWS,
    UPLOAD_TYPES,
    VO2MAX,
    WATTS,
    Range,
    checked,
    code,
    compact_json,
    flag,
    lat_lng,
    latest,
    read,
    read_all,
    samples_json,
    series,
    text,
)

Table = dict[str, tuple[str, Range]]

_HR = "heart_rate_data.summary"
_MET: Table = {
    "avg_met_level": ("MET_data.avg_level", MET),
    "high_intensity_minutes": ("MET_data.num_high_intensity_minutes", MINUTES),
    "moderate_intensity_minutes": ("MET_data.num_moderate_intensity_minutes", MINUTES),
    "low_intensity_minutes": ("MET_data.num_low_intensity_minutes", MINUTES),
    "inactive_minutes": ("MET_data.num_inactive_minutes", MINUTES),
}
_ACTIVE: Table = {
    f"{name}_seconds": (f"active_durations_data.{name}_seconds", SECONDS)
    for name in ("activity", "inactivity", "rest", "low_intensity", "moderate_intensity")
} | {"vigorous_intensity_seconds": ("active_durations_data.vigorous_intensity_seconds", SECONDS)}

DAILY: Table = {
    **_ACTIVE,
    "standing_hours_count": ("active_durations_data.standing_hours_count", COUNT),
    "standing_seconds": ("active_durations_data.standing_seconds", SECONDS),
    "num_inactive_periods": ("active_durations_data.num_continuous_inactive_periods", COUNT),
    "total_distance_meters": ("distance_data.distance_meters", METRES),
    "floors_climbed": ("distance_data.floors_climbed", COUNT),
    "elevation_gain_meters": ("distance_data.elevation.gain_actual_meters", METRES),
    "net_activity_calories": ("calories_data.net_activity_calories", KCAL),
    "bmr_calories": ("calories_data.BMR_calories", KCAL),
    "net_intake_calories": ("calories_data.net_intake_calories", KCAL),
    "avg_heart_rate_bpm": (f"{_HR}.avg_hr_bpm", HR),
    "max_heart_rate_bpm": (f"{_HR}.max_hr_bpm", HR),
    "min_heart_rate_bpm": (f"{_HR}.min_hr_bpm", HR),
    "avg_hrv_sdnn": (f"{_HR}.avg_hrv_sdnn", HRV),
    "avg_oxygen_saturation": ("oxygen_data.avg_saturation_percentage", PERCENT),
    "vo_2_max_ml_per_min_per_kg": ("oxygen_data.vo2max_ml_per_min_per_kg", VO2MAX),
    **_MET,
    "strain_level": ("strain_data.strain_level", STRAIN),
    "max_stress_level": ("stress_data.max_stress_level", SCORE),
    "stress_rating": ("stress_data.stress_rating", SCORE),
    "low_stress_seconds": ("stress_data.low_stress_duration_seconds", SECONDS),
    "medium_stress_seconds": ("stress_data.medium_stress_duration_seconds", SECONDS),
    "high_stress_seconds": ("stress_data.high_stress_duration_seconds", SECONDS),
    "rest_stress_seconds": ("stress_data.rest_stress_duration_seconds", SECONDS),
    "activity_score": ("scores.activity", SCORE),
    "recovery_score": ("scores.recovery", SCORE),
    "sleep_score": ("scores.sleep", SCORE),
    "readiness_score": ("data_enrichment.readiness_score", SCORE),
    "cardiovascular_score": ("data_enrichment.cardiovascular_score", SCORE),
    "respiratory_score": ("data_enrichment.respiratory_score", SCORE),
}
"""Daily: Terra's Daily model, one day's totals."""


def daily_fields(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The seed's daily fields a Terra daily payload holds (body battery from its samples)."""
    values = read_all(payload, DAILY)
    for field in ("start_time", "end_time"):
        if get_path(payload, f"metadata.{field}") is not None:
            values[field] = as_time(get_path(payload, f"metadata.{field}"), f"metadata.{field}")
    path = "stress_data.body_battery_samples"
    levels = [
        (sample, checked(sample.get("level"), f"{path}[{index}].level", SCORE))
        for index, sample in enumerate(series(payload, path))
    ]
    known = [(sample, level) for sample, level in levels if level is not None]
    if known:
        values["body_battery_high"] = max(level for _, level in known)
        values["body_battery_low"] = min(level for _, level in known)
        values["body_battery_current"] = latest([s for s, _ in known], path, "level")["level"]
    return values


_SLEEP_AWAKE = "sleep_durations_data.awake"
_BREATHS = "respiration_data.breaths_data"
SLEEP: Table = {
    "num_rem_events": ("sleep_durations_data.asleep.num_REM_events", COUNT),
    "num_wakeup_events": (f"{_SLEEP_AWAKE}.num_wakeup_events", COUNT),
    "num_out_of_bed_events": (f"{_SLEEP_AWAKE}.num_out_of_bed_events", COUNT),
    "sleep_latency_seconds": (f"{_SLEEP_AWAKE}.sleep_latency_seconds", SECONDS),
    "wake_up_latency_seconds": (f"{_SLEEP_AWAKE}.wake_up_latency_seconds", SECONDS),
    "in_bed_seconds": ("sleep_durations_data.other.duration_in_bed_seconds", SECONDS),
    "unmeasurable_sleep_seconds": (
        "sleep_durations_data.other.duration_unmeasurable_sleep_seconds",
        SECONDS,
    ),
    "avg_heart_rate_bpm": (f"{_HR}.avg_hr_bpm", HR),
    "min_heart_rate_bpm": (f"{_HR}.min_hr_bpm", HR),
    "max_heart_rate_bpm": (f"{_HR}.max_hr_bpm", HR),
    "avg_hrv_sdnn": (f"{_HR}.avg_hrv_sdnn", HRV),
    "avg_breaths_per_min": (f"{_BREATHS}.avg_breaths_per_min", BREATHS),
    "min_breaths_per_min": (f"{_BREATHS}.min_breaths_per_min", BREATHS),
    "max_breaths_per_min": (f"{_BREATHS}.max_breaths_per_min", BREATHS),
    "avg_oxygen_saturation": (
        "respiration_data.oxygen_saturation_data.avg_saturation_percentage",
        PERCENT,
    ),
    "num_snoring_events": ("respiration_data.snoring_data.num_snoring_events", COUNT),
    "total_snoring_seconds": (
        "respiration_data.snoring_data.total_snoring_duration_seconds",
        SECONDS,
    ),
    "readiness_score": ("readiness_data.readiness", SCORE),
    "temperature_delta": ("temperature_data.delta", DELTA_CELSIUS),
}
"""Sleep: Terra's Sleep model, one night or nap."""


def sleep_fields(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The seed's sleep fields a Terra sleep payload holds (sample series kept as JSON)."""
    values: dict[str, Any] = read_all(payload, SLEEP)
    interruptions = [
        read(payload, f"{_SLEEP_AWAKE}.duration_{kind}_interruption_seconds", SECONDS)
        for kind in ("short", "long")
    ]
    if any(value is not None for value in interruptions):
        values["awake_interruption_seconds"] = sum(value or 0 for value in interruptions)
    contributors = [
        {key: item.get(key) for key in ("contributor_name", "contributor_score")}
        for item in series(payload, "data_enrichment.sleep_contributors")
    ]
    more = {
        "is_nap": flag(payload, "metadata.is_nap"),
        "upload_type": code(payload, "metadata.upload_type", SLEEP_UPLOAD_TYPES),
        "recovery_level": code(payload, "readiness_data.recovery_level", RECOVERY_LEVELS),
        "sleep_contributors": compact_json(contributors),
        "hypnogram_samples": samples_json(
            payload, "sleep_durations_data.hypnogram_samples", ("level",), Range(0, 10, "")
        ),
        "heart_rate_samples": samples_json(
            payload, "heart_rate_data.detailed.hr_samples", ("bpm",), HR
        ),
        "hrv_samples": samples_json(
            payload, "heart_rate_data.detailed.hrv_samples_rmssd", ("hrv_rmssd",), HRV
        ),
        "device_manufacturer": text(payload, "device_data.manufacturer"),
        "device_name": text(payload, "device_data.name"),
    }
    return values | {field: value for field, value in more.items() if value is not None}


MEASUREMENT: Table = {
    "water_percentage": ("water_percentage", PERCENT),
    "bmi": ("BMI", BMI),
}
"""Body composition read from the latest of Terra's `measurements_data.measurements`."""


def _mass_kg(measurement: Mapping[str, Any], name: str) -> float | None:
    """A mass in kg from `<name>_kg`, or from `<name>_g` (Terra's newer field) in grams."""
    kilograms = checked(measurement.get(f"{name}_kg"), f"measurements.{name}_kg", KG)
    if kilograms is not None:
        return kilograms
    grams = checked(measurement.get(f"{name}_g"), f"measurements.{name}_g", GRAMS)
    return grams / 1000 if grams is not None else None


def body_fields(payload: Mapping[str, Any], measurement: Mapping[str, Any]) -> dict[str, Any]:
    """The seed's body fields: composition from `measurement`, the latest of each other series."""
    values: dict[str, Any] = {
        "muscle_mass_kg": _mass_kg(measurement, "muscle_mass"),
        "bone_mass_kg": _mass_kg(measurement, "bone_mass"),
        **{
            field: checked(measurement.get(key), f"measurements.{key}", allowed)
            for field, (key, allowed) in MEASUREMENT.items()
        },
        "water_consumption_ml": read(
            payload, "hydration_data.day_total_water_consumption_ml", MILLILITRES
        ),
    }
    pressure_path = "blood_pressure_data.blood_pressure_samples"
    pressure = latest(series(payload, pressure_path), pressure_path, "systolic_bp")
    values["systolic_mm_hg"] = checked(pressure.get("systolic_bp"), "systolic_bp", MM_HG)
    values["diastolic_mm_hg"] = checked(pressure.get("diastolic_bp"), "diastolic_bp", MM_HG)
    glucose_path = "glucose_data.blood_glucose_samples"
    glucose = latest(series(payload, glucose_path), glucose_path, "blood_glucose_mg_per_dL")
    values["blood_glucose_mg_per_dl"] = checked(
        glucose.get("blood_glucose_mg_per_dL"), "blood_glucose_mg_per_dL", GLUCOSE
    )
    values["glucose_flag"] = code(glucose, "glucose_level_flag", GLUCOSE_FLAGS)
    values["glucose_trend_arrow"] = code(glucose, "trend_arrow", TREND_ARROWS)
    for field, kind, allowed in (
        ("body_temperature_celsius", "body", BODY_CELSIUS),
        ("skin_temperature_celsius", "skin", SKIN_CELSIUS),
    ):
        path = f"temperature_data.{kind}_temperature_samples"
        reading = latest(series(payload, path), path, "temperature_celsius")
        values[field] = checked(reading.get("temperature_celsius"), path, allowed)
    return {field: value for field, value in values.items() if value is not None}


def measurement_type(weighed: bool, values: Mapping[str, Any]) -> str | None:
    """What a body record measured, in the seed's words."""
    composition = ("muscle_mass_kg", "bone_mass_kg", "water_percentage", "bmi")
    if any(values.get(field) is not None for field in composition):
        return "body_composition"
    if weighed:
        return "weight"
    if values.get("systolic_mm_hg") is not None:
        return "blood_pressure"
    if values.get("blood_glucose_mg_per_dl") is not None:
        return "glucose"
    return None


_DIST = "distance_data.summary"
_MOVE = "movement_data"
ACTIVITY: Table = {
    "steps": (f"{_DIST}.steps", COUNT),
    "floors_climbed": (f"{_DIST}.floors_climbed", COUNT),
    "elevation_avg_meters": (f"{_DIST}.elevation.avg_meters", ALTITUDE),
    "elevation_max_meters": (f"{_DIST}.elevation.max_meters", ALTITUDE),
    "elevation_min_meters": (f"{_DIST}.elevation.min_meters", ALTITUDE),
    "swim_laps": (f"{_DIST}.swimming.num_laps", COUNT),
    "swim_strokes": (f"{_DIST}.swimming.num_strokes", COUNT),
    "pool_length_meters": (f"{_DIST}.swimming.pool_length_meters", Range(1, 1_000, "m")),
    "normalized_speed_meters_per_second": (f"{_MOVE}.normalized_speed_meters_per_second", SPEED),
    "max_cadence_rpm": (f"{_MOVE}.max_cadence_rpm", RPM),
    "avg_torque_newton_meters": (f"{_MOVE}.avg_torque_newton_meters", TORQUE),
    "max_torque_newton_meters": (f"{_MOVE}.max_torque_newton_meters", TORQUE),
    "min_heart_rate_bpm": (f"{_HR}.min_hr_bpm", HR),
    "resting_heart_rate_bpm": (f"{_HR}.resting_hr_bpm", HR),
    "user_max_heart_rate_bpm": (f"{_HR}.user_max_hr_bpm", HR),
    "avg_hrv_rmssd": (f"{_HR}.avg_hrv_rmssd", HRV),
    "avg_hrv_sdnn": (f"{_HR}.avg_hrv_sdnn", HRV),
    "net_activity_calories": ("calories_data.net_activity_calories", KCAL),
    "bmr_calories": ("calories_data.BMR_calories", KCAL),
    "energy_kilojoules": ("energy_data.energy_kilojoules", KJ),
    "work_kilojoules": ("work_data.work_kilojoules", KJ),
    "avg_watts": ("power_data.avg_watts", WATTS),
    "max_watts": ("power_data.max_watts", WATTS),
    "avg_oxygen_saturation": ("oxygen_data.avg_saturation_percentage", PERCENT),
    "vo2_max_ml_per_min_per_kg": ("oxygen_data.vo2max_ml_per_min_per_kg", VO2MAX),
    "strain_level": ("strain_data.strain_level", STRAIN),
    **_MET,
    **_ACTIVE,
}
"""Activity: Terra's Activity model, beyond what Cadence keeps under its own names."""
HR_ZONES = 6
"""Terra's HeartRateZone codes 0-5 (6, OTHER, has no seed field)."""


def activity_fields(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The seed's activity fields a Terra activity payload holds."""
    values: dict[str, Any] = read_all(payload, ACTIVITY)
    zones_path = f"{_HR}.hr_zone_data"
    for index, zone in enumerate(series(payload, zones_path)):
        number, seconds = zone.get("zone"), zone.get("duration_seconds")
        duration = checked(seconds, f"{zones_path}[{index}].duration_seconds", SECONDS)
        if isinstance(number, int) and 0 <= number < HR_ZONES and duration is not None:
            field = f"hr_zone{number}_seconds"
            values[field] = values.get(field, 0) + duration
    tss_path = "TSS_data.TSS_samples"
    for index, sample in enumerate(series(payload, tss_path)):
        power = checked(sample.get("normalized_power_watts"), f"{tss_path}[{index}]", WATTS)
        factor = checked(sample.get("intensity_factor_actual"), f"{tss_path}[{index}]", FACTOR)
        for field, value in (("normalized_power_watts", power), ("intensity_factor", factor)):
            if value is not None:
                values.setdefault(field, value)
    start = lat_lng(payload, "position_data.start_pos_lat_lng_deg")
    end = lat_lng(payload, "position_data.end_pos_lat_lng_deg")
    localization = read(payload, "metadata.timestamp_localization", Range(0, 1, "", whole=True))
    more = {
        "upload_type": code(payload, "metadata.upload_type", UPLOAD_TYPES),
        "city": text(payload, "metadata.city"),
        "country": text(payload, "metadata.country"),
        "timestamp_localization": localization,
        "start_latitude": start[0],
        "start_longitude": start[1],
        "end_latitude": end[0],
        "end_longitude": end[1],
        "summary_polyline": text(payload, "polyline_map_data.summary_polyline", MAX_POLYLINE_CHARS),
        "device_manufacturer": text(payload, "device_data.manufacturer"),
        "device_software_version": text(payload, "device_data.software_version"),
    }
    return values | {field: value for field, value in more.items() if value is not None}
