"""Whole Terra payloads (daily, sleep, body, activity) shaped as Terra's data models show them.

Each builder takes the moment the record starts (an aware datetime, in the wearer's zone) so
unit tests can pin it and API tests can date it back from the runner's today.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any


def _at(start: datetime, minutes: float) -> str:
    return (start + timedelta(minutes=minutes)).isoformat()


def terra_daily(day_start: datetime) -> dict[str, Any]:
    """A Garmin day through Terra: totals, heart, stress, body battery, scores."""
    return {
        "metadata": {
            "start_time": day_start.isoformat(),
            "end_time": (day_start + timedelta(days=1)).isoformat(),
            "upload_type": 1,
            "timestamp_localization": 0,
        },
        "active_durations_data": {
            "activity_seconds": 5460,
            "inactivity_seconds": 41_220,
            "rest_seconds": 27_900,
            "low_intensity_seconds": 3120,
            "moderate_intensity_seconds": 1500,
            "vigorous_intensity_seconds": 840,
            "num_continuous_inactive_periods": 4,
            "standing_hours_count": 11,
            "standing_seconds": 18_000,
            "activity_levels_samples": [],
        },
        "distance_data": {
            "steps": 14_210,
            "distance_meters": 11_842.5,
            "floors_climbed": 9,
            "elevation": {"gain_actual_meters": 86.0, "loss_actual_meters": 84.0},
            "swimming": {"num_strokes": None, "num_laps": None, "pool_length_meters": None},
            "detailed": {"step_samples": [], "distance_samples": []},
        },
        "calories_data": {
            "total_burned_calories": 2890.5,
            "net_activity_calories": 1012.0,
            "BMR_calories": 1878.5,
            "net_intake_calories": None,
            "calorie_samples": [],
        },
        "heart_rate_data": {
            "summary": {
                "avg_hr_bpm": 68.4,
                "max_hr_bpm": 171,
                "min_hr_bpm": 44,
                "resting_hr_bpm": 47,
                "avg_hrv_rmssd": 58.0,
                "avg_hrv_sdnn": 71.5,
                "user_max_hr_bpm": 188,
                "hr_zone_data": [],
            },
            "detailed": {"hr_samples": [], "hrv_samples_rmssd": [], "hrv_samples_sdnn": []},
        },
        "oxygen_data": {
            "avg_saturation_percentage": 96.5,
            "vo2max_ml_per_min_per_kg": 54.0,
            "saturation_samples": [],
            "vo2_samples": [],
        },
        "MET_data": {
            "avg_level": 1.6,
            "num_high_intensity_minutes": 14,
            "num_moderate_intensity_minutes": 25,
            "num_low_intensity_minutes": 52,
            "num_inactive_minutes": 687,
            "MET_samples": [],
        },
        "strain_data": {"strain_level": 13.2},
        "stress_data": {
            "avg_stress_level": 31,
            "max_stress_level": 88,
            "stress_rating": 2,
            "low_stress_duration_seconds": 14_400,
            "medium_stress_duration_seconds": 5_400,
            "high_stress_duration_seconds": 1_200,
            "rest_stress_duration_seconds": 25_200,
            "activity_stress_duration_seconds": 3_600,
            "stress_duration_seconds": 21_000,
            "samples": [],
            "body_battery_samples": [
                {"timestamp": _at(day_start, 360), "level": 92},
                {"timestamp": _at(day_start, 600), "level": 61},
                {"timestamp": _at(day_start, 1260), "level": 24},
                {"timestamp": _at(day_start, 1200), "level": 27},
            ],
        },
        "scores": {"recovery": 72, "activity": 85, "sleep": 79},
        "data_enrichment": {
            "readiness_score": 68,
            "cardiovascular_score": 81,
            "respiratory_score": 90,
        },
        "device_data": {"name": "Forerunner 965", "manufacturer": "Garmin"},
        "tag_data": {"tags": []},
    }


def terra_sleep(fell_asleep: datetime) -> dict[str, Any]:
    """An Oura night through Terra: stages, awakenings, heart, breathing, readiness."""
    return {
        "metadata": {
            "summary_id": f"oura-night-{fell_asleep.date()}",
            "start_time": fell_asleep.isoformat(),
            "end_time": _at(fell_asleep, 450),
            "upload_type": 2,
            "is_nap": False,
            "timestamp_localization": 0,
        },
        "sleep_durations_data": {
            "asleep": {
                "duration_asleep_state_seconds": 24_600,
                "duration_light_sleep_state_seconds": 13_200,
                "duration_deep_sleep_state_seconds": 5_400,
                "duration_REM_sleep_state_seconds": 6_000,
                "num_REM_events": 5,
            },
            "awake": {
                "duration_awake_state_seconds": 2_400,
                "duration_short_interruption_seconds": 420,
                "duration_long_interruption_seconds": 900,
                "num_wakeup_events": 3,
                "num_out_of_bed_events": 1,
                "sleep_latency_seconds": 780,
                "wake_up_latency_seconds": 300,
            },
            "other": {
                "duration_in_bed_seconds": 27_000,
                "duration_unmeasurable_sleep_seconds": 120,
            },
            "sleep_efficiency": 0.91,
            "hypnogram_samples": [
                {"timestamp": fell_asleep.isoformat(), "level": 1},
                {"timestamp": _at(fell_asleep, 13), "level": 4},
                {"timestamp": _at(fell_asleep, 70), "level": 5},
            ],
        },
        "heart_rate_data": {
            "summary": {
                "avg_hr_bpm": 52.3,
                "max_hr_bpm": 71,
                "min_hr_bpm": 45,
                "resting_hr_bpm": 48,
                "avg_hrv_rmssd": 62.5,
                "avg_hrv_sdnn": 75.0,
            },
            "detailed": {
                "hr_samples": [
                    {"timestamp": _at(fell_asleep, 5), "bpm": 58},
                    {"timestamp": _at(fell_asleep, 10), "bpm": 54},
                ],
                "hrv_samples_rmssd": [{"timestamp": _at(fell_asleep, 5), "hrv_rmssd": 61}],
                "hrv_samples_sdnn": [],
            },
        },
        "respiration_data": {
            "breaths_data": {
                "avg_breaths_per_min": 14.2,
                "min_breaths_per_min": 11.5,
                "max_breaths_per_min": 18.0,
                "samples": [],
            },
            "oxygen_saturation_data": {"avg_saturation_percentage": 95.5, "samples": []},
            "snoring_data": {
                "num_snoring_events": 6,
                "total_snoring_duration_seconds": 840,
                "samples": [],
            },
        },
        "readiness_data": {"readiness": 77, "recovery_level": 5},
        "temperature_data": {"delta": -0.3},
        "data_enrichment": {
            "sleep_score": 84,
            "sleep_contributors": [
                {"contributor_name": "deep_sleep", "contributor_score": 92},
                {"contributor_name": "latency", "contributor_score": 70},
            ],
        },
        "device_data": {"name": "Oura Ring Gen3", "manufacturer": "Oura"},
    }


def terra_body(day_start: datetime) -> dict[str, Any]:
    """A Withings day through Terra: two weighings, blood pressure, glucose, temperature."""
    return {
        "metadata": {
            "start_time": day_start.isoformat(),
            "end_time": (day_start + timedelta(days=1)).isoformat(),
        },
        "measurements_data": {
            "measurements": [
                {"measurement_time": _at(day_start, 410), "weight_kg": 64.2},
                {
                    "measurement_time": _at(day_start, 1270),
                    "weight_kg": 64.9,
                    "bodyfat_percentage": 14.1,
                    "muscle_mass_g": 52_300,
                    "bone_mass_g": 2_900,
                    "water_percentage": 58.2,
                    "BMI": 21.2,
                },
                {"measurement_time": _at(day_start, 1320), "height_cm": 176},
            ]
        },
        "blood_pressure_data": {
            "blood_pressure_samples": [
                {"timestamp": _at(day_start, 420), "systolic_bp": 118, "diastolic_bp": 76},
                {"timestamp": _at(day_start, 1275), "systolic_bp": 121, "diastolic_bp": 79},
            ]
        },
        "glucose_data": {
            "blood_glucose_samples": [
                {
                    "timestamp": _at(day_start, 480),
                    "blood_glucose_mg_per_dL": 92,
                    "glucose_level_flag": 0,
                    "trend_arrow": 3,
                },
                {
                    "timestamp": _at(day_start, 1290),
                    "blood_glucose_mg_per_dL": 141,
                    "glucose_level_flag": 1,
                    "trend_arrow": 5,
                },
            ],
            "day_avg_blood_glucose_mg_per_dL": 104,
        },
        "temperature_data": {
            "body_temperature_samples": [
                {"timestamp": _at(day_start, 420), "temperature_celsius": 36.6}
            ],
            "skin_temperature_samples": [
                {"timestamp": _at(day_start, 100), "temperature_celsius": 33.1},
                {"timestamp": _at(day_start, 300), "temperature_celsius": 33.8},
            ],
            "ambient_temperature_samples": [],
        },
        "hydration_data": {"day_total_water_consumption_ml": 2_300},
        "heart_data": {"heart_rate_data": {"summary": {"resting_hr_bpm": 46, "avg_hrv_rmssd": 61}}},
        "oxygen_data": {"avg_saturation_percentage": None, "saturation_samples": []},
    }


def terra_run(start: datetime, summary_id: str = "terra-7f3a") -> dict[str, Any]:
    """A Garmin long run through Terra, with zones, power, position and device."""
    return {
        "metadata": {
            "start_time": start.isoformat(),
            "end_time": _at(start, 55),
            "type": 8,
            "name": "Sunday long run",
            "summary_id": summary_id,
            "upload_type": 1,
            "city": "Lyon",
            "country": "France",
            "state": None,
            "timestamp_localization": 0,
        },
        "distance_data": {
            "summary": {
                "distance_meters": 11_020.0,
                "steps": 9_020,
                "floors_climbed": 3,
                "elevation": {
                    "gain_actual_meters": 64.0,
                    "loss_actual_meters": 61.0,
                    "avg_meters": 182.5,
                    "max_meters": 214.0,
                    "min_meters": 161.0,
                },
                "swimming": {"num_strokes": None, "num_laps": None, "pool_length_meters": None},
            },
            "detailed": {
                "distance_samples": [
                    {"timestamp": _at(start, m), "distance_meters": d}
                    for m, d in ((0, 0.0), (10, 2000.0), (20, 4050.0))
                ],
                "elevation_samples": [
                    {"timestamp": _at(start, m), "elev_meters": e}
                    for m, e in ((0, 170.0), (10, 181.5), (20, 176.0))
                ],
            },
        },
        "heart_rate_data": {
            "summary": {
                "avg_hr_bpm": 141,
                "max_hr_bpm": 163,
                "min_hr_bpm": 96,
                "resting_hr_bpm": 48,
                "user_max_hr_bpm": 188,
                "avg_hrv_rmssd": 21.5,
                "avg_hrv_sdnn": 30.0,
                "hr_zone_data": [
                    {
                        "zone": 1,
                        "name": "Warm up",
                        "duration_seconds": 420,
                        "start_percentage": 50,
                        "end_percentage": 60,
                    },
                    {
                        "zone": 2,
                        "name": "Easy",
                        "duration_seconds": 2160,
                        "start_percentage": 60,
                        "end_percentage": 70,
                    },
                    {
                        "zone": 3,
                        "name": "Aerobic",
                        "duration_seconds": 660,
                        "start_percentage": 70,
                        "end_percentage": 80,
                    },
                ],
            },
            "detailed": {
                "hr_samples": [
                    {"timestamp": _at(start, m), "bpm": b}
                    for m, b in ((0, 118), (10, 139), (20, 146))
                ]
            },
        },
        "active_durations_data": {
            "activity_seconds": 3240,
            "rest_seconds": 60,
            "low_intensity_seconds": 300,
            "moderate_intensity_seconds": 2400,
            "vigorous_intensity_seconds": 540,
            "inactivity_seconds": 0,
        },
        "movement_data": {
            "avg_speed_meters_per_second": 3.4,
            "max_speed_meters_per_second": 4.6,
            "normalized_speed_meters_per_second": 3.45,
            "avg_cadence_rpm": 82,
            "max_cadence_rpm": 94,
            "avg_pace_minutes_per_kilometer": 4.9,
            "cadence_samples": [
                {"timestamp": _at(start, m), "cadence_rpm": c} for m, c in ((0, 80), (10, 83))
            ],
        },
        "power_data": {
            "avg_watts": 248,
            "max_watts": 412,
            "power_samples": [{"timestamp": _at(start, 10), "watts": 251}],
        },
        "TSS_data": {
            "TSS_samples": [
                {
                    "actual": 71.0,
                    "method": "power",
                    "intensity_factor_actual": 0.88,
                    "normalized_power_watts": 255,
                }
            ]
        },
        "calories_data": {
            "total_burned_calories": 702,
            "net_activity_calories": 621,
            "BMR_calories": 81,
        },
        "energy_data": {"energy_kilojoules": 2937.2},
        "work_data": {"work_kilojoules": 818.4},
        "oxygen_data": {"avg_saturation_percentage": 97, "vo2max_ml_per_min_per_kg": 55},
        "strain_data": {"strain_level": 11.4},
        "MET_data": {
            "avg_level": 10.8,
            "num_high_intensity_minutes": 9,
            "num_moderate_intensity_minutes": 40,
            "num_low_intensity_minutes": 5,
            "num_inactive_minutes": 0,
        },
        "position_data": {
            "start_pos_lat_lng_deg": [45.7578, 4.832],
            "end_pos_lat_lng_deg": [45.7602, 4.8411],
            "centre_pos_lat_lng_deg": [45.77, 4.85],
            "position_samples": [
                {"timestamp": _at(start, 0), "coords_lat_lng_deg": [45.7578, 4.832]}
            ],
        },
        "polyline_map_data": {"summary_polyline": "u{~vFvyys@fS]"},
        "device_data": {
            "name": "Forerunner 965",
            "manufacturer": "Garmin",
            "software_version": "19.18",
        },
        "lap_data": {
            "laps": [
                {"start_time": start.isoformat(), "distance_meters": 5500.0},
                {"start_time": _at(start, 27.5), "distance_meters": 5520.0},
            ]
        },
    }
