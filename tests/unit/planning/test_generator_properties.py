"""Properties every generated plan keeps, over many runner and race profiles (hypothesis)."""

from __future__ import annotations

import itertools
from datetime import timedelta

from hypothesis import HealthCheck, given, settings

from app.models.knowledge import SafeguardAction
from app.models.plan import PlanDocument
from app.models.session import HARD_SESSION_TYPES, PlannedSessionDocument, SessionType
from app.planning import GeneratedPlan, PlanRequest
from app.planning.safeguards import RunnerFacts, applies_to
from tests.unit.planning.strategies import (
    generate,
    knowledge_keys,
    plan_requests,
    safeguards,
    sessions_by_week,
    training_km,
)

PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOLERANCE = 1e-6


def applications(generated: GeneratedPlan, key: str) -> list:
    return [a for a in generated.plan.safeguard_applications if a.safeguard_key == key]


def hard_limits(request: PlanRequest) -> dict[str, str]:
    """rule -> key of the hard-limit safeguard that decides it for this runner."""
    facts = RunnerFacts(request.experience_level, request.injury_types, request.age_years)
    winners: dict[str, str] = {}
    for safeguard in sorted(safeguards(), key=lambda s: -s.priority):
        if safeguard.rule not in winners and applies_to(safeguard, facts):
            winners[safeguard.rule] = safeguard.key if safeguard.hard_limit else ""
    return {rule: key for rule, key in winners.items() if key}


def check_volume_progression(generated: GeneratedPlan, max_increase_pct: float) -> None:
    weeks = sessions_by_week(generated)
    recovery = {w.week_number for w in generated.plan.weekly_plan if w.is_recovery_week}
    volumes = {number: training_km(sessions) for number, sessions in weeks.items()}
    for number in sorted(volumes)[1:]:
        allowed = volumes[number - 1] * (1 + max_increase_pct / 100) + TOLERANCE
        if number - 1 in recovery:
            allowed = max(allowed, volumes[number - 2] + TOLERANCE)
        assert volumes[number] <= allowed, (number, volumes[number - 1], volumes[number])


def check_no_consecutive_hard_days(sessions: list[PlannedSessionDocument]) -> None:
    for previous, current in itertools.pairwise(sessions):
        both_hard = previous.type in HARD_SESSION_TYPES and current.type in HARD_SESSION_TYPES
        assert not both_hard, (previous.scheduled_date, previous.type, current.type)


def check_rest_days(generated: GeneratedPlan) -> None:
    confirmed = [a for a in applications(generated, "rest-day-per-week") if a.requires_confirmation]
    for number, days in sessions_by_week(generated).items():
        if len(days) > 1 and not any(s.type == SessionType.REST for s in days):
            assert confirmed, f"week {number} has no rest day and nothing to confirm"


def check_long_runs(generated: GeneratedPlan) -> None:
    warned = {a.week_number for a in applications(generated, "long-run-share")}
    for number, days in sessions_by_week(generated).items():
        week_km = training_km(days)
        for long_run in (s for s in days if s.type == SessionType.LONG):
            if long_run.distance_km > 0.3 * week_km + TOLERANCE:
                assert number in warned, (number, long_run.distance_km, week_km)


def check_durations(generated: GeneratedPlan, max_session_min: int | None) -> None:
    if max_session_min:
        for session in generated.sessions:
            if session.type != SessionType.RACE:
                assert session.duration_min <= max_session_min, session.title


def check_applications(generated: GeneratedPlan) -> None:
    for application in generated.plan.safeguard_applications:
        assert application.original_value is not None
        assert application.adjusted_value is not None
        assert application.message
        if application.action == SafeguardAction.CONFIRM:
            assert application.requires_confirmation


