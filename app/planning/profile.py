"""The generator's input: one runner, one race, a start date and a few options, validated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from bson import ObjectId
from pydantic import ValidationError

from app.fitness.prediction import world_record_pace_s_per_km
from app.models.common import WEEKDAYS, ExperienceLevel, RaceType, Weekday
from app.models.race import GoalPriority, RaceDocument
from app.models.runner import RunnerDocument
from app.planning.errors import (
    MAX_PLAN_DAYS,
    MAX_RUNS_PER_WEEK,
    MIN_PLAN_DAYS,
    MIN_RACE_DISTANCE_M,
    MIN_RUNS_PER_WEEK,
    GoalFasterThanWorldRecordError,
    InvalidProfileError,
    NegativeVolumeError,
    NoRunningDayError,
    NotClearedForTrainingError,
    RaceDistanceError,
    RaceInPastError,
    RaceTooFarError,
    RaceTooSoonError,
    RunsPerWeekError,
)
from app.planning.personalization import free_days, injury_flags

PROFILE_PLACEHOLDER_ID = ObjectId("0" * 24)
"""Id given to a profile JSON's runner, user and race when the file names none."""


@dataclass(frozen=True, slots=True)
class RaceResult:
    """A recent race result the paces can be based on."""

    distance_m: float
    time_s: float
    on: date


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """Everything the generator reads; building one validates it (raises `PlanInputError`).

    Weeks of the plan are 7-day blocks from `start_date`; the last block ends on race day.
    """

    runner_id: ObjectId
    race_id: ObjectId | None
    race_name: str
    race_type: RaceType
    race_distance_m: float
    race_date: date
    start_date: date
    goal_time_s: float | None = None
    goal_priority: GoalPriority = GoalPriority.FINISH
    experience_level: ExperienceLevel = ExperienceLevel.BEGINNER
    age_years: int | None = None
    injury_types: tuple[str, ...] = ()
    cleared_for_training: bool = True
    current_weekly_volume_km: float | None = None
    current_runs_per_week: int | None = None
    longest_recent_run_km: float | None = None
    baseline_5k_s: float | None = None
    recent_races: tuple[RaceResult, ...] = ()
    consistency_pct: float | None = None
    resting_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    available_days: tuple[Weekday, ...] = WEEKDAYS
    preferred_days: tuple[Weekday, ...] = ()
    blocked_days: tuple[Weekday, ...] = ()
    long_run_day: Weekday | None = Weekday.SUNDAY
    max_session_min: int | None = None
    preferred_time_of_day: str | None = None
    runs_per_week: int | None = None
    imperial_units: bool = False
    runner_name: str | None = None

    def __post_init__(self) -> None:
        # Callers may pass plain strings and lists; store enums and tuples.
        coerce = object.__setattr__
        coerce(self, "race_type", RaceType(self.race_type))
        coerce(self, "goal_priority", GoalPriority(self.goal_priority))
        coerce(self, "experience_level", ExperienceLevel(self.experience_level))
        coerce(self, "injury_types", tuple(self.injury_types))
        coerce(self, "recent_races", tuple(self.recent_races))
        for name in ("available_days", "preferred_days", "blocked_days"):
            coerce(self, name, tuple(Weekday(day) for day in getattr(self, name)))
        if self.long_run_day is not None:
            coerce(self, "long_run_day", Weekday(self.long_run_day))
        _check_request(self)

    @property
    def has_injury_history(self) -> bool:
        """Whether the runner reported any injury, past or present."""
        return bool(self.injury_types)

    @property
    def plan_days(self) -> int:
        """Days from the start date to race day, both included."""
        return (self.race_date - self.start_date).days + 1

    @property
    def free_days(self) -> tuple[Weekday, ...]:
        """Available days that are not blocked, Monday first."""
        return free_days(self.available_days, self.blocked_days)

    @classmethod
    def from_documents(
        cls,
        runner: RunnerDocument,
        race: RaceDocument,
        start_date: date,
        *,
        runs_per_week: int | None = None,
        goal_priority: GoalPriority | None = None,
    ) -> Self:
        """The request for `runner` training for `race` from `start_date`."""
        running, schedule, physical = runner.running, runner.schedule, runner.physical
        goal_time_s = race.goal_time_s
        if goal_time_s is None and race.goal_pace_s_per_km:
            goal_time_s = race.goal_pace_s_per_km * race.distance_m / 1000
        birth = runner.identity.date_of_birth
        return cls(
            runner_id=runner.id,
            race_id=race.id,
            race_name=race.name,
            race_type=RaceType(race.type),
            race_distance_m=race.distance_m,
            race_date=race.date,
            start_date=start_date,
            goal_time_s=goal_time_s,
            goal_priority=GoalPriority(goal_priority or race.goal_priority),
            experience_level=ExperienceLevel(running.experience_level),
            age_years=_age_on(birth, start_date) if birth else None,
            injury_types=tuple(injury_flags(runner.health)),
            cleared_for_training=runner.health.cleared_for_training,
            current_weekly_volume_km=_first_known(
                race.baseline_weekly_volume_km,
                running.current_weekly_volume_km,
                running.actual_weekly_volume_km,
            ),
            current_runs_per_week=running.current_runs_per_week,
            longest_recent_run_km=running.longest_recent_run_km,
            baseline_5k_s=_first_known(race.baseline_5k_s, running.baseline_5k_s),
            recent_races=tuple(
                RaceResult(distance_m=result.distance_m, time_s=result.time_s, on=result.date)
                for result in running.recent_races
            ),
            consistency_pct=running.consistency_score,
            resting_hr_bpm=physical.resting_hr,
            max_hr_bpm=physical.max_hr,
            available_days=tuple(Weekday(day) for day in schedule.available_days),
            preferred_days=tuple(Weekday(day) for day in schedule.preferred_days),
            blocked_days=tuple(Weekday(day) for day in schedule.blocked_days),
            long_run_day=Weekday(schedule.long_run_day) if schedule.long_run_day else None,
            max_session_min=schedule.max_session_minutes,
            preferred_time_of_day=schedule.preferred_time_of_day,
            runs_per_week=(
                runs_per_week if runs_per_week is not None else schedule.runs_per_week_target
            ),
            imperial_units=runner.identity.units == "imperial",
            runner_name=runner.identity.display_name or runner.identity.first_name,
        )

    @classmethod
    def from_profile_json(cls, profile: dict[str, Any]) -> Self:
        """The request described by a profile JSON object (the CLI's input).

        Shape: `{"runner": RunnerDocument, "race": RaceDocument, "startDate": "YYYY-MM-DD",
        "options": {"runsPerWeek": 5, "goalPriority": "time"}}`, documents in their stored
        camelCase form. Missing `_id`, `userId` and `runnerId` get `PROFILE_PLACEHOLDER_ID`.
        """
        try:
            runner_data = {"userId": PROFILE_PLACEHOLDER_ID, **profile["runner"]}
            runner_data.setdefault("_id", PROFILE_PLACEHOLDER_ID)
            race_data = {"runnerId": runner_data["_id"], **profile["race"]}
            race_data.setdefault("_id", PROFILE_PLACEHOLDER_ID)
            runner = RunnerDocument.model_validate(runner_data)
            race = RaceDocument.model_validate(race_data)
            start_date = date.fromisoformat(profile.get("startDate") or profile["start_date"])
            options: dict[str, Any] = profile.get("options") or {}
            runs = options.get("runsPerWeek", options.get("runs_per_week"))
            priority = options.get("goalPriority", options.get("goal_priority"))
            runs_per_week = None if runs is None else int(runs)
            goal_priority = None if priority is None else GoalPriority(priority)
        except (KeyError, TypeError, ValueError) as exc:  # ValidationError is a ValueError
            raise InvalidProfileError(
                "The profile must be an object with `runner`, `race` (stored documents) and "
                f"`startDate` (YYYY-MM-DD): {_describe(exc)}"
            ) from exc
        return cls.from_documents(
            runner, race, start_date, runs_per_week=runs_per_week, goal_priority=goal_priority
        )


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        return f"{location}: {first['msg']}"
    if isinstance(exc, KeyError):
        return f"missing {exc.args[0]!r}"
    return str(exc)


