"""Typed errors for plan requests a generator cannot honour; each message says what to change."""

from __future__ import annotations

from datetime import date, timedelta

from app.planning.formatting import format_duration, format_km

MIN_PLAN_DAYS = 28
"""The race must be at least 4 weeks (28 days, race day included) after the start."""
MAX_PLAN_DAYS = 210
"""The race must be at most 30 weeks (210 days, race day included) after the start."""
MIN_RUNS_PER_WEEK = 2
MAX_RUNS_PER_WEEK = 7
MIN_RACE_DISTANCE_M = 800.0


class PlanInputError(ValueError):
    """A plan request the generator refuses; `field` names the input to change."""

    field: str = "request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RaceInPastError(PlanInputError):
    """The race is on or before the plan's start date."""

    field = "race.date"

    def __init__(self, race_date: date, start_date: date) -> None:
        super().__init__(
            f"The race date {race_date.isoformat()} is not after the plan's start date "
            f"{start_date.isoformat()}; choose a race still to come or an earlier start date."
        )


class RaceTooSoonError(PlanInputError):
    """The race leaves fewer than four weeks to train."""

    field = "race.date"

    def __init__(self, race_date: date, start_date: date) -> None:
        earliest_race = start_date + timedelta(days=MIN_PLAN_DAYS - 1)
        latest_start = race_date - timedelta(days=MIN_PLAN_DAYS - 1)
        days = (race_date - start_date).days
        super().__init__(
            f"The race on {race_date.isoformat()} is only {days} days after the start date; "
            "a plan needs at least 4 weeks. Choose a race on or after "
            f"{earliest_race.isoformat()}, or start the plan on or before "
            f"{latest_start.isoformat()}."
        )


class RaceTooFarError(PlanInputError):
    """The race is more than thirty weeks away."""

    field = "race.date"

    def __init__(self, race_date: date, start_date: date) -> None:
        earliest_start = race_date - timedelta(days=MAX_PLAN_DAYS - 1)
        weeks = ((race_date - start_date).days + 1) / 7
        super().__init__(
            f"The race on {race_date.isoformat()} is {weeks:.0f} weeks away; plans cover 4 to "
            f"30 weeks. Start the plan on or after {earliest_start.isoformat()} and build a "
            "general base until then."
        )


class NoRunningDayError(PlanInputError):
    """No weekday is left for running once blocked days are removed."""

    field = "schedule.availableDays"

    def __init__(self) -> None:
        super().__init__(
            "No day of the week is free for running: every available day is also blocked. "
            "Make at least two days available and not blocked."
        )


class RunsPerWeekError(PlanInputError):
    """Runs per week outside 2-7, or more runs than free days."""

    field = "options.runsPerWeek"

    def __init__(self, runs_per_week: int, free_days: int) -> None:
        if free_days < MIN_RUNS_PER_WEEK:
            message = (
                f"Only {free_days} day of the week is free for running; a plan needs at least "
                f"{MIN_RUNS_PER_WEEK}. Make another day available or unblock one."
            )
        else:
            message = (
                f"Runs per week must be between {MIN_RUNS_PER_WEEK} and {MAX_RUNS_PER_WEEK} "
                f"(got {runs_per_week}); choose a number in that range."
            )
        super().__init__(message)


class NegativeVolumeError(PlanInputError):
    """A volume or distance that cannot be below zero."""

    def __init__(self, field: str, value_km: float) -> None:
        super().__init__(
            f"{field} cannot be negative (got {value_km:g} km); enter 0 if you are not running yet."
        )
        self.field = field


class RaceDistanceError(PlanInputError):
    """A race too short to be an endurance race."""

    field = "race.distanceM"

    def __init__(self, distance_m: float) -> None:
        super().__init__(
            f"A race of {distance_m:g} m is too short for an endurance plan; enter a distance of "
            f"at least {MIN_RACE_DISTANCE_M:g} m."
        )


class GoalFasterThanWorldRecordError(PlanInputError):
    """A goal time no human has run."""

    field = "race.goalTimeS"

    def __init__(self, goal_time_s: float, record_time_s: float, distance_m: float) -> None:
        super().__init__(
            f"A goal of {format_duration(goal_time_s)} over {format_km(distance_m)} km is faster "
            f"than the world record ({format_duration(record_time_s)}); enter a goal time slower "
            "than the record, or leave it empty to get a predicted time."
        )


class NotClearedForTrainingError(PlanInputError):
    """The runner's health section says they are not cleared to train."""

    field = "health.clearedForTraining"

    def __init__(self) -> None:
        super().__init__(
            "The runner is not cleared for training; get medical clearance, then set "
            "`clearedForTraining` to true to generate a plan."
        )


class InvalidProfileError(PlanInputError):
    """A profile JSON document that does not describe a runner, a race and a start date."""

    field = "profile"
