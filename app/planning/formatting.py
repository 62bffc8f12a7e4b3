"""Numbers as a runner reads them: durations, distances and paces."""

from __future__ import annotations

from functools import lru_cache

from app.models.common import PaceRange

KM_PER_MILE = 1.609344


def format_duration(seconds: float) -> str:
    """`h:mm:ss` (or `m:ss` under an hour) for a duration in seconds."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def ordinal(number: int) -> str:
    """`1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`..."""
    if 10 <= number % 100 <= 20:  # noqa: PLR2004 - 11th, 12th, 13th
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def format_km(distance_m: float) -> str:
    """A distance in km with at most one decimal: `5`, `21.1`, `42.2`."""
    return f"{distance_m / 1000:.1f}".removesuffix(".0")


def format_pace(seconds_per_km: float, *, imperial: bool = False) -> str:
    """`m:ss` per km (or per mile)."""
    seconds = round(seconds_per_km * (KM_PER_MILE if imperial else 1.0))
    return f"{seconds // 60}:{seconds % 60:02d}"


def format_pace_range(pace: PaceRange, *, imperial: bool = False) -> str:
    """`m:ss–m:ss /km` (or /mi), fast end first."""
    return _pace_range_label(pace.min_s_per_km, pace.max_s_per_km, imperial)


@lru_cache(maxsize=512)  # a plan formats its few pace bands for every session
def _pace_range_label(fast_s_per_km: float, slow_s_per_km: float, imperial: bool) -> str:
    unit = "/mi" if imperial else "/km"
    fast = format_pace(fast_s_per_km, imperial=imperial)
    slow = format_pace(slow_s_per_km, imperial=imperial)
    return f"{fast}–{slow} {unit}"
