"""Ready-made strings for calendars: durations, distances and paces in the runner's units."""

from __future__ import annotations

from dataclasses import dataclass

from app.planning.formatting import KM_PER_MILE, format_pace_range
from app.planning.workouts import Workout


@dataclass(frozen=True, slots=True)
class Labels:
    """Duration, distance and pace labels of one session."""

    duration: str
    distance: str
    pace: str


def duration_label(minutes: float, *, seconds: bool = False) -> str:
    """`45 min` or `1 h 05 min` (with `seconds`, under 10 min: `2 min 30 s`, `20 s`)."""
    if seconds and 0 < minutes < 10:  # noqa: PLR2004 - short recoveries read better in seconds
        whole, secs = divmod(round(minutes * 60), 60)
        if not whole:
            return f"{secs} s"
        return f"{whole} min {secs} s" if secs else f"{whole} min"
    total = round(minutes)
    if total <= 0:
        return ""
    hours, rest = divmod(total, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def distance_label(distance_km: float, *, imperial: bool = False) -> str:
    """`12.4 km` or `7.7 mi`; empty for no distance."""
    if distance_km <= 0:
        return ""
    if imperial:
        return f"{distance_km / KM_PER_MILE:.1f} mi"
    return f"{distance_km:.1f} km"


def display_labels(workout: Workout, distance_km: float, *, imperial: bool) -> Labels:
    """The calendar labels of a workout."""
    pace = workout.pace_range
    return Labels(
        duration=duration_label(workout.duration_min),
        distance=distance_label(distance_km, imperial=imperial),
        pace="" if pace is None else format_pace_range(pace, imperial=imperial),
    )
