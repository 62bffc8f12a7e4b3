"""The runner as the plan saw them: six radar axes (0-100) with their uncertainty.

Simple, explained heuristics, not measurements: endurance is the start volume against the
plan's peak; speed maps VDOT 20-75 onto 0-100; recovery falls a point a year after 40 and
10 with an injury history; consistency is the derived score, else runs a week against 6;
injury risk adds injury history (25), age 50+ (10) and a doubling of volume (15) to a base of
20; race readiness is the longest recent run against 70 % of the race distance.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.models.common import Weekday
from app.models.plan import (
    FitnessIndicators,
    PlanInfluencer,
    RadarAxis,
    RadarValue,
    RunnerSnapshot,
)
from app.planning.formatting import ordinal
from app.planning.periodization import MASTERS_AGE
from app.planning.season import BIG_RAMP_RATIO, SeasonFacts

RADAR_LABELS: dict[str, str] = {
    RadarAxis.ENDURANCE: "Endurance",
    RadarAxis.SPEED: "Speed",
    RadarAxis.RECOVERY: "Recovery",
    RadarAxis.CONSISTENCY: "Consistency",
    RadarAxis.INJURY_RISK: "Injury Risk",
    RadarAxis.RACE_READY: "Race Ready",
}
"""The RadarChart's axis labels, as the seed names them."""

UNCERTAIN_FROM = 40.0
"""An axis whose uncertainty (0-100) reaches this is an estimate: the chart shows it apart."""


def radar_points(axes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored radar axes as the RadarChart reads them: label, value, uncertain."""
    return [
        {
            "label": RADAR_LABELS[str(axis["axis"])],
            "value": axis["value"],
            "uncertain": axis["uncertainty"] >= UNCERTAIN_FROM,
        }
        for axis in axes
    ]


def runner_snapshot(facts: SeasonFacts, now: datetime) -> RunnerSnapshot:
    """The runner as the plan saw them, on six axes."""
    request, fitness = facts.request, facts.fitness
    age = request.age_years
    injured = request.has_injury_history
    endurance = min(100.0, 100 * facts.start_km / facts.peak_km) if facts.peak_km else 50.0
    speed = max(0.0, min(100.0, (fitness.vdot - 20) / 55 * 100))
    recovery = max(10.0, 85 - max(0, (age or 30) - 40) - (10 if injured else 0))
    if request.consistency_pct is not None:
        consistency, consistency_unc = request.consistency_pct, 15.0
    else:
        runs = request.current_runs_per_week or 0
        consistency, consistency_unc = min(100.0, runs / 6 * 100), 50.0
    risk = min(
        100.0,
        20
        + 25 * injured
        + 10 * (age is not None and age >= MASTERS_AGE)
        + 15 * (facts.peak_km >= BIG_RAMP_RATIO * facts.start_km),
    )
    longest = request.longest_recent_run_km
    race_km = request.race_distance_m / 1000
    ready = min(100.0, 100 * (longest or facts.start_km / 3) / (0.7 * race_km))
    axes = [
        (
            RadarAxis.ENDURANCE,
            endurance,
            40.0 if facts.start_estimated else 15.0,
            "Current weekly volume against the plan's peak.",
        ),
        (RadarAxis.SPEED, speed, 100 - fitness.confidence_pct, f"VDOT {fitness.vdot:.1f}."),
        (RadarAxis.RECOVERY, recovery, 40.0, "From age and injury history."),
        (
            RadarAxis.CONSISTENCY,
            consistency,
            consistency_unc,
            "Share of recent weeks with running"
            if request.consistency_pct is not None
            else "From runs per week",
        ),
        (RadarAxis.INJURY_RISK, risk, 40.0, "Injury history, age and the rise in volume."),
        (
            RadarAxis.RACE_READY,
            ready,
            20.0 if longest is not None else 50.0,
            "Longest recent run against 70 % of the race distance.",
        ),
    ]
    return RunnerSnapshot(
        captured_at=now,
        axes=[
            RadarValue(axis=axis, value=round(value, 1), uncertainty=unc, explanation=text)
            for axis, value, unc, text in axes
        ],
        vdot=fitness.vdot,
        weekly_volume_km=request.current_weekly_volume_km or 0.0,
        runs_per_week=request.current_runs_per_week or 0,
        experience_level=request.experience_level.value,
        age=age,
        injury_history=list(request.injury_types),
        fitness_indicators=_indicators(facts),
        plan_influencers=_influencers(facts),
    )


def _indicators(facts: SeasonFacts) -> FitnessIndicators:
    request, vdot = facts.request, facts.fitness.vdot
    return FitnessIndicators(
        current_vdot=vdot,
        current_weekly_volume=request.current_weekly_volume_km,
        recent_consistency_score=request.consistency_pct,
        injury_history_count=len(request.injury_types),
        days_to_goal=(request.race_date - request.start_date).days,
        estimated_vdot=vdot,
        recent_volume=request.current_weekly_volume_km,
        consistency_score=request.consistency_pct,
    )


def _influencers(facts: SeasonFacts) -> list[PlanInfluencer]:
    """The facts about the runner that changed the plan, each with what it changed."""
    request, fitness, season = facts.request, facts.fitness, facts.season
    found: list[PlanInfluencer] = []
    if request.has_injury_history and facts.max_increase_pct is not None:
        found.append(
            PlanInfluencer(
                factor="injury_history",
                impact=f"Volume rises at most {facts.max_increase_pct:g} % a week "
                f"({', '.join(request.injury_types)}).",
                data_source="user_reported",
            )
        )
    if request.age_years is not None and request.age_years >= MASTERS_AGE:
        found.append(
            PlanInfluencer(
                factor="age_50_plus",
                impact=f"A recovery week every {ordinal(season.recovery_every_n_weeks)} week.",
                data_source="user_reported",
            )
        )
    found.append(
        PlanInfluencer(
            factor="estimated_fitness" if fitness.source == "estimate" else "measured_fitness",
            impact=f"Training paces from VDOT {fitness.vdot:.1f}, {fitness.basis}.",
            data_source="inferred" if fitness.source == "estimate" else "user_reported",
        )
    )
    found.append(
        PlanInfluencer(
            factor="estimated_start_volume" if facts.start_estimated else "current_volume",
            impact=f"Week 1 has {facts.week_one_km:.1f} km of running.",
            data_source="inferred" if facts.start_estimated else "user_reported",
        )
    )
    if request.consistency_pct is not None:
        found.append(
            PlanInfluencer(
                factor="training_consistency",
                impact=f"Consistency {request.consistency_pct:.0f}/100 from your recorded runs "
                "sets the radar's consistency axis.",
                data_source="wearable",
            )
        )
    if request.blocked_days:
        days = ", ".join(Weekday(day).value.capitalize() for day in request.blocked_days)
        found.append(
            PlanInfluencer(
                factor="blocked_days",
                impact=f"No training on {days}.",
                data_source="user_reported",
            )
        )
    return found
