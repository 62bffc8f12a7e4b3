"""Is the goal realistic? The goal time against a VDOT prediction with a modest improvement.

The prediction starts from current fitness (`paces.current_fitness`) and adds what the weeks
before the taper can bring: a VDOT gain per week by experience, capped (beginners gain most).
With a goal time: achievable when the goal is no faster than the predicted time, ambitious up
to 4 % faster, unlikely beyond. Without one (finish): the longest planned run against the race
distance decides (60 % and more achievable, 45 % ambitious, below unlikely).

Distance readiness comes first, whatever the goal: a race of 21 km or more needs a longest
planned run of at least race/1.6 (13.2 km for the half, 26.4 km for the marathon) and a peak
week of at least the race distance. Published plans sit above both floors (Higdon's Novice
half: 16 km long run, about 40 km weeks; his Novice marathon: 32 km, about 64 km weeks;
Pfitzinger 18/55: 32 km, 88 km weeks). A plan below them is judged unlikely and offers safer
options (a later race, a shorter distance, a finish goal) instead of pretending.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from app.models.common import ExperienceLevel
from app.models.plan import FeasibilityVerdict, GoalFeasibility
from app.planning.formatting import format_duration, format_km
from app.planning.paces import Fitness, predicted_time_s
from app.planning.profile import PlanRequest
from app.planning.volume import LONG_RUN_GROWTH_KM_PER_WEEK

AMBITIOUS_MARGIN = 0.04
"""A goal up to 4 % faster than the prediction is ambitious; faster is unlikely."""
SLOW_GOAL_MARGIN = 0.05
"""Race-pace work is never slower than 5 % over the time current fitness predicts."""
DISTANCE_READINESS_FROM_M = 21000.0
LONG_RUN_READINESS_DIVISOR = 1.6
PEAK_WEEK_READINESS_SHARE = 1.0
HALF_MARATHON_M = 21097.5
FINISH_ACHIEVABLE_SHARE = 0.6
FINISH_AMBITIOUS_SHARE = 0.45

_GAIN_PCT_PER_WEEK: dict[ExperienceLevel, float] = {
    ExperienceLevel.BEGINNER: 0.5,
    ExperienceLevel.INTERMEDIATE: 0.35,
    ExperienceLevel.ADVANCED: 0.25,
    ExperienceLevel.ELITE: 0.15,
}
_GAIN_CAP_PCT: dict[ExperienceLevel, float] = {
    ExperienceLevel.BEGINNER: 8.0,
    ExperienceLevel.INTERMEDIATE: 6.0,
    ExperienceLevel.ADVANCED: 4.0,
    ExperienceLevel.ELITE: 2.0,
}


_FINISH_REASONS: dict[FeasibilityVerdict, str] = {
    FeasibilityVerdict.ACHIEVABLE: "(60 % or more), enough to finish strongly.",
    FeasibilityVerdict.AMBITIOUS: (
        "(45-60 %): finishing is realistic with even pacing and walk breaks if needed."
    ),
    FeasibilityVerdict.UNLIKELY: (
        "(under 45 %): consider more time before the race, more running days or longer sessions."
    ),
}


def expected_vdot(vdot: float, experience: ExperienceLevel, training_weeks: int) -> float:
    """VDOT expected on race day after `training_weeks` weeks of training."""
    gain_pct = min(_GAIN_CAP_PCT[experience], _GAIN_PCT_PER_WEEK[experience] * training_weeks)
    return round(vdot * (1 + gain_pct / 100), 1)


def goal_verdict(goal_time_s: float, predicted_s: float) -> FeasibilityVerdict:
    """Verdict for a goal time against the predicted race-day time."""
    if goal_time_s >= predicted_s:
        return FeasibilityVerdict.ACHIEVABLE
    if goal_time_s >= predicted_s * (1 - AMBITIOUS_MARGIN):
        return FeasibilityVerdict.AMBITIOUS
    return FeasibilityVerdict.UNLIKELY


@dataclass(frozen=True, slots=True)
class RacePrediction:
    """Race day after the training weeks: the expected VDOT and the time it predicts."""

    training_weeks: int
    vdot: float
    time_s: float


def predict_race(request: PlanRequest, fitness: Fitness, training_weeks: int) -> RacePrediction:
    """The expected race-day VDOT and race time after `training_weeks` weeks of training."""
    race_vdot = expected_vdot(fitness.vdot, request.experience_level, training_weeks)
    return RacePrediction(
        training_weeks, race_vdot, predicted_time_s(race_vdot, request.race_distance_m)
    )


def race_target_time_s(goal_time_s: float | None, current_time_s: float) -> float:
    """The time race-pace sessions aim at, from current fitness (`current_time_s`).

    Race pace is prescribed from what the runner can run today, never from the race-day
    VDOT the plan hopes for (Daniels: train at current fitness; paces move up when a race or
    time trial shows the gain). The goal is used when it is no faster than that, and at most
    5 % slower, so race pace stays a real race effort.
    """
    if goal_time_s is None or goal_time_s < current_time_s:
        return current_time_s
    return min(goal_time_s, current_time_s * (1 + SLOW_GOAL_MARGIN))


@dataclass(frozen=True, slots=True)
class DistanceReadiness:
    """The plan's longest run and peak week against what the race distance needs."""

    longest_run_km: float
    needed_long_run_km: float
    peak_week_km: float
    needed_week_km: float

    @property
    def ready(self) -> bool:
        """Whether both floors are met."""
        return (
            self.longest_run_km >= self.needed_long_run_km
            and self.peak_week_km >= self.needed_week_km
        )


