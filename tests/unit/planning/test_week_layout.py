"""How each week's days are laid out for the runner's schedule."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.models.common import ExperienceLevel, RaceType, Weekday
from app.models.race import GoalPriority
from app.models.session import HARD_SESSION_TYPES, SessionType
from tests.unit.planning.strategies import MONDAY, generate, make_request, sessions_by_week


def weekdays(sessions, *types):
    return {s.day_of_week for s in sessions if s.type in types}


def full_weeks(generated):
    return [days for days in sessions_by_week(generated).values() if len(days) == 7]


RUN_TYPES = tuple(t for t in SessionType if t != SessionType.REST)


class TestSchedule:
    def test_preferred_days_and_the_long_run_day_are_used(self):
        generated = generate(
            make_request(
                runs_per_week=3,
                preferred_days=(Weekday.TUESDAY, Weekday.THURSDAY),
                long_run_day=Weekday.SATURDAY,
            )
        )
        for days in full_weeks(generated)[:-1]:
            assert weekdays(days, *RUN_TYPES) == {"tuesday", "thursday", "saturday"}
        assert weekdays(generated.sessions, SessionType.LONG) == {"saturday"}

    def test_blocked_days_are_rest_days_that_say_why(self):
        generated = generate(make_request(blocked_days=(Weekday.WEDNESDAY, Weekday.FRIDAY)))
        for session in generated.sessions:
            if session.day_of_week in {"wednesday", "friday"}:
                assert session.type == SessionType.REST
                assert "you blocked this day" in session.placement_rationale

    def test_a_blocked_long_run_day_moves_to_the_weekend(self):
        generated = generate(
            make_request(long_run_day=Weekday.SUNDAY, blocked_days=(Weekday.SUNDAY,))
        )
        assert weekdays(generated.sessions, SessionType.LONG) == {"saturday"}

    def test_more_runs_than_free_days_uses_every_free_day_and_says_so(self):
        generated = generate(
            make_request(
                runs_per_week=5,
                available_days=(Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY, Weekday.SUNDAY),
            )
        )
        assert generated.plan.load_parameters.runs_per_week == 4
        running_days = next(d for d in generated.plan.decisions if d.topic == "Running days")
        assert "You asked for 5" in running_days.reasoning

    def test_rest_days_are_sessions_with_a_rest_status(self):
        generated = generate(make_request(runs_per_week=4))
        rest = [s for s in generated.sessions if s.type == SessionType.REST]
        assert rest
        assert all(s.status == "rest" and s.duration_min == 0 for s in rest)
        assert all(s.display.color == "rest" for s in rest)


class TestHardAndEasy:
    def test_beginners_build_a_base_with_strides_and_no_hard_sessions(self):
        generated = generate(make_request(experience_level=ExperienceLevel.BEGINNER))
        base = [w.week_number for w in generated.plan.weekly_plan if w.phase == "base"]
        by_week = sessions_by_week(generated)
        assert base
        for number in base:
            assert not [s for s in by_week[number] if s.type in HARD_SESSION_TYPES]
        strides = [s for n in base[1:] for s in by_week[n] if "strides" in s.display.subtitle]
        assert strides

    def test_build_weeks_hold_two_hard_sessions_apart_from_each_other(self):
        generated = generate(make_request(runs_per_week=5, goal_priority=GoalPriority.TIME))
        by_week = sessions_by_week(generated)
        build = [
            w for w in generated.plan.weekly_plan if w.phase == "build" and not w.is_recovery_week
        ]
        for week in build:
            hard = [s for s in by_week[week.week_number] if s.type in HARD_SESSION_TYPES]
            assert len(hard) == 2
            assert abs((hard[0].scheduled_date - hard[1].scheduled_date).days) >= 2

    def test_a_finish_goal_keeps_one_hard_session_a_week(self):
        generated = generate(make_request(runs_per_week=5, goal_priority=GoalPriority.FINISH))
        assert max(w.hard_sessions for w in generated.plan.weekly_plan) == 1

    def test_an_advanced_runner_of_sixty_gets_two_hard_sessions_and_the_cap_is_logged(self):
        generated = generate(
            make_request(
                runs_per_week=6,
                age_years=60,
                experience_level=ExperienceLevel.ADVANCED,
                goal_priority=GoalPriority.PERSONAL_BEST,
            )
        )
        warned = [
            a
            for a in generated.plan.safeguard_applications
            if a.safeguard_key == "masters-hard-sessions"
        ]
        assert max(w.hard_sessions for w in generated.plan.weekly_plan) == 2
        for application in warned:
            assert (application.original_value, application.adjusted_value) == (3, 2)
            assert application.action == "cap"

    def test_recovery_weeks_swap_the_hard_sessions_for_a_fartlek(self):
        generated = generate(make_request(runs_per_week=5))
        by_week = sessions_by_week(generated)
        for week in generated.plan.weekly_plan:
            if week.is_recovery_week:
                days = by_week[week.week_number]
                assert not [s for s in days if s.type in HARD_SESSION_TYPES]
                assert [s for s in days if s.type == SessionType.FARTLEK]

    def test_the_race_week_ends_with_rest_then_the_race(self):
        generated = generate(make_request(race_type=RaceType.TEN_K, race_distance_m=10000.0))
        race_eve, race = generated.sessions[-2:]
        assert race_eve.type == SessionType.REST
        assert "day before the race" in race_eve.placement_rationale
        assert race.type == SessionType.RACE
        assert race.title == "City Half"
        for session in generated.sessions[-3:-1]:
            assert session.type not in HARD_SESSION_TYPES
        assert SessionType.LONG not in {s.type for s in generated.sessions[-5:]}


class TestSessionContent:
    def test_intervals_have_a_warm_up_repetitions_with_recoveries_and_a_cool_down(self):
        generated = generate(make_request(race_type=RaceType.FIVE_K, race_distance_m=5000.0))
        intervals = next(s for s in generated.sessions if s.type == SessionType.INTERVALS)
        kinds = [segment.kind for segment in intervals.structure]
        assert kinds == ["warmup", "interval", "cooldown"]
        work = intervals.structure[1]
        assert work.repetitions
        assert work.repetitions >= 2
        assert work.recovery_duration_min
        assert work.recovery_description
        assert intervals.pace_range is not None
        assert intervals.pace_range.max_s_per_km < 300  # faster than 5:00/km for a 25:00 5 km
        assert intervals.is_hard
        assert intervals.is_key_session
        assert intervals.alternatives
        assert intervals.key_points

    def test_heart_rate_ranges_use_the_heart_rate_reserve(self):
        generated = generate(make_request(max_hr_bpm=190.0, resting_hr_bpm=50.0))
        easy = next(s for s in generated.sessions if s.type == SessionType.EASY)
        assert easy.hr_zone == "z2"
        assert easy.hr_range is not None
        assert (easy.hr_range.min_bpm, easy.hr_range.max_bpm) == (134, 148)

    def test_without_max_heart_rate_there_is_a_zone_but_no_range(self):
        generated = generate(make_request(max_hr_bpm=None))
        easy = next(s for s in generated.sessions if s.type == SessionType.EASY)
        assert easy.hr_zone == "z2"
        assert easy.hr_range is None

    def test_imperial_runners_read_miles(self):
        generated = generate(make_request(imperial_units=True))
        easy = next(s for s in generated.sessions if s.type == SessionType.EASY)
        assert easy.display.distance_label.endswith(" mi")
        assert easy.display.pace_label.endswith("/mi")

    def test_a_thirty_minute_limit_keeps_every_training_session_short(self):
        generated = generate(make_request(max_session_min=30))
        assert max(s.duration_min for s in generated.sessions if s.type != "race") <= 30

    @pytest.mark.parametrize("weeks", [8, 16])
    def test_week_totals_match_their_sessions(self, weeks):
        generated = generate(make_request(race_date=MONDAY + timedelta(weeks=weeks, days=-1)))
        by_week = sessions_by_week(generated)
        for week in generated.plan.weekly_plan:
            days = by_week[week.week_number]
            assert week.long_run_km == max(
                (s.distance_km for s in days if s.type == "long"), default=0
            )
            assert week.hard_sessions == sum(1 for s in days if s.is_hard and s.type != "race")
            shares = week.intensity_distribution
            assert shares.easy_pct + shares.moderate_pct + shares.hard_pct == pytest.approx(
                100, abs=0.2
            )
            assert week.planned_load > 0