def _first_known(*values: float | None) -> float | None:
    return next((value for value in values if value is not None), None)


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _check_request(request: PlanRequest) -> None:
    if not request.cleared_for_training:
        raise NotClearedForTrainingError
    _check_race(request)
    _check_schedule(request)
    for name, value in (
        ("running.currentWeeklyVolumeKm", request.current_weekly_volume_km),
        ("running.longestRecentRunKm", request.longest_recent_run_km),
    ):
        if value is not None and value < 0:
            raise NegativeVolumeError(name, value)


def _check_race(request: PlanRequest) -> None:
    if request.race_distance_m < MIN_RACE_DISTANCE_M:
        raise RaceDistanceError(request.race_distance_m)
    days = request.plan_days
    if days <= 1:
        raise RaceInPastError(request.race_date, request.start_date)
    if days < MIN_PLAN_DAYS:
        raise RaceTooSoonError(request.race_date, request.start_date)
    if days > MAX_PLAN_DAYS:
        raise RaceTooFarError(request.race_date, request.start_date)
    if request.goal_time_s is not None:
        distance_m = request.race_distance_m
        record_s = world_record_pace_s_per_km(distance_m) * distance_m / 1000
        if request.goal_time_s < record_s:
            raise GoalFasterThanWorldRecordError(request.goal_time_s, record_s, distance_m)


def _check_schedule(request: PlanRequest) -> None:
    free_days = len(request.free_days)
    if free_days == 0:
        raise NoRunningDayError
    runs = request.runs_per_week
    if free_days < MIN_RUNS_PER_WEEK or (
        runs is not None and not MIN_RUNS_PER_WEEK <= runs <= MAX_RUNS_PER_WEEK
    ):
        raise RunsPerWeekError(runs or 0, free_days)
