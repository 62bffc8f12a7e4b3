"""Bad input: typed errors whose message says what to change."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.models.common import RaceType, Weekday
from app.planning.errors import (
    GoalFasterThanWorldRecordError,
    InvalidProfileError,
    NegativeVolumeError,
    NoRunningDayError,
    NotClearedForTrainingError,
    PlanInputError,
    RaceDistanceError,
    RaceInPastError,
    RaceTooFarError,
    RaceTooSoonError,
    RunsPerWeekError,
)
from app.planning.profile import PlanRequest
from tests.unit.planning.strategies import MONDAY, generate, make_request


class TestRaceDate:
    def test_a_race_before_the_start_is_in_the_past(self):
        with pytest.raises(RaceInPastError, match="choose a race still to come") as error:
            make_request(race_date=MONDAY - timedelta(days=3))
        assert error.value.field == "race.date"

    def test_a_race_under_four_weeks_away_names_the_dates_that_work(self):
        with pytest.raises(RaceTooSoonError) as error:
            make_request(race_date=MONDAY + timedelta(days=20))
        assert "at least 4 weeks" in str(error.value)
        assert "on or after 2026-02-01" in str(error.value)
        assert "on or before 2025-12-29" in str(error.value)

    def test_four_weeks_make_a_short_plan_without_a_base_phase(self):
        generated = generate(make_request(race_date=MONDAY + timedelta(days=27)))
        assert len(generated.plan.weekly_plan) == 4
        assert "base" not in {phase.phase for phase in generated.plan.phases}
        assert any(d.topic == "Short plan" for d in generated.plan.decisions)
        assert any(
            "short preparation" in r.risk.lower()
            for r in generated.plan.season_view.identified_risks
        )

    def test_a_race_over_thirty_weeks_away_says_when_to_start(self):
        with pytest.raises(RaceTooFarError) as error:
            make_request(race_date=MONDAY + timedelta(days=210))
        assert "plans cover 4 to 30 weeks" in str(error.value)
        assert "Start the plan on or after 2026-01-06" in str(error.value)

    def test_thirty_weeks_is_the_longest_plan(self):
        generated = generate(make_request(race_date=MONDAY + timedelta(days=209)))
        assert len(generated.plan.weekly_plan) == 30


class TestSchedule:
    def test_every_available_day_blocked_leaves_no_running_day(self):
        with pytest.raises(NoRunningDayError, match="Make at least two days available"):
            make_request(
                available_days=(Weekday.MONDAY, Weekday.TUESDAY),
                blocked_days=(Weekday.MONDAY, Weekday.TUESDAY),
            )

    def test_a_single_free_day_is_not_enough(self):
        with pytest.raises(RunsPerWeekError, match="Only 1 day of the week is free"):
            make_request(available_days=(Weekday.SUNDAY,))

    @pytest.mark.parametrize("runs", [0, 1, 8])
    def test_runs_per_week_outside_two_to_seven(self, runs):
        with pytest.raises(RunsPerWeekError, match="between 2 and 7"):
            make_request(runs_per_week=runs)


class TestNumbers:
    def test_a_negative_weekly_volume(self):
        with pytest.raises(
            NegativeVolumeError, match="enter 0 if you are not running yet"
        ) as error:
            make_request(current_weekly_volume_km=-5.0)
        assert error.value.field == "running.currentWeeklyVolumeKm"

    def test_a_negative_longest_run(self):
        with pytest.raises(NegativeVolumeError):
            make_request(longest_recent_run_km=-1.0)

    def test_a_marathon_goal_under_the_world_record(self):
        with pytest.raises(GoalFasterThanWorldRecordError) as error:
            make_request(race_type=RaceType.MARATHON, race_distance_m=42195.0, goal_time_s=7000.0)
        assert "world record (2:00:35)" in str(error.value)
        assert "1:56:40 over 42.2 km" in str(error.value)

    def test_a_custom_distance_goal_under_the_record_pace(self):
        with pytest.raises(GoalFasterThanWorldRecordError):
            make_request(race_type=RaceType.CUSTOM, race_distance_m=15000.0, goal_time_s=2300.0)

    def test_a_race_shorter_than_eight_hundred_metres(self):
        with pytest.raises(RaceDistanceError, match="at least 800 m"):
            make_request(race_type=RaceType.CUSTOM, race_distance_m=400.0)

    def test_a_runner_not_cleared_for_training(self):
        with pytest.raises(NotClearedForTrainingError, match="medical clearance"):
            make_request(cleared_for_training=False)


class TestProfileJson:
    def test_a_profile_without_a_race(self):
        with pytest.raises(InvalidProfileError, match="missing 'race'"):
            PlanRequest.from_profile_json({"runner": {}, "startDate": "2026-01-05"})

    def test_a_badly_written_start_date(self):
        with pytest.raises(InvalidProfileError, match="startDate"):
            PlanRequest.from_profile_json(
                {
                    "runner": {},
                    "race": {"name": "x", "type": "5k", "date": "2026-03-01"},
                    "startDate": "05/01/2026",
                }
            )

    def test_every_input_error_is_a_plan_input_error_and_a_value_error(self):
        for error in (RaceInPastError, RunsPerWeekError, InvalidProfileError):
            assert issubclass(error, PlanInputError)
            assert issubclass(error, ValueError)
