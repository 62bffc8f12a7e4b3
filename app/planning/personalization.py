"""The runner in the assistant-first seed's terms, and the inputs a plan is generated from.

One reading of the Runner Object serves both the profile (`Runner.name`, `injuryFlags`,
`weeklyAvailability`, `preferences`) and the plan's `personalizationInputs`: the injuries and
free days the generator respects are the ones the profile shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from app.models.common import WEEKDAYS, Weekday
from app.models.personalization import (
    AvailabilityBlock,
    BaselineFitness,
    PersonalizationInputs,
    RunnerPreferences,
)
from app.models.runner import Coaching, Health, Identity, Schedule

if TYPE_CHECKING:
    from app.planning.paces import Fitness
    from app.planning.profile import PlanRequest


def free_days(available: Iterable[str], blocked: Iterable[str]) -> tuple[Weekday, ...]:
    """Available days that are not blocked, Monday first."""
    available_days, blocked_days = set(available), set(blocked)
    return tuple(day for day in WEEKDAYS if day in available_days and day not in blocked_days)


def injury_flags(health: Health) -> list[str]:
    """The injuries a plan respects (volume rises more slowly): the runner's injury history."""
    return [injury.type for injury in health.injury_history]


def full_name(identity: Identity) -> str | None:
    """The runner's name: as given whole, else first and last name, else the display name."""
    parts = " ".join(part for part in (identity.first_name, identity.last_name) if part)
    return identity.name or parts or identity.display_name


def availability_blocks(
    days: Iterable[Weekday], time_of_day: str | None, max_minutes: int | None
) -> list[AvailabilityBlock]:
    """One block per free day, with the time of day and the longest session the runner gave."""
    return [
        AvailabilityBlock(day=day, time_of_day=time_of_day, max_minutes=max_minutes) for day in days
    ]


def weekly_availability(schedule: Schedule) -> list[AvailabilityBlock]:
    """The runner's week as day/time blocks: the days they can train, Monday first."""
    return availability_blocks(
        free_days(schedule.available_days, schedule.blocked_days),
        schedule.preferred_time_of_day,
        schedule.max_session_minutes,
    )


def preferences(schedule: Schedule, coaching: Coaching) -> RunnerPreferences:
    """How the runner likes to train and be coached, as they said it."""
    return RunnerPreferences(
        preferred_days=list(schedule.preferred_days),
        long_run_day=schedule.long_run_day,
        preferred_time_of_day=schedule.preferred_time_of_day,
        has_track_access=schedule.has_track_access,
        has_hills_access=schedule.has_hills_access,
        has_gym_access=schedule.has_gym_access,
        coaching_voice=coaching.tone,
        detail_level=coaching.detail_level,
        wants_explanations=coaching.wants_explanations,
    )


def personalization_inputs(request: PlanRequest, fitness: Fitness) -> PersonalizationInputs:
    """What the plan is generated from, kept with it: fitness, free days, experience, injuries."""
    return PersonalizationInputs(
        baseline_fitness=BaselineFitness(
            vdot=fitness.vdot,
            source=fitness.source,
            basis=fitness.basis,
            baseline_5k_s=request.baseline_5k_s,
            weekly_volume_km=request.current_weekly_volume_km,
            runs_per_week=request.current_runs_per_week,
            longest_recent_run_km=request.longest_recent_run_km,
        ),
        availability=availability_blocks(
            request.free_days, request.preferred_time_of_day, request.max_session_min
        ),
        experience_level=request.experience_level,
        injury_flags=list(request.injury_types),
    )
