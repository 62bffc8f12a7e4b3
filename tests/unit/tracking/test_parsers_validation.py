"""The plausibility rules every parsed activity passes, and the errors that name what to fix."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.tracking import parsed
from app.tracking.parsed import (
    MENS_WORLD_RECORDS_S,
    ActivitySource,
    ActivityType,
    CorruptFileError,
    EmptyFileError,
    ImplausibleValueError,
    InvalidFieldError,
    MislabelledFileError,
    MissingFieldError,
    NoDataError,
    ParsedActivity,
    ParseError,
    UnsupportedFormatError,
    make_activity,
    record_pace_limit_s_per_km,
    steps_per_minute,
)

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
START = datetime(2025, 6, 1, 7, 0, tzinfo=UTC)


def activity(**changes) -> ParsedActivity:
    fields = {
        "source": ActivitySource.MANUAL,
        "external_id": "x",
        "activity_type": ActivityType.RUN,
        "start_time": START,
        "elapsed_time_s": 3000.0,
        "distance_m": 10000.0,
        "content_hash": "0" * 64,
    }
    fields.update(changes)
    return make_activity(fields, NOW)


class TestErrorFamily:
    @pytest.mark.parametrize(
        "error",
        [
            EmptyFileError,
            CorruptFileError,
            MislabelledFileError,
            UnsupportedFormatError,
            NoDataError,
            MissingFieldError,
            InvalidFieldError,
            ImplausibleValueError,
        ],
    )
    def test_every_error_is_a_parse_error_and_a_value_error(self, error):
        assert issubclass(error, ParseError)
        assert issubclass(error, ValueError)

    def test_an_error_carries_the_field_it_is_about(self):
        with pytest.raises(ImplausibleValueError) as caught:
            activity(avg_hr=260.0)
        assert caught.value.field == "avg_hr"


class TestHeartRate:
    @given(st.floats(min_value=20, max_value=250))
    def test_a_human_heart_rate_passes(self, bpm):
        assert activity(avg_hr=bpm, max_hr=bpm).avg_hr == bpm

    @given(st.one_of(st.floats(0, 19.99), st.floats(250.01, 1000)))
    def test_outside_20_to_250_bpm_is_refused(self, bpm):
        with pytest.raises(ImplausibleValueError, match="between 20 and 250 bpm"):
            activity(max_hr=bpm)

    def test_a_lap_heart_rate_is_checked_too(self):
        lap = {"index": 2, "start_time": START, "elapsed_time_s": 60.0, "avg_hr": 12.0}
        with pytest.raises(ImplausibleValueError, match=r"laps\[2\].avg_hr is 12 bpm"):
            activity(laps=[lap])


class TestWorldRecordPace:
    def test_the_limits_follow_the_record_table(self):
        assert record_pace_limit_s_per_km(1499) is None
        assert record_pace_limit_s_per_km(1500) == pytest.approx(206.0 / 1.5)
        assert record_pace_limit_s_per_km(9999) == pytest.approx(755.36 / 5)
        assert record_pace_limit_s_per_km(42195) == pytest.approx(7235 / 42.195)
        assert record_pace_limit_s_per_km(100000) == pytest.approx(7235 / 42.195)

    @pytest.mark.parametrize(("distance_m", "record_s"), MENS_WORLD_RECORDS_S)
    def test_the_record_itself_passes_and_one_percent_faster_does_not(self, distance_m, record_s):
        assert activity(distance_m=distance_m, elapsed_time_s=record_s).distance_m == distance_m
        with pytest.raises(ImplausibleValueError, match="faster than the men's world-record"):
            activity(distance_m=distance_m, elapsed_time_s=record_s * 0.99)

    def test_a_5k_in_12_minutes_names_both_paces(self):
        with pytest.raises(ImplausibleValueError, match=r"2:24 /km.*\(2:31 /km\).*miles or km"):
            activity(distance_m=5000.0, elapsed_time_s=720.0)

    def test_a_fast_short_sprint_is_not_judged(self):
        assert activity(distance_m=1000.0, elapsed_time_s=120.0).avg_pace_s_per_km == 120

    @pytest.mark.parametrize("kind", [ActivityType.RIDE, ActivityType.OTHER])
    def test_other_sports_may_go_faster(self, kind):
        assert activity(activity_type=kind, elapsed_time_s=900.0).activity_type is kind


class TestSpeedOfEverySport:
    @pytest.mark.parametrize(
        ("kind", "distance_m", "elapsed_s"),
        [
            (ActivityType.OTHER, 3_336_000.0, 1000.0),  # the 3,336 m/s
            (ActivityType.STRENGTH, 100_000.0, 1000.0),
            (ActivityType.RIDE, 40_000.0, 1000.0),
            (ActivityType.WALK, 10_000.0, 900.0),
            (ActivityType.SWIM, 3_000.0, 600.0),
            (ActivityType.RUN, 1_000.0, 90.0),  # below the record table's 1.5 km
        ],
    )
    def test_an_average_speed_no_one_reaches_is_refused(self, kind, distance_m, elapsed_s):
        with pytest.raises(ImplausibleValueError, match=f"m/s on average.*in {kind.value}"):
            activity(activity_type=kind, distance_m=distance_m, elapsed_time_s=elapsed_s)

    def test_a_top_speed_no_one_reaches_is_refused(self):
        with pytest.raises(ImplausibleValueError, match=r"max_speed_m_s is 60\.0 m/s"):
            activity(activity_type=ActivityType.RIDE, max_speed_m_s=60.0)

    @pytest.mark.parametrize(
        ("kind", "distance_m", "elapsed_s"),
        [
            (ActivityType.RIDE, 180_000.0, 4 * 3600.0),  # a fast road race
            (ActivityType.WALK, 20_000.0, 4800.0),  # race walking
            (ActivityType.SWIM, 1_500.0, 900.0),
            (ActivityType.OTHER, 50_000.0, 3600.0),  # downhill skiing
        ],
    )
    def test_fast_real_activities_pass(self, kind, distance_m, elapsed_s):
        assert activity(activity_type=kind, distance_m=distance_m, elapsed_time_s=elapsed_s)

    @given(
        distance_m=st.floats(1500, 200_000),
        pace_s_per_km=st.floats(60, 600),
    )
    def test_a_run_passes_exactly_when_slower_than_the_limit(self, distance_m, pace_s_per_km):
        elapsed_s = pace_s_per_km * distance_m / 1000
        limit = record_pace_limit_s_per_km(distance_m)
        assert limit is not None
        if elapsed_s / distance_m * 1000 >= limit:
            assert activity(distance_m=distance_m, elapsed_time_s=elapsed_s)
        else:
            with pytest.raises(ImplausibleValueError):
                activity(distance_m=distance_m, elapsed_time_s=elapsed_s)


class TestTime:
    def test_an_activity_ending_after_now_is_refused(self):
        with pytest.raises(ImplausibleValueError, match="in the future") as caught:
            activity(start_time=NOW - timedelta(minutes=30), elapsed_time_s=3600.0)
        assert caught.value.field == "start_time"

    def test_a_device_clock_a_few_minutes_ahead_is_tolerated(self):
        start = NOW - timedelta(minutes=56)
        assert activity(start_time=start, elapsed_time_s=3600.0).start_time == start

    def test_the_future_is_judged_by_the_given_now(self):
        fields = activity().model_dump()
        fields["start_time"] = NOW + timedelta(days=1)
        with pytest.raises(ImplausibleValueError, match="in the future"):
            make_activity(fields, NOW)
        later = NOW + timedelta(days=2)
        assert make_activity(fields, later).start_time == NOW + timedelta(days=1)

    def test_a_start_before_1990_means_an_unset_clock(self):
        with pytest.raises(ImplausibleValueError, match="clock was probably not set"):
            activity(start_time=datetime(1901, 12, 13, 20, 45, tzinfo=UTC))

    @pytest.mark.parametrize("elapsed_s", [0.0, -5.0])
    def test_a_duration_of_zero_or_less_is_refused(self, elapsed_s):
        with pytest.raises(ImplausibleValueError, match="must last longer than 0 s"):
            activity(elapsed_time_s=elapsed_s)

    def test_a_naive_start_time_is_refused(self):
        with pytest.raises(InvalidFieldError, match=r"start_time: .*UTC offset"):
            activity(start_time=datetime(2025, 6, 1, 7, 0))  # noqa: DTZ001

    def test_an_offset_start_time_is_stored_in_utc(self):
        paris = datetime.fromisoformat("2025-06-01T09:00:00+02:00")
        assert activity(start_time=paris).start_time == START
        assert activity(start_time=paris).start_time.tzinfo is UTC


class TestDistanceAndSpeed:
    def test_a_negative_distance_is_refused(self):
        with pytest.raises(ImplausibleValueError, match="distance_m is -10 m; it cannot be neg"):
            activity(distance_m=-10.0)

    def test_speed_and_pace_are_derived_from_moving_time(self):
        run = activity(distance_m=10000.0, elapsed_time_s=3100.0, moving_time_s=3000.0)
        assert run.avg_pace_s_per_km == 300
        assert run.avg_speed_m_s == pytest.approx(10 / 3)

    def test_no_distance_means_no_pace(self):
        session = activity(activity_type=ActivityType.STRENGTH, distance_m=None)
        assert (session.avg_pace_s_per_km, session.avg_speed_m_s) == (None, None)

    def test_not_a_number_is_refused(self):
        with pytest.raises(InvalidFieldError, match="distance_m"):
            activity(distance_m=float("nan"))


class TestLocalDate:
    def test_is_derived_from_a_known_timezone(self):
        late = datetime(2025, 6, 1, 23, 30, tzinfo=UTC)
        assert activity(start_time=late, timezone="Asia/Tokyo").local_date == "2025-06-02"

    def test_stays_unknown_without_a_timezone(self):
        assert activity().local_date is None

    def test_must_be_a_real_calendar_day(self):
        with pytest.raises(InvalidFieldError, match="local_date"):
            activity(local_date="2025-02-30")


class TestCadence:
    @pytest.mark.parametrize(
        ("per_leg", "kind", "expected"),
        [
            (85.0, ActivityType.RUN, 170.0),
            (55.0, ActivityType.WALK, 110.0),
            (90.0, ActivityType.RIDE, None),
            (0.0, ActivityType.RUN, None),
            (None, ActivityType.RUN, None),
        ],
    )
    def test_steps_per_minute(self, per_leg, kind, expected):
        assert steps_per_minute(per_leg, kind) == expected


class TestBodyAndSleepRules:
    def test_body_fat_must_be_a_percentage(self):
        body = parsed.ParsedBody(
            source=ActivitySource.TERRA,
            external_id="b",
            time=START,
            body_fat_pct=140.0,
            content_hash="0" * 64,
        )
        with pytest.raises(ImplausibleValueError, match="body_fat_pct is 140"):
            parsed.validate_body(body, NOW)

    def test_a_negative_sleep_stage_is_refused(self):
        sleep = parsed.ParsedSleep(
            source=ActivitySource.TERRA,
            external_id="s",
            start_time=START,
            end_time=START + timedelta(hours=7),
            deep_s=-1.0,
            content_hash="0" * 64,
        )
        with pytest.raises(ImplausibleValueError, match="deep_s is -1 s"):
            parsed.validate_sleep(sleep, NOW)
