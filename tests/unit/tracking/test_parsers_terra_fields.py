"""Every seed field Terra's payloads carry is read, in the seed's units; nothing is invented."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.models.activity_terra import TerraActivityFields
from app.models.health_terra import TerraBodyFields, TerraDailyFields, TerraSleepFields
from app.tracking.parsed import ImplausibleValueError, InvalidFieldError
from app.tracking.parsers_limits import FileTooLargeError
from app.tracking.parsers_terra import (
    parse_terra_activity,
    parse_terra_body,
    parse_terra_daily,
    parse_terra_sleep,
)
from app.tracking.parsers_terra_fields import ACTIVITY, DAILY, MEASUREMENT, SLEEP
from tests.terra_payloads import terra_body, terra_daily, terra_run, terra_sleep

NOW = datetime(2026, 1, 1, tzinfo=UTC)
PARIS = timezone(timedelta(hours=2))
DAY = datetime(2024, 6, 2, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("table", "model"),
    [(DAILY, TerraDailyFields), (SLEEP, TerraSleepFields), (ACTIVITY, TerraActivityFields),
     (MEASUREMENT, TerraBodyFields)],
)  # fmt: skip
def test_every_mapped_field_is_a_seed_field(table, model):
    assert set(table) <= set(model.model_fields)


class TestDaily:
    def test_every_block_of_the_day(self):
        fields = parse_terra_daily(terra_daily(DAY)).seed_fields
        assert fields.start_time == datetime(2024, 6, 1, 22, tzinfo=UTC)
        assert fields.end_time == datetime(2024, 6, 2, 22, tzinfo=UTC)
        assert (fields.activity_seconds, fields.inactivity_seconds, fields.rest_seconds) == (
            5460, 41_220, 27_900)  # fmt: skip
        assert (
            fields.low_intensity_seconds,
            fields.moderate_intensity_seconds,
            fields.vigorous_intensity_seconds,
        ) == (3120, 1500, 840)
        assert (fields.standing_hours_count, fields.standing_seconds) == (11, 18_000)
        assert fields.num_inactive_periods == 4
        assert (fields.total_distance_meters, fields.floors_climbed) == (11_842.5, 9)
        assert fields.elevation_gain_meters == 86
        assert (fields.net_activity_calories, fields.bmr_calories) == (1012, 1878.5)
        assert fields.net_intake_calories is None
        assert (fields.avg_heart_rate_bpm, fields.max_heart_rate_bpm) == (68.4, 171)
        assert (fields.min_heart_rate_bpm, fields.avg_hrv_sdnn) == (44, 71.5)
        assert (fields.avg_oxygen_saturation, fields.vo_2_max_ml_per_min_per_kg) == (96.5, 54)
        assert (fields.avg_met_level, fields.high_intensity_minutes) == (1.6, 14)
        assert (fields.moderate_intensity_minutes, fields.low_intensity_minutes) == (25, 52)
        assert fields.inactive_minutes == 687
        assert fields.strain_level == 13.2
        assert (fields.max_stress_level, fields.stress_rating) == (88, 2)
        assert (fields.low_stress_seconds, fields.medium_stress_seconds) == (14_400, 5_400)
        assert (fields.high_stress_seconds, fields.rest_stress_seconds) == (1_200, 25_200)
        assert (fields.activity_score, fields.recovery_score, fields.sleep_score) == (85, 72, 79)
        assert (fields.readiness_score, fields.cardiovascular_score) == (68, 81)
        assert fields.respiratory_score == 90

    def test_body_battery_from_its_samples(self):
        fields = parse_terra_daily(terra_daily(DAY)).seed_fields
        # The samples are not in time order: the current level is the latest one's (21:00).
        assert (fields.body_battery_high, fields.body_battery_low) == (92, 24)
        assert fields.body_battery_current == 24

    def test_what_terra_does_not_send_stays_empty(self):
        fields = parse_terra_daily(terra_daily(DAY)).seed_fields
        # Training loads and the activity and sleep summaries are Cadence's, not Terra's.
        for name in ("acute_training_load", "chronic_training_load", "training_stress_balance",
                     "activity_count", "run_count", "sleep_duration_seconds", "sleep_efficiency"):  # fmt: skip
            assert getattr(fields, name) is None

    def test_a_saturation_over_100_percent_is_refused(self):
        payload = terra_daily(DAY)
        payload["oxygen_data"]["avg_saturation_percentage"] = 960
        with pytest.raises(ImplausibleValueError, match=r"'oxygen_data\.avg_saturation"):
            parse_terra_daily(payload)

    def test_a_negative_duration_is_refused(self):
        payload = terra_daily(DAY)
        payload["stress_data"]["high_stress_duration_seconds"] = -5
        with pytest.raises(ImplausibleValueError) as caught:
            parse_terra_daily(payload)
        assert caught.value.field == "stress_data.high_stress_duration_seconds"

    def test_a_body_battery_level_as_text_is_named(self):
        payload = terra_daily(DAY)
        payload["stress_data"]["body_battery_samples"][1]["level"] = "high"
        with pytest.raises(InvalidFieldError, match=r"body_battery_samples\[1\]\.level"):
            parse_terra_daily(payload)

    def test_a_series_past_the_cap_is_refused(self):
        payload = terra_daily(DAY)
        sample = {"timestamp": DAY.isoformat(), "level": 50}
        payload["stress_data"]["body_battery_samples"] = [sample] * 100_001
        with pytest.raises(FileTooLargeError, match="body_battery_samples"):
            parse_terra_daily(payload)


class TestSleep:
    def test_every_block_of_the_night(self):
        fields = parse_terra_sleep(terra_sleep(DAY - timedelta(minutes=50)), now=NOW).seed_fields
        assert (fields.is_nap, fields.upload_type) == (False, "automatic")
        assert fields.num_rem_events == 5
        assert fields.awake_interruption_seconds == 420 + 900
        assert (fields.num_wakeup_events, fields.num_out_of_bed_events) == (3, 1)
        assert (fields.sleep_latency_seconds, fields.wake_up_latency_seconds) == (780, 300)
        assert (fields.in_bed_seconds, fields.unmeasurable_sleep_seconds) == (27_000, 120)
        assert (fields.avg_heart_rate_bpm, fields.min_heart_rate_bpm) == (52.3, 45)
        assert (fields.max_heart_rate_bpm, fields.avg_hrv_sdnn) == (71, 75)
        assert (fields.avg_breaths_per_min, fields.min_breaths_per_min) == (14.2, 11.5)
        assert (fields.max_breaths_per_min, fields.avg_oxygen_saturation) == (18, 95.5)
        assert (fields.num_snoring_events, fields.total_snoring_seconds) == (6, 840)
        assert (fields.readiness_score, fields.recovery_level) == (77, "good")
        assert fields.temperature_delta == -0.3
        assert (fields.device_manufacturer, fields.device_name) == ("Oura", "Oura Ring Gen3")

    def test_series_are_kept_as_the_seeds_json(self):
        fell_asleep = DAY - timedelta(minutes=50)
        fields = parse_terra_sleep(terra_sleep(fell_asleep), now=NOW).seed_fields
        assert [item["level"] for item in json.loads(fields.hypnogram_samples)] == [1, 4, 5]
        assert json.loads(fields.heart_rate_samples) == [
            {"timestamp": (fell_asleep + timedelta(minutes=5)).isoformat(), "bpm": 58},
            {"timestamp": (fell_asleep + timedelta(minutes=10)).isoformat(), "bpm": 54},
        ]
        assert [item["hrv_rmssd"] for item in json.loads(fields.hrv_samples)] == [61]
        contributors = json.loads(fields.sleep_contributors)
        assert contributors[0] == {"contributor_name": "deep_sleep", "contributor_score": 92}

    def test_runner_kept_fields_stay_empty(self):
        fields = parse_terra_sleep(terra_sleep(DAY), now=NOW).seed_fields
        assert (fields.user_notes, fields.quality_rating, fields.disturbance_factors) == (
            None, None, [])  # fmt: skip

    def test_an_unknown_recovery_level_stays_empty(self):
        payload = terra_sleep(DAY)
        payload["readiness_data"]["recovery_level"] = 0
        assert parse_terra_sleep(payload, now=NOW).seed_fields.recovery_level is None

    def test_a_night_heart_rate_of_400_is_refused(self):
        payload = terra_sleep(DAY)
        payload["heart_rate_data"]["summary"]["max_hr_bpm"] = 400
        with pytest.raises(ImplausibleValueError, match=r"max_hr_bpm' is 400 bpm"):
            parse_terra_sleep(payload, now=NOW)

    def test_is_nap_must_be_true_or_false(self):
        payload = terra_sleep(DAY)
        payload["metadata"]["is_nap"] = "no"
        with pytest.raises(InvalidFieldError, match=r"'metadata\.is_nap'"):
            parse_terra_sleep(payload, now=NOW)


class TestBody:
    def test_composition_pressure_glucose_temperature_water(self):
        body = parse_terra_body(terra_body(datetime(2024, 6, 2, tzinfo=UTC)), now=NOW)
        fields = body.seed_fields
        assert (body.weight_kg, body.body_fat_pct) == (64.9, 14.1)
        assert fields.measurement_type == "body_composition"
        # Terra sends masses in grams: the seed keeps kilograms.
        assert (fields.muscle_mass_kg, fields.bone_mass_kg) == (52.3, 2.9)
        assert (fields.water_percentage, fields.bmi) == (58.2, 21.2)
        assert (fields.systolic_mm_hg, fields.diastolic_mm_hg) == (121, 79)
        assert fields.blood_glucose_mg_per_dl == 141
        assert (fields.glucose_flag, fields.glucose_trend_arrow) == ("high", "rising")
        assert fields.body_temperature_celsius == 36.6
        assert fields.skin_temperature_celsius == 33.8
        assert fields.water_consumption_ml == 2300
        for name in ("visceral_fat", "metabolic_age", "pulse_bpm"):
            assert getattr(fields, name) is None

    def test_a_mass_in_kilograms_is_taken_as_it_is(self):
        payload = terra_body(datetime(2024, 6, 2, tzinfo=UTC))
        measurement = payload["measurements_data"]["measurements"][1]
        del measurement["muscle_mass_g"]
        measurement["muscle_mass_kg"] = 51.8
        assert parse_terra_body(payload, now=NOW).seed_fields.muscle_mass_kg == 51.8

    def test_blood_pressure_alone_is_a_blood_pressure_record(self):
        payload = terra_body(datetime(2024, 6, 2, tzinfo=UTC))
        kept = {"metadata", "blood_pressure_data"}
        payload = {key: value for key, value in payload.items() if key in kept}
        body = parse_terra_body(payload, now=NOW)
        assert body.weight_kg is None
        assert body.seed_fields.measurement_type == "blood_pressure"
        assert body.seed_fields.systolic_mm_hg == 121

    def test_a_temperature_in_fahrenheit_is_refused(self):
        payload = terra_body(datetime(2024, 6, 2, tzinfo=UTC))
        payload["temperature_data"]["body_temperature_samples"][0]["temperature_celsius"] = 97.9
        with pytest.raises(ImplausibleValueError, match=r"body_temperature_samples' is 97\.9"):
            parse_terra_body(payload, now=NOW)


class TestActivity:
    def test_every_block_of_the_run(self):
        activity = parse_terra_activity(terra_run(DAY + timedelta(hours=7)), now=NOW)
        fields = activity.seed_fields
        assert (fields.upload_type, fields.city, fields.country) == ("automatic", "Lyon", "France")
        assert fields.timestamp_localization == 0
        assert (fields.steps, fields.floors_climbed) == (9_020, 3)
        assert (fields.elevation_avg_meters, fields.elevation_max_meters) == (182.5, 214)
        assert fields.elevation_min_meters == 161
        assert (fields.swim_laps, fields.swim_strokes, fields.pool_length_meters) == (
            None, None, None)  # fmt: skip
        assert (fields.normalized_speed_meters_per_second, fields.max_cadence_rpm) == (3.45, 94)
        assert (fields.min_heart_rate_bpm, fields.resting_heart_rate_bpm) == (96, 48)
        assert fields.user_max_heart_rate_bpm == 188
        assert (fields.avg_hrv_rmssd, fields.avg_hrv_sdnn) == (21.5, 30)
        zones = [getattr(fields, f"hr_zone{zone}_seconds") for zone in range(6)]
        assert zones == [None, 420, 2160, 660, None, None]
        assert (fields.net_activity_calories, fields.bmr_calories) == (621, 81)
        assert (fields.energy_kilojoules, fields.work_kilojoules) == (2937.2, 818.4)
        assert (fields.avg_watts, fields.max_watts, fields.normalized_power_watts) == (
            248, 412, 255)  # fmt: skip
        assert fields.intensity_factor == 0.88
        assert (fields.avg_oxygen_saturation, fields.vo2_max_ml_per_min_per_kg) == (97, 55)
        assert (fields.strain_level, fields.avg_met_level) == (11.4, 10.8)
        assert (fields.high_intensity_minutes, fields.moderate_intensity_minutes) == (9, 40)
        assert (fields.activity_seconds, fields.rest_seconds) == (3240, 60)
        assert (fields.moderate_intensity_seconds, fields.vigorous_intensity_seconds) == (
            2400, 540)  # fmt: skip
        assert (fields.start_latitude, fields.start_longitude) == (45.7578, 4.832)
        assert (fields.end_latitude, fields.end_longitude) == (45.7602, 4.8411)
        assert fields.summary_polyline == "u{~vFvyys@fS]"
        assert (fields.device_manufacturer, fields.device_software_version) == (
            "Garmin", "19.18")  # fmt: skip
        for name in ("functional_threshold_power", "suffer_score", "perceived_exertion",
                     "user_rating", "session_type_confidence"):  # fmt: skip
            assert getattr(fields, name) is None

    def test_the_detailed_series_become_one_chart_track(self):
        activity = parse_terra_activity(terra_run(DAY + timedelta(hours=7)), now=NOW)
        samples = [
            (s.offset_s, s.distance_m, s.hr, s.elevation_m, s.cadence_spm, s.pace_s_per_km)
            for s in activity.samples
        ]
        assert [(s.lat, s.lng, s.power_w) for s in activity.samples] == [
            (45.7578, 4.832, None), (None, None, 251), (None, None, None)]  # fmt: skip
        # Cadence per leg (rpm) becomes steps per minute; pace is over each 10 minutes.
        assert samples == [
            (0, 0, 118, 170, 160, None),
            (600, 2000, 139, 181.5, 166, 300),
            (1200, 4050, 146, 176, None, pytest.approx(600 / 2.05, abs=0.1)),
        ]

    def test_a_heart_rate_sample_of_300_is_refused(self):
        payload = terra_run(DAY + timedelta(hours=7))
        payload["heart_rate_data"]["detailed"]["hr_samples"][1]["bpm"] = 300
        with pytest.raises(ImplausibleValueError, match=r"hr_samples\[1\]\.bpm' is 300 bpm"):
            parse_terra_activity(payload, now=NOW)

    def test_a_latitude_past_the_pole_is_refused(self):
        payload = terra_run(DAY + timedelta(hours=7))
        payload["position_data"]["start_pos_lat_lng_deg"] = [95.2, 4.8]
        with pytest.raises(ImplausibleValueError, match=r"start_pos_lat_lng_deg\[0\]' is 95.2"):
            parse_terra_activity(payload, now=NOW)

    def test_a_position_that_is_not_a_pair_is_named(self):
        payload = terra_run(DAY + timedelta(hours=7))
        payload["position_data"]["end_pos_lat_lng_deg"] = "45.76,4.84"
        with pytest.raises(InvalidFieldError, match=r"'position_data\.end_pos_lat_lng_deg'"):
            parse_terra_activity(payload, now=NOW)

    def test_an_unknown_upload_type_stays_empty(self):
        payload = copy.deepcopy(terra_run(DAY + timedelta(hours=7)))
        payload["metadata"]["upload_type"] = 0
        assert parse_terra_activity(payload, now=NOW).seed_fields.upload_type is None
