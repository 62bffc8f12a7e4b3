"""Goal feasibility: the goal against the prediction from current fitness and the weeks left."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models.common import ExperienceLevel, RaceType
from app.planning.feasibility import expected_vdot, goal_verdict
from app.planning.paces import current_fitness
from app.planning.profile import RaceResult
from tests.unit.planning.strategies import MONDAY, generate, make_request

# A 25:00 5 km is VDOT 38.3: 1:55:05 for the half today, about 1:50:26 after 14 weeks.
PREDICTED_HALF_S = 1 * 3600 + 50 * 60 + 26
CURRENT_HALF_S = 1 * 3600 + 55 * 60 + 5


def hms(hours: int, minutes: int, seconds: int = 0) -> float:
    return float(hours * 3600 + minutes * 60 + seconds)


def feasibility(**overrides):
    view = generate(make_request(**overrides)).plan.season_view
    assert view.goal_feasibility is not None
    return view.goal_feasibility


class TestGoalTime:
    def test_a_goal_slower_than_the_prediction_is_achievable(self):
        result = feasibility(goal_time_s=hms(1, 55))
        assert result.verdict == "achievable"
        assert result.predicted_time_s == pytest.approx(PREDICTED_HALF_S, abs=2)
        assert result.goal_time_s == hms(1, 55)
        assert "1:50:26" in result.reason
        assert "within reach" in result.reason

    def test_a_goal_up_to_four_percent_faster_is_ambitious(self):
        result = feasibility(goal_time_s=hms(1, 48))
        assert result.verdict == "ambitious"
        assert "2.2 % faster" in result.reason

    def test_a_goal_much_faster_is_unlikely_and_suggests_a_realistic_one(self):
        result = feasibility(goal_time_s=hms(1, 40))
        assert result.verdict == "unlikely"
        assert "Consider a goal near 1:50:26" in result.reason

    @pytest.mark.parametrize("goal_s", [hms(1, 40), hms(1, 48), hms(1, 52)])
    def test_race_pace_trains_current_fitness_when_the_goal_is_faster(self, goal_s):
        plan = generate(make_request(goal_time_s=goal_s)).plan
        assert plan.target_paces is not None
        assert plan.target_paces.race is not None
        race_pace_s = (
            plan.target_paces.race.min_s_per_km + plan.target_paces.race.max_s_per_km
        ) / 2
        assert race_pace_s == pytest.approx(CURRENT_HALF_S / 21.0975, rel=0.002)

    def test_race_pace_is_the_goal_when_current_fitness_already_holds_it(self):
        plan = generate(make_request(goal_time_s=hms(1, 58))).plan
        race = plan.target_paces.race
        assert (race.min_s_per_km + race.max_s_per_km) / 2 == pytest.approx(
            hms(1, 58) / 21.0975, rel=0.002
        )

    def test_more_weeks_bring_a_faster_prediction(self):
        short = feasibility(race_date=MONDAY + timedelta(weeks=8, days=-1))
        long = feasibility(race_date=MONDAY + timedelta(weeks=20, days=-1))
        assert long.predicted_time_s < short.predicted_time_s

    def test_expected_improvement_is_modest_and_largest_for_beginners(self):
        assert expected_vdot(40, ExperienceLevel.BEGINNER, 30) == pytest.approx(43.2)
        assert expected_vdot(40, ExperienceLevel.ELITE, 30) == pytest.approx(40.8)
        assert expected_vdot(40, ExperienceLevel.INTERMEDIATE, 0) == 40

    @pytest.mark.parametrize(
        ("goal_s", "verdict"),
        [(3600.0, "achievable"), (3456.0, "ambitious"), (3455.0, "unlikely")],
    )
    def test_verdict_thresholds(self, goal_s, verdict):
        assert goal_verdict(goal_s, 3600.0) == verdict


class TestFinishGoal:
    def test_a_half_marathon_with_a_twenty_km_long_run_is_achievable(self):
        result = feasibility()
        assert result.verdict == "achievable"
        assert result.goal_time_s is None
        assert "finish" in result.reason

    def test_a_low_volume_marathon_with_short_sessions_is_unlikely(self):
        result = feasibility(
            race_type=RaceType.MARATHON,
            race_distance_m=42195.0,
            experience_level=ExperienceLevel.BEGINNER,
            current_weekly_volume_km=12.0,
            runs_per_week=3,
            max_session_min=90,
        )
        assert result.verdict == "unlikely"
        assert "more running days or longer sessions" in result.reason


class TestDistanceReadiness:
    def test_a_marathon_in_six_weeks_from_nothing_is_not_called_achievable(self):
        generated = generate(
            make_request(
                race_type=RaceType.MARATHON,
                race_distance_m=42195.0,
                race_date=MONDAY + timedelta(weeks=6, days=-1),
                current_weekly_volume_km=0.0,
                goal_time_s=hms(6, 30),
            )
        )
        result = generated.plan.season_view.goal_feasibility
        assert result.verdict == "unlikely"
        assert result.distance_ready is False
        assert "not safe in the time available" in result.reason
        assert "at least 26.4 km" in result.reason
        later, shorter, finish = result.safer_options
        assert later.startswith("A later race: about ")
        assert shorter.startswith("A shorter race: a 5 km, which the 5.2 km long runs")
        assert "Judged on pace alone" in result.reason
        assert finish.startswith("A finish goal instead of 6:30:00")
        risks = [risk.risk for risk in generated.plan.season_view.identified_risks]
        assert "Not ready for the marathon distance" in risks
        assert "a later race, a shorter one or a finish goal" in (
            generated.plan.season_view.coach_summary
        )

    def test_a_prepared_half_marathoner_is_distance_ready(self):
        result = feasibility(current_weekly_volume_km=40.0, longest_recent_run_km=16.0)
        assert result.distance_ready is True
        assert result.safer_options is None

    def test_a_ten_k_is_not_judged_on_distance(self):
        result = feasibility(race_type=RaceType.TEN_K, race_distance_m=10000.0)
        assert result.distance_ready is None


class TestCurrentFitness:
    def test_a_recent_race_is_used_when_there_is_no_baseline(self):
        race = RaceResult(distance_m=10000.0, time_s=hms(0, 50), on=MONDAY - timedelta(days=30))
        fitness = current_fitness(make_request(baseline_5k_s=None, recent_races=(race,)))
        assert fitness.source == "recent_race"
        assert fitness.vdot == pytest.approx(40.0, abs=0.3)
        assert fitness.confidence_pct == 85

    def test_races_older_than_a_year_are_ignored(self):
        race = RaceResult(distance_m=10000.0, time_s=hms(0, 50), on=date(2024, 1, 1))
        fitness = current_fitness(make_request(baseline_5k_s=None, recent_races=(race,)))
        assert fitness.source == "estimate"

    def test_without_data_fitness_is_estimated_from_experience_and_volume(self):
        low = current_fitness(make_request(baseline_5k_s=None, current_weekly_volume_km=10.0))
        high = current_fitness(make_request(baseline_5k_s=None, current_weekly_volume_km=60.0))
        assert low.source == high.source == "estimate"
        assert low.vdot < high.vdot
        assert low.confidence_pct < 50
