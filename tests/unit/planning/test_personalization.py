"""The assistant-first terms: the plan's phase on a day, and the inputs kept with a plan."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings

from app.models.common import WEEKDAYS
from app.models.runner import Identity, Schedule
from app.planning import PlanRequest
from app.planning.personalization import full_name, weekly_availability
from app.planning.plan_goal import current_phase
from tests.unit.planning.strategies import generate, plan_requests

PROPERTIES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(plan_requests())
def test_every_day_of_a_plan_has_its_weeks_phase_and_no_day_outside(request: PlanRequest):
    plan = generate(request).plan.to_mongo()
    weeks = plan["weeklyPlan"]
    start, race_day = request.start_date, request.race_date
    assert current_phase(weeks, start - timedelta(days=1)) is None
    assert current_phase(weeks, race_day + timedelta(days=1)) is None
    for week in weeks:
        first, last = date.fromisoformat(week["startDate"]), date.fromisoformat(week["endDate"])
        assert current_phase(weeks, first) == week["phase"]
        assert current_phase(weeks, last) == week["phase"]


@PROPERTIES
@given(plan_requests())
def test_a_plan_keeps_the_inputs_it_was_generated_from(request: PlanRequest):
    plan = generate(request).plan
    inputs = plan.personalization_inputs
    assert inputs is not None
    assert inputs.experience_level == request.experience_level
    assert inputs.injury_flags == list(request.injury_types)
    assert [block.day for block in inputs.availability] == list(request.free_days)
    assert inputs.baseline_fitness.vdot == plan.load_parameters.estimated_vdot
    assert inputs.baseline_fitness.weekly_volume_km == request.current_weekly_volume_km


def test_the_name_is_the_whole_name_first_then_first_and_last_then_the_display_name():
    assert full_name(Identity(name="Ada N. Okafor", first_name="Ada")) == "Ada N. Okafor"
    assert full_name(Identity(first_name="Ada", last_name="Okafor")) == "Ada Okafor"
    assert full_name(Identity(first_name="Ada", display_name="ada92")) == "Ada"
    assert full_name(Identity(display_name="ada92")) == "ada92"
    assert full_name(Identity()) is None


def test_availability_is_the_free_days_monday_first():
    schedule = Schedule(
        available_days=["sunday", "monday", "friday", "wednesday"],
        blocked_days=["friday"],
        max_session_minutes=75,
    )
    blocks = weekly_availability(schedule)
    assert [block.day for block in blocks] == [WEEKDAYS[0], WEEKDAYS[2], WEEKDAYS[6]]
    assert {(block.time_of_day, block.max_minutes) for block in blocks} == {(None, 75)}