def distance_readiness(
    distance_m: float, longest_run_km: float, peak_week_km: float
) -> DistanceReadiness | None:
    """The readiness floors for a race of 21 km or more (None for shorter races)."""
    if distance_m < DISTANCE_READINESS_FROM_M:
        return None
    race_km = distance_m / 1000
    return DistanceReadiness(
        longest_run_km=longest_run_km,
        needed_long_run_km=race_km / LONG_RUN_READINESS_DIVISOR,
        peak_week_km=peak_week_km,
        needed_week_km=race_km * PEAK_WEEK_READINESS_SHARE,
    )


_SHORTER_RACES = (("a half marathon", HALF_MARATHON_M), ("a 10 km", 10000.0))


def _safer_options(request: PlanRequest, readiness: DistanceReadiness) -> list[str]:
    """A later race, a shorter distance and (with a time goal) a finish goal."""
    missing_km = max(0.0, readiness.needed_long_run_km - readiness.longest_run_km)
    # The long run grows about 1.5 km a week and every 4th week is a recovery week.
    more_weeks = max(2, math.ceil(missing_km / LONG_RUN_GROWTH_KM_PER_WEEK * 4 / 3))
    later = request.race_date + timedelta(weeks=more_weeks)
    options = [
        (
            f"A later race: about {more_weeks} more weeks (a race on or after "
            f"{later.isoformat()}) let the long run grow to {readiness.needed_long_run_km:.1f} "
            "km safely."
        )
    ]
    # The longest shorter race whose long run (race/1.6, the same rule of thumb) the plan holds.
    shorter = next(
        (
            name
            for name, distance_m in _SHORTER_RACES
            if distance_m < request.race_distance_m
            and readiness.longest_run_km >= distance_m / 1000 / LONG_RUN_READINESS_DIVISOR
        ),
        "a 5 km",
    )
    options.append(
        f"A shorter race: {shorter}, which the {readiness.longest_run_km:.1f} km long runs and "
        f"{readiness.peak_week_km:.0f} km weeks this plan can build prepare you for."
    )
    if request.goal_time_s is not None:
        options.append(
            f"A finish goal instead of {format_duration(request.goal_time_s)}: run by effort, "
            "with walk breaks from the start."
        )
    return options