class TestCalendar:
    @PROPERTIES
    @given(plan_requests())
    def test_one_session_a_day_from_start_to_race_day_which_is_last(self, request):
        generated = generate(request)
        dates = [s.scheduled_date for s in generated.sessions]
        assert dates[0] == request.start_date
        assert dates == [request.start_date + timedelta(days=i) for i in range(len(dates))]
        assert dates[-1] == request.race_date
        assert [s.type for s in generated.sessions if s.type == SessionType.RACE] == ["race"]
        assert generated.sessions[-1].type == SessionType.RACE
        assert generated.sessions[-1].distance_km == request.race_distance_m / 1000
        for session in generated.sessions:
            assert session.day_index == session.scheduled_date.weekday()
            assert session.plan_id == generated.plan.id

        weeks = generated.plan.weekly_plan
        by_week = sessions_by_week(generated)
        assert [w.week_number for w in weeks] == list(range(1, len(weeks) + 1))
        for week in weeks:
            days = by_week[week.week_number]
            assert week.start_date == days[0].scheduled_date
            assert week.end_date == days[-1].scheduled_date
            assert week.run_days + week.rest_days == len(days)
            assert abs(week.target_volume_km - sum(s.distance_km for s in days)) < 0.001
        taper = [w for w in weeks if w.is_taper_week]
        assert taper, "a taper comes before the race"
        assert taper[-1].is_race_week
        assert weeks[-1].is_race_week
        assert [w.week_number for w in taper] == list(range(taper[0].week_number, len(weeks) + 1))
        peak_km = max(training_km(by_week[w.week_number]) for w in weeks if not w.is_taper_week)
        race_week_km = training_km(by_week[len(weeks)])
        assert race_week_km < peak_km or peak_km == 0


class TestSafeguards:
    @PROPERTIES
    @given(plan_requests())
    def test_no_safeguard_is_broken_unflagged(self, request):
        generated = generate(request)
        sessions = generated.sessions
        limits = hard_limits(request)
        volume_key = limits["weekly_volume_increase"]
        expected_pct = 7 if request.has_injury_history else 10
        assert volume_key.endswith("-injury") == request.has_injury_history
        check_volume_progression(generated, expected_pct)
        assert "consecutive_hard_days" in limits
        check_no_consecutive_hard_days(sessions)

        check_rest_days(generated)
        check_long_runs(generated)
        check_durations(generated, request.max_session_min)
        check_applications(generated)

    @PROPERTIES
    @given(plan_requests())
    def test_sessions_carry_paces_zones_and_structure(self, request):
        generated = generate(request)
        for session in generated.sessions:
            assert 0 <= session.effort <= 10
            if session.type == SessionType.REST:
                assert session.distance_km == 0
                assert session.effort == 0
                continue
            assert session.distance_km > 0
            assert session.pace_range is not None or session.type == SessionType.HILLS
            assert session.hr_zone is not None
            assert (session.hr_range is not None) == (request.max_hr_bpm is not None)
            assert session.structure
            assert session.display.duration_label
            assert session.display.distance_label
            for segment in session.structure:
                if segment.repetitions and segment.repetitions > 1:
                    assert segment.recovery_duration_min is not None


class TestExplanations:
    @PROPERTIES
    @given(plan_requests())
    def test_everything_is_justified_and_cites_known_entries(self, request):
        generated = generate(request)
        plan = generated.plan
        keys = knowledge_keys()
        view = plan.season_view
        assert view.coach_summary
        assert view.periodization_justification
        assert view.volume_strategy_justification
        assert view.goal_feasibility is not None
        assert view.goal_feasibility.reason
        cited = list(view.knowledge_refs)
        for phase in plan.phases:
            assert phase.justification
            cited += phase.knowledge_refs
        for decision in plan.decisions:
            assert decision.reasoning
            cited += decision.knowledge_base_refs
        for week in plan.weekly_plan:
            assert week.week_justification
            assert week.focus
            cited += week.knowledge_refs
        for session in generated.sessions:
            assert session.justification
            assert session.placement_rationale
            assert session.physiological_target
            assert session.description
            assert session.knowledge_refs
            cited += session.knowledge_refs
        assert set(cited) <= keys

    @settings(max_examples=15, deadline=None)
    @given(plan_requests())
    def test_generated_documents_validate_and_round_trip(self, request):
        generated = generate(request)
        stored = generated.plan.to_mongo()
        assert PlanDocument.from_mongo(stored).to_mongo() == stored
        for session in generated.sessions:
            stored_session = session.to_mongo()
            assert PlannedSessionDocument.from_mongo(stored_session).to_mongo() == stored_session
        assert len({s.id for s in generated.sessions}) == len(generated.sessions)


class TestDeterminism:
    @settings(max_examples=20, deadline=None)
    @given(plan_requests())
    def test_the_same_request_gives_the_same_plan(self, request):
        first, second = generate(request), generate(request)
        assert first.plan.to_mongo() == second.plan.to_mongo()
        assert [s.to_mongo() for s in first.sessions] == [s.to_mongo() for s in second.sessions]
