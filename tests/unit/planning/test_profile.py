"""Building the generator's input from stored documents and from a profile JSON file."""

from __future__ import annotations

from datetime import date

import pytest
from bson import ObjectId

from app.models.race import RaceDocument
from app.models.runner import RunnerDocument
from app.planning import PlanRequest, format_plan_summary
from app.planning.profile import PROFILE_PLACEHOLDER_ID
from tests.unit.planning.strategies import generate

START = date(2026, 3, 2)


def runner(**sections) -> RunnerDocument:
    return RunnerDocument.model_validate(
        {
            "userId": ObjectId(),
            "identity": {"dateOfBirth": "1974-03-03", "units": "imperial", "firstName": "Ana"},
            "physical": {"restingHr": 48, "maxHr": 182},
            "running": {
                "experienceLevel": "advanced",
                "currentWeeklyVolumeKm": 55,
                "currentRunsPerWeek": 5,
                "baseline5kS": 1260,
            },
            "schedule": {
                "availableDays": ["monday", "tuesday", "thursday", "saturday", "sunday"],
                "blockedDays": ["monday"],
                "longRunDay": "saturday",
                "maxSessionMinutes": 150,
                "runsPerWeekTarget": 4,
            },
            "health": {"injuryHistory": [{"type": "achilles tendinopathy", "resolved": True}]},
            **sections,
        }
    )


def race(**fields) -> RaceDocument:
    return RaceDocument.model_validate(
        {
            "runnerId": ObjectId(),
            "name": "Valencia Marathon",
            "type": "marathon",
            "date": "2026-08-30",
            "goalPaceSPerKm": 300,
            "goalPriority": "time",
            **fields,
        }
    )


class TestFromDocuments:
    def test_the_runner_and_race_become_the_request(self):
        request = PlanRequest.from_documents(runner(), race(), START)
        assert request.age_years == 51  # the birthday falls the day after the start
        assert request.race_distance_m == 42195.0
        assert request.goal_time_s == pytest.approx(300 * 42.195)
        assert request.injury_types == ("achilles tendinopathy",)
        assert request.has_injury_history
        assert request.free_days == ("tuesday", "thursday", "saturday", "sunday")
        assert request.long_run_day == "saturday"
        assert request.runs_per_week == 4
        assert request.imperial_units
        assert (request.resting_hr_bpm, request.max_hr_bpm) == (48, 182)
        assert request.baseline_5k_s == 1260

    def test_the_race_baseline_and_options_win_over_the_runner_profile(self):
        request = PlanRequest.from_documents(
            runner(),
            race(baseline5kS=1200, baselineWeeklyVolumeKm=40),
            START,
            runs_per_week=3,
            goal_priority="finish",
        )
        assert request.baseline_5k_s == 1200
        assert request.current_weekly_volume_km == 40
        assert request.runs_per_week == 3
        assert request.goal_priority == "finish"

    def test_a_plan_for_the_documents_respects_their_schedule(self):
        generated = generate(PlanRequest.from_documents(runner(), race(), START))
        assert {s.day_of_week for s in generated.sessions if s.type == "long"} == {"saturday"}
        assert all(s.type == "rest" for s in generated.sessions if s.day_of_week == "monday")
        assert generated.plan.runner_snapshot.age == 51
        assert generated.plan.season_view.coach_summary.startswith("Ana, here is a 26-week plan")
        assert generated.plan.load_parameters.max_weekly_increase_pct == 7


class TestFromProfileJson:
    def test_a_minimal_profile_generates_a_plan(self):
        request = PlanRequest.from_profile_json(
            {
                "runner": {"running": {"experienceLevel": "beginner"}},
                "race": {"name": "Parkrun", "type": "5k", "date": "2026-05-02"},
                "startDate": "2026-03-02",
                "options": {"runsPerWeek": 3},
            }
        )
        assert request.runner_id == PROFILE_PLACEHOLDER_ID
        assert request.runs_per_week == 3
        generated = generate(request)
        assert generated.sessions[-1].scheduled_date == date(2026, 5, 2)
        assert "Parkrun" in format_plan_summary(generated)

    def test_an_invalid_race_says_which_field(self):
        from app.planning.errors import InvalidProfileError  # noqa: PLC0415

        with pytest.raises(InvalidProfileError, match="type"):
            PlanRequest.from_profile_json(
                {
                    "runner": {},
                    "race": {"name": "x", "type": "mile", "date": "2026-05-02"},
                    "startDate": "2026-03-02",
                }
            )
