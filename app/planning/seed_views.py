"""A stored week and session as the assistant-first and GoFast seeds read them.

The assistant-first schema (WeekPlan, WorkoutPlan) and GoFast's TrainingDayPlanned name the
plan's own numbers and texts differently and group them otherwise; everything here is read
from the stored week or session (through the calendar widget's helpers, so the strings are
the ones the calendar shows), computed on every read, and None where the plan has no value.
"""

from __future__ import annotations

from typing import Any

from app.planning import calendar_widget as widget

Stored = dict[str, Any]


def focus_summary(week: Stored) -> str:
    """What the week is for and its key sessions, in the week's own words."""
    focus = str(week["focus"]).rstrip(".")
    summaries = week.get("keySessionSummaries") or []
    if not summaries:
        return f"{focus}. No key session this week."
    return f"{focus}. Key sessions: {'; '.join(summaries)}."


def workout_targets(session: Stored) -> dict[str, Any] | None:
    """The targets of a day: duration, distance, pace band, heart-rate zone, RPE 0-10.

    None on a rest day, which has none.
    """
    if widget.is_rest_day(session):
        return None
    return {
        "durationMinutes": session["durationMin"] or None,
        "distanceKm": session["distanceKm"] or None,
        "paceRange": widget.target_pace_display(session),
        "hrZone": widget.heart_rate_zone(session),
        "rpe": widget.effort_level(session),
    }


def week_index(week_number: int) -> int:
    """GoFast's week index, counted from 0, of Cadence's week number (counted from 1)."""
    return week_number - 1
