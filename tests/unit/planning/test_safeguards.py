"""The safeguards engine: rules as data, priorities, conditions, actions and their records."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.models.common import ExperienceLevel
from app.models.knowledge import ApplicableWhen, SafeguardDocument
from app.models.session import SessionType
from app.planning.periodization import periodize
from app.planning.safeguards import RunnerFacts, SafeguardEngine, applies_to
from app.planning.sessions import DayPlan
from app.planning.weeks import WeekDraft, enforce_hard_day_spacing
from tests.unit.planning.strategies import (
    NOW,
    generate,
    make_request,
    safeguards,
    sessions_by_week,
)

APPLIED_AT = datetime(2026, 1, 1, tzinfo=UTC)
HEALTHY = RunnerFacts(ExperienceLevel.INTERMEDIATE, (), 35)
INJURED = RunnerFacts(ExperienceLevel.INTERMEDIATE, ("shin splints",), 35)
MASTER = RunnerFacts(ExperienceLevel.ADVANCED, (), 55)


def engine(facts: RunnerFacts, documents=None) -> SafeguardEngine:
    return SafeguardEngine(
        safeguards() if documents is None else documents, facts, applied_at=APPLIED_AT
    )


def rule(key: str, action: str, **fields) -> SafeguardDocument:
    return SafeguardDocument(
        key=key,
        name=key.replace("-", " ").capitalize(),
        description="test rule",
        rule=fields.pop("rule", "weekly_volume_increase"),
        action=action,
        priority=fields.pop("priority", 10),
        source="test",
        rationale="A rule made up for the test.",
        **fields,
    )


class TestWeeklyVolume:
    def test_a_rise_above_ten_percent_is_capped_and_recorded(self):
        ruling = engine(HEALTHY).weekly_volume(week_number=3, previous_km=40, proposed_km=48)
        assert ruling.value == pytest.approx(44.0)
        application = ruling.application
        assert application is not None
        assert application.safeguard_key == "weekly-volume-increase"
        assert application.action == "cap"
        assert application.original_value == 48.0
        assert application.adjusted_value == 44.0
        assert application.week_number == 3
        assert application.applied_at == APPLIED_AT
        assert "+10 %" in application.message

    def test_with_an_injury_history_the_seven_percent_rule_wins_by_priority(self):
        ruling = engine(INJURED).weekly_volume(week_number=3, previous_km=40, proposed_km=48)
        assert ruling.value == pytest.approx(42.8)
        assert ruling.application is not None
        assert ruling.application.safeguard_key == "weekly-volume-increase-injury"
        assert ruling.application.adjusted_value == 42.8

    def test_priority_decides_even_when_the_winner_is_more_lenient(self):
        documents = [
            rule("strict", "cap", parameters={"maxIncreasePct": 5}, priority=1),
            rule("lenient", "cap", parameters={"maxIncreasePct": 20}, priority=50),
        ]
        ruling = engine(HEALTHY, documents).weekly_volume(
            week_number=2, previous_km=50, proposed_km=58
        )
        assert ruling.value == 58
        assert ruling.application is None

    def test_a_rise_within_the_limit_passes_untouched(self):
        ruling = engine(HEALTHY).weekly_volume(week_number=2, previous_km=40, proposed_km=44)
        assert ruling.value == 44
        assert ruling.application is None

    def test_the_week_after_a_recovery_week_may_return_to_the_level_before_it(self):
        ruling = engine(HEALTHY).weekly_volume(
            week_number=5, previous_km=30, proposed_km=40, pre_recovery_km=40
        )
        assert ruling.value == 40
        assert ruling.application is None

    def test_reduce_takes_the_limit_down_by_its_percentage(self):
        documents = [rule("reduce", "reduce", parameters={"maxIncreasePct": 10, "reductionPct": 5})]
        ruling = engine(HEALTHY, documents).weekly_volume(
            week_number=2, previous_km=40, proposed_km=50
        )
        assert ruling.value == pytest.approx(44 * 0.95)
        assert ruling.application is not None
        assert ruling.application.original_value == 50.0

    def test_warn_keeps_the_value_and_records_it(self):
        documents = [rule("soft", "warn", parameters={"maxIncreasePct": 10})]
        ruling = engine(HEALTHY, documents).weekly_volume(
            week_number=2, previous_km=40, proposed_km=50
        )
        assert ruling.value == 50
        assert ruling.application is not None
        assert ruling.application.original_value == ruling.application.adjusted_value == 50.0


class TestApplicableWhen:
    def test_the_masters_rule_applies_from_fifty_only(self):
        masters = next(s for s in safeguards() if s.key == "masters-hard-sessions")
        assert applies_to(masters, MASTER)
        assert not applies_to(masters, HEALTHY)
        assert not applies_to(masters, RunnerFacts(ExperienceLevel.ADVANCED, (), None))

    def test_three_hard_sessions_at_fifty_five_are_capped_at_two_and_recorded(self):
        ruling = engine(MASTER).hard_sessions_per_week(week_number=12, hard_sessions=3)
        assert ruling.value == 2
        assert ruling.application is not None
        assert ruling.application.action == "cap"
        assert ruling.application.original_value == 3
        assert ruling.application.adjusted_value == 2
        assert (
            engine(HEALTHY).hard_sessions_per_week(week_number=12, hard_sessions=3).application
            is None
        )

    def test_experience_injury_type_and_age_range_conditions(self):
        document = rule(
            "narrow",
            "cap",
            applicable_when=ApplicableWhen(
                experience_levels=[ExperienceLevel.BEGINNER],
                injury_types=["Achilles tendinopathy"],
                min_age=40,
                max_age=60,
            ),
        )
        matching = RunnerFacts(ExperienceLevel.BEGINNER, ("achilles tendinopathy",), 45)
        assert applies_to(document, matching)
        assert not applies_to(
            document, RunnerFacts(ExperienceLevel.ELITE, matching.injury_types, 45)
        )
        assert not applies_to(document, RunnerFacts(ExperienceLevel.BEGINNER, ("knee",), 45))
        assert not applies_to(
            document, RunnerFacts(ExperienceLevel.BEGINNER, matching.injury_types, 61)
        )
        assert not applies_to(
            document, RunnerFacts(ExperienceLevel.BEGINNER, matching.injury_types, None)
        )

    def test_injury_history_false_excludes_injured_runners(self):
        document = rule("healthy-only", "cap", applicable_when=ApplicableWhen(injury_history=False))
        assert applies_to(document, HEALTHY)
        assert not applies_to(document, INJURED)


class TestOtherRules:
    def test_long_runs_over_thirty_percent_are_warned(self):
        ruling = engine(HEALTHY).long_run_share(week_number=7, week_km=40, long_run_km=16)
        assert ruling.value == 16
        assert ruling.application is not None
        assert ruling.application.action == "warn"
        assert ruling.application.field == "longRunKm"
        assert (
            engine(HEALTHY).long_run_share(week_number=7, week_km=40, long_run_km=12).application
            is None
        )

    def test_running_every_day_needs_confirmation(self):
        ruling = engine(HEALTHY).rest_days_per_week(week_number=None, rest_days=0)
        assert ruling.value == 0
        assert ruling.application is not None
        assert ruling.application.requires_confirmation
        assert not ruling.application.confirmed
        assert engine(HEALTHY).rest_days_per_week(week_number=None, rest_days=1).application is None

    def test_a_hard_session_after_a_hard_day_is_blocked_into_an_easy_run(self):
        ruling = engine(HEALTHY).consecutive_hard_days(
            week_number=4,
            session_date=date(2026, 2, 3),
            proposed_type="intervals",
            previous_type="threshold",
            fallback_type="easy",
        )
        assert ruling.value == "easy"
        assert ruling.application is not None
        assert ruling.application.action == "block"
        assert ruling.application.field == "consecutiveHardDays"
        assert ruling.application.original_value == 2
        assert ruling.application.adjusted_value == 1
        assert "intervals" in ruling.application.message
        assert ruling.application.session_date == date(2026, 2, 3)

    @staticmethod
    def race_week(*types: SessionType) -> tuple[list[DayPlan], WeekDraft]:
        """The last week of a 4-week 10 km plan, its final days set to `types`."""
        season = periodize(date(2026, 1, 5), date(2026, 2, 1), 10000, ExperienceLevel.ADVANCED, 30)
        frame = season.weeks[-1]
        days = [DayPlan(day=day, type=SessionType.EASY, distance_hm=60) for day in frame.dates()]
        for day, kind in zip(days[-len(types) :], types, strict=True):
            day.type = kind
        return days, WeekDraft(frame, days, 0, 0, 0, 0, None)

    def test_the_season_pass_turns_the_second_of_two_hard_days_into_an_easy_run(self):
        days, draft = self.race_week(SessionType.INTERVALS, SessionType.THRESHOLD, SessionType.EASY)
        applications = enforce_hard_day_spacing([draft], engine(HEALTHY))
        assert len(applications) == 1
        assert "threshold" in applications[0].message
        assert [day.type for day in days[-3:]] == ["intervals", "easy", "easy"]
        assert days[-2].demoted_from == SessionType.THRESHOLD
        assert days[-2].safeguard_refs == ["no-consecutive-hard-days"]

    def test_the_race_is_never_the_session_moved(self):
        days, draft = self.race_week(SessionType.THRESHOLD, SessionType.RACE)
        applications = enforce_hard_day_spacing([draft], engine(HEALTHY))
        assert len(applications) == 1
        assert [day.type for day in days[-2:]] == ["easy", "race"]


class TestInGeneratedPlans:
    def test_an_injured_runners_plan_is_capped_by_the_injury_rule_only(self):
        plan = generate(
            make_request(injury_types=("stress fracture",), current_weekly_volume_km=20)
        )
        keys = {
            a.safeguard_key for a in plan.plan.safeguard_applications if a.field == "targetVolumeKm"
        }
        assert keys == {"weekly-volume-increase-injury"}

    def test_a_seven_day_runner_is_asked_to_confirm_once(self):
        plan = generate(make_request(runs_per_week=7))
        confirm = [a for a in plan.plan.safeguard_applications if a.action == "confirm"]
        assert len(confirm) == 1
        assert confirm[0].requires_confirmation
        assert confirm[0].applied_at == NOW
        full_weeks = [days for days in sessions_by_week(plan).values() if len(days) == 7]
        assert any(all(s.type != "rest" for s in days) for days in full_weeks)
