"""The season's frame: 7-day weeks from the start date, phases, recovery weeks and the taper.

Weeks are 7-day blocks that begin on the start date (whatever its weekday); the last block
ends on race day and may be shorter (1 to 7 days). Phases run base → build → peak → taper.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.models.common import ExperienceLevel
from app.models.plan import Phase

SHORT_PLAN_WEEKS = 6
"""Plans shorter than this have no base phase and say so in their risks."""
MASTERS_AGE = 50
MAX_TAPER_WEEKS = 4
PERIODIZATION_MODEL = "block"
"""Base, build, peak and taper blocks in turn (Issurin 2010), the only model the generator uses."""


class RaceGroup(StrEnum):
    """Race distances grouped by what training they need."""

    FIVE_K = "5k"
    TEN_K = "10k"
    HALF = "half"
    MARATHON = "marathon"


def race_group(distance_m: float) -> RaceGroup:
    """The group a race distance trains like (custom distances fall in the nearest group)."""
    if distance_m < 7500:  # noqa: PLR2004 - halfway between 5 and 10 km
        return RaceGroup.FIVE_K
    if distance_m < 15000:  # noqa: PLR2004 - between 10 km and the half
        return RaceGroup.TEN_K
    if distance_m < 30000:  # noqa: PLR2004 - between the half and the marathon
        return RaceGroup.HALF
    return RaceGroup.MARATHON


MIN_TAPER_DAYS: dict[RaceGroup, int] = {
    RaceGroup.FIVE_K: 7,
    RaceGroup.TEN_K: 7,
    RaceGroup.HALF: 10,
    RaceGroup.MARATHON: 14,
}
"""Fewest days of taper by distance. Bosquet et al. (2007) found 8-14 days of taper best across
sports; Pfitzinger tapers the marathon over 3 weeks and Daniels the half over about 10 days. The
taper is counted in days, race day included, because the race week may be short."""

_TAPER_WEEKS: dict[RaceGroup, int] = {
    RaceGroup.FIVE_K: 1,
    RaceGroup.TEN_K: 1,
    RaceGroup.HALF: 2,
    RaceGroup.MARATHON: 3,
}

# Share of the pre-taper weeks given to the base phase; the peak phase takes a quarter.
_BASE_SHARE: dict[ExperienceLevel, float] = {
    ExperienceLevel.BEGINNER: 0.45,
    ExperienceLevel.INTERMEDIATE: 0.4,
    ExperienceLevel.ADVANCED: 0.35,
    ExperienceLevel.ELITE: 0.3,
}
_PEAK_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class WeekFrame:
    """One week of the season before any session is laid out."""

    number: int
    start: date
    end: date
    phase: Phase
    is_recovery: bool = False
    is_taper: bool = False
    is_race_week: bool = False
    taper_index: int = -1
    """Position in the taper (0 = first taper week), -1 outside it."""

    @property
    def day_count(self) -> int:
        """Days in this week (7, except a short race week)."""
        return (self.end - self.start).days + 1

    def dates(self) -> list[date]:
        """Every day of the week, in order."""
        return [self.start + timedelta(days=offset) for offset in range(self.day_count)]


@dataclass(frozen=True, slots=True)
class Periodization:
    """The weeks of the season and the numbers that shaped them."""

    weeks: tuple[WeekFrame, ...]
    taper_weeks: int
    standard_taper_weeks: int
    recovery_every_n_weeks: int
    phase_spans: tuple[tuple[Phase, int, int], ...]
    """(phase, first week, last week) in season order."""

    @property
    def is_short(self) -> bool:
        """Whether the plan is shorter than six weeks."""
        return len(self.weeks) < SHORT_PLAN_WEEKS


def standard_taper_weeks(distance_m: float) -> int:
    """Taper length by distance: 5k/10k 1 week, half 2, marathon and beyond 3."""
    return _TAPER_WEEKS[race_group(distance_m)]


def taper_weeks_for(standard: int, min_days: int, race_week_days: int) -> int:
    """Taper weeks: the standard for the distance, or more until the taper has `min_days`."""
    weeks_for_min_days = 1 + math.ceil(max(0, min_days - race_week_days) / 7)
    return max(1, min(MAX_TAPER_WEEKS, max(standard, weeks_for_min_days)))


def taper_days(season: Periodization) -> int:
    """Days of taper, race day included."""
    return sum(frame.day_count for frame in season.weeks if frame.is_taper)


def recovery_cycle_weeks(age_years: int | None) -> int:
    """Every how many weeks a recovery week comes: 4 (3:1), or 3 (2:1) from age 50."""
    return 3 if age_years is not None and age_years >= MASTERS_AGE else 4


def periodize(
    start_date: date,
    race_date: date,
    distance_m: float,
    experience: ExperienceLevel,
    age_years: int | None,
) -> Periodization:
    """Split the days from `start_date` to `race_date` into weeks, phases, recovery and taper."""
    total_days = (race_date - start_date).days + 1
    week_count = -(-total_days // 7)
    race_week_days = total_days - 7 * (week_count - 1)
    standard = standard_taper_weeks(distance_m)
    min_days = MIN_TAPER_DAYS[race_group(distance_m)]
    taper = taper_weeks_for(standard, min_days, race_week_days)
    # A short plan keeps its taper to a third of its weeks, or to what the minimum days need,
    # but never more than half of them.
    needed = taper_weeks_for(1, min_days, race_week_days)
    taper = max(1, min(taper, max(needed, week_count // 3), week_count // 2))
    training_weeks = week_count - taper
    base, build, peak = _phase_lengths(
        training_weeks, experience, with_base=week_count >= SHORT_PLAN_WEEKS
    )
    cycle = recovery_cycle_weeks(age_years)
    recovery_weeks = {
        number
        for number in range(cycle, training_weeks, cycle)
        # Never the first week nor the week before the taper, which starts from its level.
        if 1 < number < training_weeks
    }
    spans: list[tuple[Phase, int, int]] = []
    first = 1
    for phase, length in ((Phase.BASE, base), (Phase.BUILD, build), (Phase.PEAK, peak)):
        if length:
            spans.append((phase, first, first + length - 1))
            first += length
    spans.append((Phase.TAPER, first, week_count))
    weeks: list[WeekFrame] = []
    for number in range(1, week_count + 1):
        week_start = start_date + timedelta(days=7 * (number - 1))
        week_end = min(week_start + timedelta(days=6), race_date)
        phase = next(phase for phase, low, high in spans if low <= number <= high)
        weeks.append(
            WeekFrame(
                number=number,
                start=week_start,
                end=week_end,
                phase=phase,
                is_recovery=number in recovery_weeks,
                is_taper=phase is Phase.TAPER,
                is_race_week=number == week_count,
                taper_index=number - training_weeks - 1 if phase is Phase.TAPER else -1,
            )
        )
    return Periodization(
        weeks=tuple(weeks),
        taper_weeks=taper,
        standard_taper_weeks=standard,
        recovery_every_n_weeks=cycle,
        phase_spans=tuple(spans),
    )


def _phase_lengths(
    training_weeks: int, experience: ExperienceLevel, *, with_base: bool
) -> tuple[int, int, int]:
    """(base, build, peak) lengths in weeks for the weeks before the taper."""
    if training_weeks <= 0:
        return 0, 0, 0
    if training_weeks == 1:
        return 0, 0, 1
    if training_weeks == 2:  # noqa: PLR2004 - too short for a base phase
        return 0, 1, 1
    peak = max(1, round(training_weeks * _PEAK_SHARE))
    base = max(1, round(training_weeks * _BASE_SHARE[experience])) if with_base else 0
    build = max(1, training_weeks - peak - base)
    return training_weeks - peak - build, build, peak
