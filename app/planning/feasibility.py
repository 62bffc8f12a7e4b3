"""Is the goal realistic? The goal time against a VDOT prediction with a modest improvement.

The prediction starts from current fitness (`paces.current_fitness`) and adds what the weeks
before the taper can bring: a VDOT gain per week by experience, capped (beginners gain most).
With a goal time: achievable when the goal is no faster than the predicted time, ambitious up
to 4 % faster, unlikely beyond. Without one (finish): the longest planned run against the race
distance decides (60 % and more achievable, 45 % ambitious, below unlikely).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models.common import ExperienceLevel
from app.models.plan import FeasibilityVerdict, GoalFeasibility
from app.planning.formatting import format_duration, format_km
from app.planning.paces import Fitness, predicted_time_s
from app.planning.profile import PlanRequest

AMBITIOUS_MARGIN = 0.04
"""A goal up to 4 % faster than the prediction is ambitious; faster is unlikely."""
SLOW_GOAL_MARGIN = 0.05
"""Race-pace work is never slower than 5 % over the predicted time, whatever the goal."""
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


def race_target_time_s(goal_time_s: float | None, prediction: RacePrediction) -> float:
    """The time race-pace sessions aim at.

    The goal, unless it is unlikely (then the prediction) or more than 5 % slower than the
    prediction (then the prediction plus 5 %, so race pace stays a real race effort).
    """
    predicted_s = prediction.time_s
    if goal_time_s is None or goal_verdict(goal_time_s, predicted_s) is FeasibilityVerdict.UNLIKELY:
        return predicted_s
    return min(goal_time_s, predicted_s * (1 + SLOW_GOAL_MARGIN))


def assess_feasibility(
    request: PlanRequest, fitness: Fitness, prediction: RacePrediction, longest_run_km: float
) -> GoalFeasibility:
    """The goal's verdict, the predicted time and the reason in words."""
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
