"""Two ends of the range: the marathon long run of a trained runner, the first weeks of one
who starts from nothing (issue #12, item 7)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.models.common import WEEKDAYS, ExperienceLevel, RaceType
from app.models.session import HARD_SESSION_TYPES, SessionType
from app.planning.run_walk import RUN_WALK_STEPS, RUN_WALK_TITLE
from tests.unit.planning.strategies import MONDAY, generate, make_request, sessions_by_week

RUN_TYPES = {SessionType.EASY, SessionType.RECOVERY, SessionType.LONG}


def marathon(weeks: int, volume_km: float, experience: ExperienceLevel, five_k_s: float):
    return generate(
        make_request(
            race_type=RaceType.MARATHON,
            race_distance_m=42195.0,
            race_date=MONDAY + timedelta(weeks=weeks, days=-1),
            current_weekly_volume_km=volume_km,
            experience_level=experience,
            baseline_5k_s=five_k_s,
        )
    )


class TestMarathonLongRuns:
    @pytest.mark.parametrize("weeks", [16, 18, 20])
    @pytest.mark.parametrize("volume_km", [40.0, 50.0, 55.0])
    @pytest.mark.parametrize("experience", [ExperienceLevel.INTERMEDIATE, ExperienceLevel.ADVANCED])
    @pytest.mark.parametrize("five_k_s", [21 * 60.0, 25 * 60.0])
    def test_sixteen_weeks_and_more_peak_at_thirty_to_thirty_five_km_and_hold_it(
        self, weeks, volume_km, experience, five_k_s
    ):
        generated = marathon(weeks, volume_km, experience, five_k_s)
        long_runs = [s for s in generated.sessions if s.type == SessionType.LONG]
        peak_km = max(s.distance_km for s in long_runs)
        # Pfitzinger's 18/55 and Higdon's Intermediate peak at 20-22 miles (32-35 km).
        assert 30.0 <= peak_km <= 35.0
        if weeks >= 18 and volume_km >= 50:
            # Room to reach the peak early: it is run more than once (a recovery week may take
            # one of the three), as Pfitzinger repeats his 20-milers; growing the long run at
            # most 1.5 km a week leaves shorter plans one.
            assert sum(1 for s in long_runs if s.distance_km >= peak_km - 0.5) >= 2
        assert max(s.duration_min for s in long_runs) <= 210
        for days in sessions_by_week(generated).values():
            week_km = sum(s.distance_km for s in days if s.type != SessionType.RACE)
            for long_run in (s for s in days if s.type == SessionType.LONG):
                assert long_run.distance_km <= 0.5 * week_km + 0.1

    def test_a_low_volume_caps_the_long_run_at_half_the_week(self):
        generated = marathon(18, 20.0, ExperienceLevel.INTERMEDIATE, 25 * 60.0)
        peak_week_km = max(w.target_volume_km for w in generated.plan.weekly_plan[:-1])
        longest = max(w.long_run_km for w in generated.plan.weekly_plan)
        assert longest <= 0.5 * peak_week_km + 0.1
        assert longest < 30.0


class TestRunWalk:
    def test_a_near_zero_starter_walks_and_runs_until_running_is_continuous(self):
        generated = generate(
            make_request(
                race_type=RaceType.FIVE_K,
                race_distance_m=5000.0,
                race_date=MONDAY + timedelta(weeks=10, days=-1),
                current_weekly_volume_km=0.8,
                experience_level=ExperienceLevel.BEGINNER,
            )
        )
        weeks = sessions_by_week(generated)
        for number, (run_min, walk_min) in enumerate(RUN_WALK_STEPS, start=1):
            runs = [s for s in weeks[number] if s.type in RUN_TYPES]
            assert runs
            assert not [s for s in weeks[number] if s.type in HARD_SESSION_TYPES]
            for session in runs:
                assert session.title == RUN_WALK_TITLE
                (cycle,) = session.structure
                assert cycle.duration_min == run_min
                assert cycle.recovery_duration_min == walk_min
                assert cycle.recovery_description == "brisk walking"
                assert session.justification.startswith(f"Run-walk, week {number} of 6")
                assert "0.8 km a week" in session.justification
        week_one = [s for s in weeks[1] if s.type in RUN_TYPES]
        assert week_one[0].structure[0].repetitions * 2.5 == pytest.approx(
            week_one[0].duration_min, abs=2.5
        )
        for number in range(len(RUN_WALK_STEPS) + 1, len(weeks) + 1):
            assert not [s for s in weeks[number] if s.title == RUN_WALK_TITLE]
        assert "run and walked in turn for the first 6 weeks" in (
            generated.plan.season_view.volume_strategy_justification
        )

    def test_a_runner_with_a_base_runs_continuously_from_week_one(self):
        generated = generate(make_request(current_weekly_volume_km=12.0))
        assert not [s for s in generated.sessions if s.title == RUN_WALK_TITLE]

    def test_run_walks_keep_to_the_longest_session_the_runner_has_time_for(self):
        # Six runs a week and no volume given: a beginner starts from the run-walk minimum,
        # and walking is slower than running, so the 30-minute cap binds.
        generated = generate(
            make_request(
                race_type=RaceType.FIVE_K,
                race_distance_m=5000.0,
                race_date=MONDAY + timedelta(weeks=5, days=1),
                current_weekly_volume_km=None,
                baseline_5k_s=None,
                experience_level=ExperienceLevel.BEGINNER,
                available_days=WEEKDAYS[:6],
                long_run_day=None,
                max_session_min=30,
                runs_per_week=6,
            )
        )
        run_walks = [s for s in generated.sessions if s.title == RUN_WALK_TITLE]
        assert run_walks
        assert max(s.duration_min for s in run_walks) <= 30