def _readiness_words(request: PlanRequest, readiness: DistanceReadiness) -> str:
    race_km = format_km(request.race_distance_m)
    current = request.current_weekly_volume_km
    now = f"you run {current:g} km a week now" if current is not None else "your volume is unknown"
    longest = request.longest_recent_run_km
    if longest is not None:
        now += f" with a longest recent run of {longest:g} km"
    return (
        f"The {race_km} km is not safe in the time available: the longest run this plan can "
        f"build is {readiness.longest_run_km:.1f} km (the distance needs at least "
        f"{readiness.needed_long_run_km:.1f} km, race/1.6) and its biggest week "
        f"{readiness.peak_week_km:.0f} km (at least {readiness.needed_week_km:.0f} km); {now}, "
        f"{request.experience_level.value} level, {request.plan_days // 7} weeks to race day."
    )


def assess_feasibility(
    request: PlanRequest,
    fitness: Fitness,
    prediction: RacePrediction,
    longest_run_km: float,
    peak_week_km: float,
) -> GoalFeasibility:
    """The goal's verdict, the predicted time and the reason in words."""
    readiness = distance_readiness(request.race_distance_m, longest_run_km, peak_week_km)
    judged = _goal_feasibility(request, fitness, prediction, longest_run_km)
    if readiness is None:
        return judged
    if readiness.ready:
        return judged.model_copy(update={"distance_ready": True})
    return judged.model_copy(
        update={
            "verdict": FeasibilityVerdict.UNLIKELY.value,
            "reason": (
                f"{_readiness_words(request, readiness)} Judged on pace alone: "
                f"{judged.reason[0].lower()}{judged.reason[1:]}"
            ),
            "distance_ready": False,
            "safer_options": _safer_options(request, readiness),
        }
    )


def _goal_feasibility(
    request: PlanRequest, fitness: Fitness, prediction: RacePrediction, longest_run_km: float
) -> GoalFeasibility:
    """The goal's verdict from the time goal (or, to finish, the long run) alone."""
    now_s = predicted_time_s(fitness.vdot, request.race_distance_m)
    predicted_s = prediction.time_s
    distance_km = request.race_distance_m / 1000
    forecast = (
        f"Your current fitness (VDOT {fitness.vdot:.1f}, from {fitness.basis}) predicts "
        f"{format_duration(now_s)} today and about {format_duration(predicted_s)} after "
        f"{prediction.training_weeks} weeks of training (VDOT {prediction.vdot:.1f})"
    )
    goal_s = request.goal_time_s
    if goal_s is not None:
        verdict = goal_verdict(goal_s, predicted_s)
        faster_pct = 100 * (predicted_s - goal_s) / predicted_s
        reason = {
            FeasibilityVerdict.ACHIEVABLE: (
                f"{forecast}; the goal of {format_duration(goal_s)} is within reach."
            ),
            FeasibilityVerdict.AMBITIOUS: (
                f"{forecast}; the goal of {format_duration(goal_s)} is {faster_pct:.1f} % "
                "faster: possible with consistent training and a good race day."
            ),
            FeasibilityVerdict.UNLIKELY: (
                f"{forecast}; the goal of {format_duration(goal_s)} is {faster_pct:.1f} % "
                f"faster than that. Consider a goal near {format_duration(predicted_s)} or a "
                "later race; race-pace sessions use the predicted pace meanwhile."
            ),
        }[verdict]
    else:
        share = longest_run_km / distance_km
        if share >= FINISH_ACHIEVABLE_SHARE:
            verdict = FeasibilityVerdict.ACHIEVABLE
        elif share >= FINISH_AMBITIOUS_SHARE:
            verdict = FeasibilityVerdict.AMBITIOUS
        else:
            verdict = FeasibilityVerdict.UNLIKELY
        race_km = format_km(request.race_distance_m)
        reason = (
            f"{forecast}. Your goal is to finish: the longest run of the plan reaches "
            f"{longest_run_km:.1f} km, {100 * share:.0f} % of the {race_km} km race "
            + _FINISH_REASONS[verdict]
        )
    return GoalFeasibility(
        verdict=verdict,
        reason=reason,
        predicted_time_s=round(predicted_s, 1),
        goal_time_s=goal_s,
        confidence=fitness.confidence_pct,
    )
