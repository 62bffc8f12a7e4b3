"""The plan generator: request, safeguards and knowledge keys in; plan and sessions out.

Pure and deterministic: equal inputs (with `plan_id` and `now` given) give equal outputs;
nothing reads the clock or a random source except a missing `now` or `plan_id`. Documents are
built with their validating constructors: `model_construct` was measured slower (its
per-field Python loop costs more than pydantic-core's validation).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bson import ObjectId

from app.models.common import WEEKDAYS, RaceType, utc_now
from app.models.knowledge import SafeguardDocument
from app.models.plan import (
    LoadParameters,
    Phase,
    PlanDocument,
    PlanMetadata,
    PlanStatus,
    SafeguardApplication,
)
from app.models.session import PlannedSessionDocument
from app.planning.decisions import decisions, phase_plans
from app.planning.documents import build_weeks
from app.planning.feasibility import assess_feasibility, predict_race, race_target_time_s
from app.planning.formatting import format_duration, format_km, format_pace_range
from app.planning.justify import PlanFacts
from app.planning.paces import FIVE_K_M, current_fitness, predicted_time_s, target_paces
from app.planning.periodization import Periodization, periodize, race_group
from app.planning.personalization import personalization_inputs
from app.planning.profile import PlanRequest
from app.planning.references import KnownRefs
from app.planning.safeguards import (
    LONG_RUN_SHARE,
    WEEKLY_VOLUME_INCREASE,
    RunnerFacts,
    SafeguardEngine,
)
from app.planning.schedule import choose_pattern
from app.planning.season import SeasonFacts, season_view
from app.planning.snapshot import runner_snapshot
from app.planning.volume import (
    RECOVERY_REDUCTION_PCT,
    hm_to_km,
    km_to_hm,
    peak_volume_km,
    ramp_rate,
    start_volume_km,
)
from app.planning.weeks import (
    VolumePlan,
    distance_limits,
    draft_weeks,
    enforce_hard_day_spacing,
)
from app.planning.workouts import WorkoutBuilder, WorkoutContext

GENERATOR_VERSION = "1"
_RACE_LABELS: dict[str, str] = {
    RaceType.FIVE_K: "5 km",
    RaceType.TEN_K: "10 km",
    RaceType.HALF_MARATHON: "half marathon",
    RaceType.MARATHON: "marathon",
}


@dataclass(frozen=True, slots=True)
class GeneratedPlan:
    """A generated plan (status `generating`, version 1) and its sessions, in date order."""

    plan: PlanDocument
    sessions: list[PlannedSessionDocument]


def generate_plan(
    request: PlanRequest,
    safeguards: Sequence[SafeguardDocument],
    knowledge_keys: Collection[str],
    *,
    plan_id: ObjectId | None = None,
    now: datetime | None = None,
) -> GeneratedPlan:
    """Generate the plan for `request` within `safeguards`, citing only `knowledge_keys`."""
    now = now if now is not None else utc_now()
    plan_id = plan_id if plan_id is not None else ObjectId()
    known = KnownRefs(knowledge_keys)
    engine = SafeguardEngine(
        safeguards,
        RunnerFacts(request.experience_level, request.injury_types, request.age_years),
        applied_at=now,
    )
    applications: list[SafeguardApplication] = []
    pattern = choose_pattern(request)
    rest_ruling = engine.rest_days_per_week(week_number=None, rest_days=7 - pattern.runs_per_week)
    if rest_ruling.application is not None:
        applications.append(rest_ruling.application)
        if rest_ruling.value > 7 - pattern.runs_per_week:
            pattern = choose_pattern(replace(request, runs_per_week=7 - int(rest_ruling.value)))
    season = periodize(
        request.start_date,
        request.race_date,
        request.race_distance_m,
        request.experience_level,
        request.age_years,
    )
    training_weeks = len(season.weeks) - season.taper_weeks
    fitness = current_fitness(request)
    prediction = predict_race(request, fitness, training_weeks)
    target_time_s = race_target_time_s(
        request.goal_time_s, predicted_time_s(fitness.vdot, request.race_distance_m)
    )
    paces = target_paces(fitness.vdot, target_time_s, request.race_distance_m)
    volume, start_estimated = _volume_plan(request, season, pattern.runs_per_week)
    start_km, peak_km = hm_to_km(volume.start_hm), hm_to_km(volume.peak_hm)
    limits = distance_limits(paces, request.max_session_min, request.race_distance_m)
    drafts, week_applications = draft_weeks(
        request, season, pattern, volume=volume, paces=paces, limits=limits, engine=engine
    )
    applications += week_applications
    applications += enforce_hard_day_spacing(drafts, engine)
    longest_km = hm_to_km(max(draft.long_hm for draft in drafts))
    peak_week_km = hm_to_km(max(draft.training_hm for draft in drafts))
    feasibility = assess_feasibility(request, fitness, prediction, longest_km, peak_week_km)
    race_label = _RACE_LABELS.get(
        request.race_type, f"{format_km(request.race_distance_m)} km race"
    )
    builder = WorkoutBuilder(
        WorkoutContext(
            paces=paces,
            group=race_group(request.race_distance_m),
            experience=request.experience_level,
            race_name=request.race_name,
            race_distance_m=request.race_distance_m,
            race_time_s=target_time_s,
            imperial=request.imperial_units,
            max_hr_bpm=request.max_hr_bpm,
            resting_hr_bpm=request.resting_hr_bpm,
        )
    )
    max_increase = engine.parameter(WEEKLY_VOLUME_INCREASE, "maxIncreasePct")
    facts = PlanFacts(
        race_name=request.race_name,
        race_label=race_label,
        total_weeks=len(season.weeks),
        taper_weeks=season.taper_weeks,
        recovery_every_n_weeks=season.recovery_every_n_weeks,
        max_increase_pct=max_increase,
        pattern=pattern,
        blocked_weekdays=frozenset(WEEKDAYS.index(day) for day in request.blocked_days),
        free_weekdays=frozenset(WEEKDAYS.index(day) for day in request.free_days),
        long_run_day_requested=request.long_run_day is not None
        and WEEKDAYS.index(request.long_run_day) == pattern.long_run_day,
        target_time=format_duration(target_time_s),
        goal_time=format_duration(request.goal_time_s) if request.goal_time_s else None,
        target_pace=format_pace_range(
            paces.race or paces.marathon, imperial=request.imperial_units
        ),
        imperial=request.imperial_units,
        current_weekly_km=request.current_weekly_volume_km,
    )
    sessions, weeks, minutes_by_week = build_weeks(
        drafts,
        builder=builder,
        facts=facts,
        engine=engine,
        known=known,
        plan_id=plan_id,
        request=request,
        now=now,
    )
    season_facts = SeasonFacts(
        request=request,
        race_label=race_label,
        season=season,
        pattern=pattern,
        fitness=fitness,
        feasibility=feasibility,
        start_km=start_km,
        start_estimated=start_estimated,
        week_one_km=hm_to_km(drafts[0].training_hm),
        peak_km=peak_km,
        peak_reached_km=max(hm_to_km(draft.training_hm) for draft in drafts),
        longest_run_km=longest_km,
        max_increase_pct=max_increase,
        target_time_s=target_time_s,
        target_basis=_target_basis(target_time_s, request.goal_time_s),
        long_run_warnings=sum(1 for item in applications if item.field == "longRunKm"),
    )
    plan = PlanDocument(
        id=plan_id,
        runner_id=request.runner_id,
        race_id=request.race_id,
        status=PlanStatus.DRAFT,
        version=1,
        idempotency_key=None,
        metadata=PlanMetadata(
            name=f"{request.race_name}: {len(season.weeks)}-week {race_label} plan",
            description=feasibility.reason,
            start_date=request.start_date,
            end_date=request.race_date,
            total_weeks=len(season.weeks),
            race_distance_m=request.race_distance_m,
            generator_version=GENERATOR_VERSION,
        ),
        season_view=season_view(season_facts, drafts, known),
        weekly_plan=weeks,
        runner_snapshot=runner_snapshot(season_facts, now),
        phases=phase_plans(
            season, minutes_by_week, [week.target_volume_km for week in weeks], known
        ),
        load_parameters=LoadParameters(
            start_volume_km=round(start_km, 1),
            peak_volume_km=season_facts.peak_reached_km,
            max_weekly_increase_pct=max_increase or volume.rate * 100,
            recovery_every_n_weeks=season.recovery_every_n_weeks,
            recovery_reduction_pct=RECOVERY_REDUCTION_PCT,
            taper_weeks=season.taper_weeks,
            long_run_max_share_pct=engine.parameter(LONG_RUN_SHARE, "maxSharePct") or 100.0,
            max_hard_sessions_per_week=max(week.hard_sessions for week in weeks),
            runs_per_week=pattern.runs_per_week,
            estimated_vdot=season_facts.fitness.vdot,
        ),
        target_paces=paces,
        decisions=decisions(season_facts, known),
        safeguard_applications=applications,
        modification_history=[],
        adaptive_5k_time_s=round(predicted_time_s(fitness.vdot, FIVE_K_M), 1),
        blackout_dates=[],
        personalization_inputs=personalization_inputs(request, fitness),
        created_at=now,
        updated_at=now,
        activated_at=None,
    )
    return GeneratedPlan(plan=plan, sessions=sessions)


def _volume_plan(
    request: PlanRequest, season: Periodization, runs_per_week: int
) -> tuple[VolumePlan, bool]:
    """Start, peak and weekly growth of the volume; and whether the start was estimated."""
    start_km, estimated, from_zero = start_volume_km(
        request.current_weekly_volume_km, request.experience_level, runs_per_week
    )
    peak_km = peak_volume_km(
        request.race_distance_m, request.experience_level, request.goal_priority, start_km
    )
    # Weeks that grow the volume: not a recovery week, nor the return to the level before one.
    ramp_weeks = sum(
        1
        for previous, frame in zip((None, *season.weeks), season.weeks, strict=False)
        if frame.phase in {Phase.BASE, Phase.BUILD}
        and not frame.is_recovery
        and not (previous is not None and previous.is_recovery)
    )
    plan = VolumePlan(
        start_hm=km_to_hm(start_km),
        peak_hm=km_to_hm(peak_km),
        rate=ramp_rate(start_km, peak_km, ramp_weeks),
        # Below the run-walk minimum the runner starts from zero: week 1 is not compared.
        current_km=None if from_zero else request.current_weekly_volume_km,
        run_walk=from_zero,
    )
    return plan, estimated


def _target_basis(target_time_s: float, goal_time_s: float | None) -> str:
    if target_time_s == goal_time_s:
        return "your goal, which your current fitness already supports"
    if goal_time_s is not None and goal_time_s > target_time_s:
        return "5 % over the time your current fitness predicts; your goal is well within reach"
    if goal_time_s is not None:
        return (
            "the time your current fitness predicts; your faster goal pace waits until a race "
            "or time trial shows the fitness for it"
        )
    return "the time your current fitness predicts"
