"""Strava, Terra and manual payloads become the activities, sleep, days and bodies users see."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import pytest

from app.tracking.parsed import (
    ActivitySource,
    ActivityType,
    ImplausibleValueError,
    InvalidFieldError,
    MissingFieldError,
    NoDataError,
    canonical_json_hash,
)
from app.tracking.parsers_payloads import (
    parse_manual,
    parse_strava_activities,
    parse_strava_activity,
    strava_timezone,
)
from app.tracking.parsers_terra import (
    parse_terra_activity,
    parse_terra_body,
    parse_terra_daily,
    parse_terra_sleep,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)

STRAVA_RUN = {
    "id": 12345678987654321,
    "name": "Tempo Tuesday",
    "distance": 12030.4,
    "moving_time": 3210,
    "elapsed_time": 3395,
    "total_elevation_gain": 84.2,
    "type": "Run",
    "sport_type": "Run",
    "start_date": "2024-03-19T23:15:00Z",
    "start_date_local": "2024-03-19T16:15:00Z",
    "timezone": "(GMT-08:00) America/Los_Angeles",
    "trainer": False,
    "manual": False,
    "average_speed": 3.748,
    "max_speed": 5.1,
    "average_cadence": 86.5,
    "has_heartrate": True,
    "average_heartrate": 152.4,
    "max_heartrate": 176.0,
    "calories": 812.0,
    "device_name": "Garmin Forerunner 265",
    "laps": [
        {"start_date": "2024-03-19T23:15:00Z", "elapsed_time": 620, "moving_time": 600,
         "distance": 2000.0, "average_heartrate": 138.0, "lap_index": 1},
        {"start_date": "2024-03-19T23:25:20Z", "elapsed_time": 2775, "moving_time": 2610,
         "distance": 10030.4, "average_heartrate": 155.1, "lap_index": 2},
    ],
    "splits_metric": [
        {"distance": 1000.4, "elapsed_time": 301, "elevation_difference": 3.2, "moving_time": 300,
         "split": 1, "average_speed": 3.33, "average_heartrate": 135.0, "pace_zone": 2},
        {"distance": 999.8, "elapsed_time": 266, "elevation_difference": -1.0, "moving_time": 266,
         "split": 2, "average_speed": 3.76, "average_heartrate": 150.2, "pace_zone": 3},
    ],
}  # fmt: skip


def strava(**changes):
    payload = copy.deepcopy(STRAVA_RUN)
    payload.update(changes)
    return payload


class TestStravaActivity:
    def test_reads_the_summary_a_runner_sees(self):
        activity = parse_strava_activity(STRAVA_RUN, now=NOW)
        assert activity.source is ActivitySource.STRAVA
        assert activity.external_id == "12345678987654321"
        assert activity.activity_type is ActivityType.RUN
        assert activity.name == "Tempo Tuesday"
        assert activity.distance_m == 12030.4
        assert activity.moving_time_s == 3210
        assert activity.elapsed_time_s == 3395
        assert activity.avg_pace_s_per_km == pytest.approx(3210 / 12.0304)
        assert activity.avg_hr == 152.4
        assert activity.calories == 812
        assert activity.device_name == "Garmin Forerunner 265"

    def test_running_cadence_is_doubled_to_steps_per_minute(self):
        assert parse_strava_activity(STRAVA_RUN, now=NOW).avg_cadence_spm == 173.0

    def test_ride_cadence_is_not_steps(self):
        ride = strava(sport_type="Ride", type="Ride", distance=30000.0)
        assert parse_strava_activity(ride, now=NOW).avg_cadence_spm is None

    def test_the_local_date_is_the_wall_clock_day_not_the_utc_day(self):
        activity = parse_strava_activity(STRAVA_RUN, now=NOW)
        assert activity.start_time == datetime(2024, 3, 19, 23, 15, tzinfo=UTC)
        assert activity.local_date == "2024-03-19"
        assert activity.timezone == "America/Los_Angeles"

    def test_laps_and_kilometre_splits(self):
        activity = parse_strava_activity(STRAVA_RUN, now=NOW)
        assert [lap.distance_m for lap in activity.laps] == [2000.0, 10030.4]
        assert activity.laps[0].avg_pace_s_per_km == 300
        assert [split.index for split in activity.splits] == [1, 2]
        assert activity.splits[1].avg_pace_s_per_km == pytest.approx(266 / 0.9998)
        assert activity.splits[0].elevation_change_m == 3.2

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"sport_type": "TrailRun"}, ActivityType.TRAIL_RUN),
            ({"sport_type": "VirtualRun"}, ActivityType.TREADMILL_RUN),
            ({"trainer": True}, ActivityType.TREADMILL_RUN),
            ({"sport_type": "Hike"}, ActivityType.HIKE),
            ({"sport_type": "GravelRide"}, ActivityType.RIDE),
            ({"sport_type": "WeightTraining"}, ActivityType.STRENGTH),
            ({"sport_type": "Kitesurf"}, ActivityType.OTHER),
            ({"sport_type": None, "type": "Walk"}, ActivityType.WALK),
        ],
    )
    def test_sport_types(self, changes, expected):
        assert parse_strava_activity(strava(**changes), now=NOW).activity_type is expected

    def test_a_summary_activity_without_laps_or_calories(self):
        summary = {
            k: v for k, v in STRAVA_RUN.items() if k not in {"laps", "splits_metric", "calories"}
        }
        activity = parse_strava_activity(summary, now=NOW)
        assert activity.laps == []
        assert activity.calories is None

    def test_the_hash_ignores_key_order(self):
        reordered = json.loads(
            json.dumps(STRAVA_RUN), object_pairs_hook=lambda p: dict(reversed(p))
        )
        assert parse_strava_activity(reordered, now=NOW).content_hash == canonical_json_hash(
            STRAVA_RUN
        )

    @pytest.mark.parametrize("missing", ["id", "start_date", "elapsed_time"])
    def test_a_missing_required_field_is_named(self, missing):
        payload = strava()
        del payload[missing]
        with pytest.raises(MissingFieldError, match=f"no '{missing}'") as caught:
            parse_strava_activity(payload, now=NOW)
        assert caught.value.field == missing

    def test_a_distance_sent_as_text(self):
        with pytest.raises(InvalidFieldError, match=r"'distance' is '12\.0 km'; expected a number"):
            parse_strava_activity(strava(distance="12.0 km"), now=NOW)

    def test_a_start_date_without_offset(self):
        with pytest.raises(InvalidFieldError, match="has no UTC offset"):
            parse_strava_activity(strava(start_date="2024-03-19T23:15:00"), now=NOW)


class TestStravaList:
    def test_a_bad_item_is_rejected_and_the_rest_kept(self):
        bad = strava(id=99, distance=-5.0)
        batch = parse_strava_activities([STRAVA_RUN, bad, "oops"], now=NOW)
        assert [a.external_id for a in batch.activities] == ["12345678987654321"]
        assert [(r.index, r.external_id) for r in batch.rejected] == [(1, "99"), (2, None)]
        assert isinstance(batch.rejected[0].error, ImplausibleValueError)
        assert "cannot be negative" in str(batch.rejected[0].error)


class TestStravaTimezone:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("(GMT-08:00) America/Los_Angeles", "America/Los_Angeles"),
            ("(GMT+01:00) Europe/Paris", "Europe/Paris"),
            ("Europe/Paris", "Europe/Paris"),
            ("", None),
            (None, None),
        ],
    )
    def test_takes_the_iana_name(self, value, expected):
        assert strava_timezone(value) == expected


TERRA_RUN = {
    "metadata": {
        "start_time": "2024-06-02T07:05:00.000000+02:00",
        "end_time": "2024-06-02T08:00:00.000000+02:00",
        "type": 8,
        "name": "Sunday long run",
        "summary_id": "terra-7f3a",
        "upload_type": 1,
    },
    "distance_data": {
        "summary": {"distance_meters": 11020.0, "elevation": {"gain_actual_meters": 64.0}}
    },
    "heart_rate_data": {"summary": {"avg_hr_bpm": 141, "max_hr_bpm": 163}},
    "active_durations_data": {"activity_seconds": 3240},
    "movement_data": {"avg_speed_meters_per_second": 3.4, "avg_cadence_rpm": 82},
    "calories_data": {"total_burned_calories": 702},
    "device_data": {"name": "Polar Pacer Pro"},
    "lap_data": {
        "laps": [
            {"start_time": "2024-06-02T07:05:00+02:00", "distance_meters": 5500.0},
            {"start_time": "2024-06-02T07:32:30+02:00", "distance_meters": 5520.0},
        ]
    },
}


class TestTerraActivity:
    def test_reads_terras_unified_fields(self):
        activity = parse_terra_activity(TERRA_RUN, now=NOW)
        assert activity.source is ActivitySource.TERRA
        assert activity.external_id == "terra-7f3a"
        assert activity.activity_type is ActivityType.RUN
        assert activity.start_time == datetime(2024, 6, 2, 5, 5, tzinfo=UTC)
        assert activity.local_date == "2024-06-02"
        assert activity.elapsed_time_s == 3300
        assert activity.moving_time_s == 3240
        assert activity.distance_m == 11020
        assert activity.elevation_gain_m == 64
        assert (activity.avg_hr, activity.max_hr) == (141, 163)
        assert activity.avg_cadence_spm == 164
        assert activity.calories == 702
        assert activity.device_name == "Polar Pacer Pro"

    def test_a_lap_lasts_until_the_next_one_starts(self):
        laps = parse_terra_activity(TERRA_RUN, now=NOW).laps
        assert [lap.elapsed_time_s for lap in laps] == [1650, 1650]
        assert laps[0].avg_pace_s_per_km == pytest.approx(1650 / 5.5)

    @pytest.mark.parametrize(
        ("code", "expected"),
        [(58, ActivityType.TREADMILL_RUN), (35, ActivityType.HIKE), (16, ActivityType.RIDE),
         (80, ActivityType.STRENGTH), (100, ActivityType.OTHER), (None, ActivityType.OTHER)],
    )  # fmt: skip
    def test_activity_type_codes(self, code, expected):
        payload = copy.deepcopy(TERRA_RUN)
        payload["metadata"]["type"] = code
        assert parse_terra_activity(payload, now=NOW).activity_type is expected

    def test_without_a_summary_id_the_hash_identifies_it(self):
        payload = copy.deepcopy(TERRA_RUN)
        del payload["metadata"]["summary_id"]
        activity = parse_terra_activity(payload, now=NOW)
        assert activity.external_id == activity.content_hash == canonical_json_hash(payload)

    def test_a_missing_end_time_is_named(self):
        payload = copy.deepcopy(TERRA_RUN)
        del payload["metadata"]["end_time"]
        with pytest.raises(MissingFieldError, match=r"'metadata\.end_time'"):
            parse_terra_activity(payload, now=NOW)


TERRA_SLEEP = {
    "metadata": {
        "start_time": "2024-06-01T23:10:00+02:00",
        "end_time": "2024-06-02T06:40:00+02:00",
    },
    "sleep_durations_data": {
        "asleep": {
            "duration_asleep_state_seconds": 24600,
            "duration_light_sleep_state_seconds": 13200,
            "duration_deep_sleep_state_seconds": 5400,
            "duration_REM_sleep_state_seconds": 6000,
        },
        "awake": {"duration_awake_state_seconds": 2400},
        "other": {"duration_in_bed_seconds": 27000},
        "sleep_efficiency": 0.91,
    },
    "heart_rate_data": {"summary": {"avg_hrv_rmssd": 62.5, "resting_hr_bpm": 48}},
    "data_enrichment": {"sleep_score": 84},
}


class TestTerraSleep:
    def test_stages_efficiency_score_and_night_heart(self):
        sleep = parse_terra_sleep(TERRA_SLEEP, now=NOW)
        assert (sleep.light_s, sleep.deep_s, sleep.rem_s, sleep.awake_s) == (
            13200,
            5400,
            6000,
            2400,
        )
        assert sleep.asleep_s == 24600
        assert sleep.in_bed_s == 27000
        assert sleep.efficiency_pct == pytest.approx(91)
        assert sleep.score == 84
        assert sleep.avg_hrv_rmssd_ms == 62.5
        assert sleep.resting_hr == 48

    def test_the_night_belongs_to_the_day_of_waking(self):
        assert parse_terra_sleep(TERRA_SLEEP, now=NOW).local_date == "2024-06-02"

    def test_a_percentage_efficiency_stays_a_percentage(self):
        payload = copy.deepcopy(TERRA_SLEEP)
        payload["sleep_durations_data"]["sleep_efficiency"] = 88
        assert parse_terra_sleep(payload, now=NOW).efficiency_pct == 88

    def test_waking_before_falling_asleep_is_refused(self):
        payload = copy.deepcopy(TERRA_SLEEP)
        payload["metadata"]["end_time"] = "2024-06-01T22:00:00+02:00"
        with pytest.raises(ImplausibleValueError, match=r"end_time .* is not after start_time"):
            parse_terra_sleep(payload, now=NOW)


TERRA_DAY = {
    "metadata": {
        "start_time": "2024-06-02T00:00:00+02:00",
        "end_time": "2024-06-03T00:00:00+02:00",
    },
    "distance_data": {"steps": 14210},
    "heart_rate_data": {"summary": {"resting_hr_bpm": 47, "avg_hrv_rmssd": 58.0}},
    "calories_data": {"total_burned_calories": 2890.5},
    "stress_data": {"avg_stress_level": 31},
}


class TestTerraDaily:
    def test_one_day_of_totals(self):
        day = parse_terra_daily(TERRA_DAY)
        assert day.local_date == day.external_id == "2024-06-02"
        assert day.steps == 14210
        assert (day.resting_hr, day.hrv_rmssd_ms) == (47, 58)
        assert day.calories == 2890.5
        assert day.avg_stress == 31

    def test_a_resting_heart_rate_of_300_is_refused(self):
        payload = copy.deepcopy(TERRA_DAY)
        payload["heart_rate_data"]["summary"]["resting_hr_bpm"] = 300
        with pytest.raises(ImplausibleValueError, match="resting_hr is 300 bpm"):
            parse_terra_daily(payload)


TERRA_BODY = {
    "metadata": {
        "start_time": "2024-06-02T00:00:00+00:00",
        "end_time": "2024-06-03T00:00:00+00:00",
    },
    "measurements_data": {
        "measurements": [
            {"measurement_time": "2024-06-02T06:50:00+00:00", "weight_kg": 64.2},
            {"measurement_time": "2024-06-02T21:10:00+00:00", "weight_kg": 64.9,
             "bodyfat_percentage": 14.1},
            {"measurement_time": "2024-06-02T22:00:00+00:00", "height_cm": 176},
        ]
    },
    "heart_data": {"heart_rate_data": {"summary": {"resting_hr_bpm": 46, "avg_hrv_rmssd": 61}}},
}  # fmt: skip


class TestTerraBody:
    def test_takes_the_latest_weighing(self):
        body = parse_terra_body(TERRA_BODY, now=NOW)
        assert body.time == datetime(2024, 6, 2, 21, 10, tzinfo=UTC)
        assert (body.weight_kg, body.body_fat_pct) == (64.9, 14.1)
        assert (body.resting_hr, body.hrv_rmssd_ms) == (46, 61)

    def test_a_weight_in_pounds_is_refused(self):
        payload = copy.deepcopy(TERRA_BODY)
        payload["measurements_data"]["measurements"][1]["weight_kg"] = 412.0
        with pytest.raises(ImplausibleValueError, match="was the scale set to pounds"):
            parse_terra_body(payload, now=NOW)

    def test_a_payload_with_nothing_to_keep(self):
        payload = {"metadata": TERRA_BODY["metadata"], "measurements_data": {"measurements": []}}
        with pytest.raises(NoDataError, match="no weight, body fat"):
            parse_terra_body(payload, now=NOW)


class TestManualEntry:
    def test_a_local_start_time_is_read_in_the_runners_timezone(self):
        activity = parse_manual(
            {"activity_type": "run", "start_time": "2024-05-01T07:00:00",
             "timezone": "Europe/Paris", "elapsed_time_s": 1800, "distance_m": 5000},
            now=NOW,
        )  # fmt: skip
        assert activity.source is ActivitySource.MANUAL
        assert activity.start_time == datetime(2024, 5, 1, 5, 0, tzinfo=UTC)
        assert activity.local_date == "2024-05-01"
        assert activity.avg_pace_s_per_km == 360

    def test_the_same_entry_twice_has_the_same_external_id(self):
        fields = {"activity_type": "strength", "start_time": "2024-05-01T18:00:00+00:00",
                  "elapsed_time_s": 2700}  # fmt: skip
        assert (
            parse_manual(fields, now=NOW).external_id
            == parse_manual(dict(fields), now=NOW).external_id
        )

    def test_an_unknown_field_gets_a_hint(self):
        with pytest.raises(InvalidFieldError, match=r"'distance_km' \(did you mean distance_m"):
            parse_manual({"activity_type": "run", "distance_km": 5}, now=NOW)

    def test_an_unknown_activity_type_lists_the_choices(self):
        with pytest.raises(InvalidFieldError, match="choose one of run, trail_run"):
            parse_manual({"activity_type": "jogging", "start_time": "2024-05-01T07:00:00Z",
                          "elapsed_time_s": 60}, now=NOW)  # fmt: skip

    def test_a_made_up_timezone(self):
        with pytest.raises(
            InvalidFieldError, match="'timezone' is 'Mars/Olympus', not an IANA time zone"
        ):
            parse_manual({"activity_type": "run", "start_time": "2024-05-01T07:00:00",
                          "timezone": "Mars/Olympus", "elapsed_time_s": 60}, now=NOW)  # fmt: skip

    def test_a_naive_time_without_timezone(self):
        with pytest.raises(InvalidFieldError, match="add one or give a timezone"):
            parse_manual({"activity_type": "run", "start_time": "2024-05-01T07:00:00",
                          "elapsed_time_s": 60}, now=NOW)  # fmt: skip

    def test_the_duration_is_required(self):
        with pytest.raises(MissingFieldError, match="'elapsed_time_s'"):
            parse_manual({"activity_type": "run", "start_time": "2024-05-01T07:00:00Z"}, now=NOW)
