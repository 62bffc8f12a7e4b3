"""Hypothesis strategies for runner and race profiles, and readers of a generated plan."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from functools import cache

from bson import ObjectId
from hypothesis import strategies as st

from app.fitness.prediction import world_record_pace_s_per_km
from app.models.common import RACE_DISTANCE_M, WEEKDAYS, ExperienceLevel, RaceType
from app.models.knowledge import SafeguardDocument
from app.models.race import GoalPriority
from app.models.session import PlannedSessionDocument, SessionType
from app.planning import GeneratedPlan, PlanRequest, generate_plan
from app.planning.seed_data import load_knowledge_base, load_safeguards

RUNNER_ID = ObjectId("5f0000000000000000000001")
PLAN_ID = ObjectId("5f0000000000000000000002")
NOW = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
MONDAY = date(2026, 1, 5)
INJURIES = ("achilles tendinopathy", "shin splints", "runner's knee", "plantar fasciitis")


@cache
def safeguards() -> tuple[SafeguardDocument, ...]:
    return tuple(load_safeguards())


@cache
def knowledge_keys() -> frozenset[str]:
    return frozenset(entry.key for entry in load_knowledge_base())


def generate(request: PlanRequest) -> GeneratedPlan:
    return generate_plan(request, safeguards(), knowledge_keys(), plan_id=PLAN_ID, now=NOW)


def make_request(**overrides) -> PlanRequest:
    """A 16-week half-marathon request for an intermediate runner, with overrides."""
    values = {
        "runner_id": RUNNER_ID,
        "race_id": None,
        "race_name": "City Half",
        "race_type": RaceType.HALF_MARATHON,
        "race_distance_m": RACE_DISTANCE_M[RaceType.HALF_MARATHON],
        "start_date": MONDAY,
        "race_date": MONDAY + timedelta(weeks=16, days=-1),
        "experience_level": ExperienceLevel.INTERMEDIATE,
        "current_weekly_volume_km": 30.0,
        "baseline_5k_s": 25 * 60.0,
    }
    values.update(overrides)
    return PlanRequest(**values)


@st.composite
def plan_requests(draw: st.DrawFn) -> PlanRequest:
    """Runner and race profiles: every distance, 6-30 weeks, 2-7 days, injuries, ages 18-80."""
    race_type = draw(st.sampled_from(list(RaceType)))
    distance_m = RACE_DISTANCE_M.get(race_type) or draw(st.floats(3000, 60000).map(round))
    weeks = draw(st.integers(6, 30))
    race_week_days = draw(st.integers(1, 7))
    start = MONDAY + timedelta(days=draw(st.integers(0, 6)))
    race_date = start + timedelta(days=7 * (weeks - 1) + race_week_days - 1)
    free = draw(st.sets(st.sampled_from(WEEKDAYS), min_size=2))
    others = [day for day in WEEKDAYS if day not in free]
    blocked = draw(st.sets(st.sampled_from(others))) if others else set()
    available = tuple(d for d in WEEKDAYS if d in free or d in blocked)
    record_s = world_record_pace_s_per_km(distance_m) * distance_m / 1000
    goal = draw(st.one_of(st.none(), st.floats(1.15, 3.5).map(lambda f: round(f * record_s))))
    max_hr = draw(st.one_of(st.none(), st.integers(150, 210)))
    return PlanRequest(
        runner_id=RUNNER_ID,
        race_id=ObjectId("5f0000000000000000000003"),
        race_name="Test Race",
        race_type=race_type,
        race_distance_m=float(distance_m),
        race_date=race_date,
        start_date=start,
        goal_time_s=goal,
        goal_priority=draw(st.sampled_from(list(GoalPriority))),
        experience_level=draw(st.sampled_from(list(ExperienceLevel))),
        age_years=draw(st.one_of(st.none(), st.integers(18, 80))),
        injury_types=tuple(draw(st.lists(st.sampled_from(INJURIES), max_size=2, unique=True))),
        current_weekly_volume_km=draw(st.one_of(st.none(), st.floats(0, 130).map(round))),
        current_runs_per_week=draw(st.one_of(st.none(), st.integers(0, 8))),
        longest_recent_run_km=draw(st.one_of(st.none(), st.floats(0, 35).map(round))),
        baseline_5k_s=draw(st.one_of(st.none(), st.floats(14 * 60, 45 * 60).map(round))),
        max_hr_bpm=max_hr,
        resting_hr_bpm=draw(st.one_of(st.none(), st.integers(38, 75))) if max_hr else None,
        available_days=available,
        preferred_days=tuple(draw(st.sets(st.sampled_from(WEEKDAYS), max_size=3))),
        blocked_days=tuple(blocked),
        long_run_day=draw(st.one_of(st.none(), st.sampled_from(WEEKDAYS))),
        max_session_min=draw(st.one_of(st.none(), st.integers(30, 240))),
        runs_per_week=draw(st.one_of(st.none(), st.integers(2, 7))),
    )


def sessions_by_week(generated: GeneratedPlan) -> dict[int, list[PlannedSessionDocument]]:
    weeks: dict[int, list[PlannedSessionDocument]] = defaultdict(list)
    for session in generated.sessions:
        weeks[session.week_number].append(session)
    return weeks


def training_km(sessions: list[PlannedSessionDocument]) -> float:
    """Distance of a week's running, the race excluded."""
    return sum(s.distance_km for s in sessions if s.type != SessionType.RACE)
