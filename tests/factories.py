"""Builders of valid documents for tests that need a runner's world of a given size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from bson import ObjectId

from app.clock import SYSTEM_CLOCK
from app.models.activity import ActivityDocument, Sport
from app.models.common import PaceRange
from app.models.execution import (
    Actuals,
    Analysis,
    CompletionStatus,
    ComplianceColor,
    ExecutionDocument,
    ExecutionOrigin,
)
from app.models.plan import (
    ConfidenceLevel,
    ExpectedOutcomes,
    IntensityDistribution,
    LoadParameters,
    Phase,
    PhasePlan,
    PlanDocument,
    PlanMetadata,
    PlanStatus,
    RadarAxis,
    RadarValue,
    RunnerSnapshot,
    SeasonView,
    Week,
)
from app.models.race import RaceDocument
from app.models.session import CalendarDisplay, PlannedSessionDocument, SessionType
from repositories.base import Document
from repositories.registry import Repositories

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SPLIT = IntensityDistribution(easy_pct=80, moderate_pct=10, hard_pct=10)


@dataclass
class World:
    """What `build_world` stored for one runner."""

    race: Document
    plan: Document
    sessions: list[Document]
    executions: list[Document] = field(default_factory=list)
    activities: list[Document] = field(default_factory=list)


def _session(plan: PlanDocument, week: int, day: int, scheduled: date) -> PlannedSessionDocument:
    kind = SessionType.REST if day in {0, 4} else SessionType.EASY
    distance = 0.0 if kind is SessionType.REST else 8.0
    return PlannedSessionDocument(
        plan_id=plan.id,
        runner_id=plan.runner_id,
        week_number=week,
        day_index=day,
        day_of_week=WEEKDAYS[day],
        scheduled_date=scheduled,
        original_scheduled_date=scheduled,
        type=kind,
        title=f"{kind.value.title()} {distance:g} km",
        display=CalendarDisplay(
            title=kind.value.title(),
            subtitle=f"{distance:g} km",
            duration_label="45 min",
            distance_label=f"{distance:g} km",
            pace_label="5:45–6:15 /km",
            intensity_label="easy",
            color="easy",
            icon="run",
        ),
        duration_min=0 if kind is SessionType.REST else 45,
        distance_km=distance,
        effort=0 if kind is SessionType.REST else 3,
        pace_range=PaceRange(min_s_per_km=345, max_s_per_km=375),
        description="Easy aerobic running.",
        justification="Aerobic base at low cost.",
        physiological_target="Aerobic capacity",
        placement_rationale="Between rest days.",
        status="rest" if kind is SessionType.REST else "scheduled",
    )


def build_plan(runner_id: ObjectId, race_id: ObjectId, weeks: int, start: date) -> PlanDocument:
    """A valid plan of `weeks` weeks (not the generator's: a fixed shape, for counting)."""
    week_docs = [
        Week(
            week_number=n,
            start_date=start + timedelta(weeks=n - 1),
            end_date=start + timedelta(weeks=n - 1, days=6),
            phase=Phase.BASE,
            target_volume_km=40,
            target_duration_min=300,
            long_run_km=12,
            planned_load=1500,
            run_days=5,
            rest_days=2,
            hard_sessions=1,
            intensity_distribution=SPLIT,
            intensity_score=50,
            key_sessions=1,
            easy_runs=4,
            focus="Aerobic base",
            week_justification="Build the base.",
        )
        for n in range(1, weeks + 1)
    ]
    return PlanDocument(
        runner_id=runner_id,
        race_id=race_id,
        status=PlanStatus.ACTIVE,
        # Unique per runner, as the generator makes them: a runner may get several plans.
        idempotency_key=f"factory-{ObjectId()}",
        metadata=PlanMetadata(
            name=f"{weeks}-week plan",
            start_date=start,
            end_date=start + timedelta(weeks=weeks, days=-1),
            total_weeks=weeks,
        ),
        season_view=SeasonView(
            coach_summary="A steady build.",
            periodization_justification="Base first.",
            volume_strategy_justification="Gentle increases.",
            expected_outcomes=ExpectedOutcomes(
                primary_goal="Finish the race",
                confidence_level=ConfidenceLevel.ACHIEVABLE,
                confidence_reason="Plenty of time.",
            ),
        ),
        weekly_plan=week_docs,
        runner_snapshot=RunnerSnapshot(
            axes=[
                RadarValue(axis=axis, value=50, uncertainty=20, explanation="estimate")
                for axis in RadarAxis
            ],
            weekly_volume_km=30,
            runs_per_week=4,
            experience_level="intermediate",
        ),
        phases=[
            PhasePlan(
                phase=Phase.BASE,
                start_week=1,
                end_week=weeks,
                focus="Base",
                intensity_distribution=SPLIT,
                justification="Aerobic development.",
            )
        ],
        load_parameters=LoadParameters(
            start_volume_km=30,
            peak_volume_km=50,
            max_weekly_increase_pct=10,
            recovery_every_n_weeks=4,
            recovery_reduction_pct=25,
            taper_weeks=2,
            long_run_max_share_pct=30,
            max_hard_sessions_per_week=2,
            runs_per_week=5,
        ),
    )


async def build_world(
    repositories: Repositories, runner_id: ObjectId, weeks: int, executed_days: int = 5
) -> World:
    """Store a race, an assigned plan of `weeks` weeks, and executions with activities."""
    start = date(2030, 1, 7)
    race = RaceDocument(
        runner_id=runner_id,
        name="Test half",
        type="half",
        date=start + timedelta(weeks=weeks, days=-1),
    )
    race_doc = await repositories.races.insert(race)
    plan = build_plan(runner_id, race.id, weeks, start)
    plan_doc = plan.to_mongo()
    await repositories.plans.insert(plan_doc)
    await repositories.assignments.insert(
        {"runnerId": runner_id, "planId": plan.id, "assignedAt": SYSTEM_CLOCK.now()}
    )
    sessions = [
        _session(plan, week, day, start + timedelta(weeks=week - 1, days=day)).to_mongo()
        for week in range(1, weeks + 1)
        for day in range(7)
    ]
    await repositories.sessions.insert_many(sessions)
    world = World(race=race_doc, plan=plan_doc, sessions=sessions)
    for session in [s for s in sessions if s["type"] != "rest"][:executed_days]:
        started = datetime.fromisoformat(session["scheduledDate"]).replace(hour=7, tzinfo=UTC)
        activity = ActivityDocument(
            runner_id=runner_id,
            source="garmin",
            external_id=f"g-{session['_id']}",
            sport=Sport.RUN,
            start_time=started,
            local_date=session["scheduledDate"],
            elapsed_time_s=2700,
            distance_m=8100,
        ).to_mongo()
        execution = ExecutionDocument(
            runner_id=runner_id,
            plan_id=plan.id,
            session_id=session["_id"],
            session_key=str(session["_id"]),
            activity_id=activity["_id"],
            week_number=session["weekNumber"],
            day_index=session["dayIndex"],
            date=session["scheduledDate"],
            planned_snapshot=session,
            actual=Actuals(distance_km=8.1, duration_min=45),
            completion_status=CompletionStatus.COMPLETED,
            origin=ExecutionOrigin.AUTO_MATCH,
            analysis=Analysis(
                quality_score=92,
                adherence_score=95,
                compliance_color=ComplianceColor.GREEN,
                summary="On target.",
            ),
        ).to_mongo()
        activity["executionId"] = execution["_id"]
        world.activities.append(activity)
        world.executions.append(execution)
    await repositories.activities.collection.insert_many(world.activities)
    await repositories.executions.insert_many(world.executions)
    return world
