"""How ready a runner's profile is for a plan, in the seed's conversation-state terms.

The plan generator estimates what the runner has not said (volume from experience, paces
from a default VDOT); each of `PLAN_INPUTS` left empty makes the plan rest on an estimate.
It refuses a runner not cleared for training or with fewer free days than two runs need.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.models.common import WEEKDAYS
from app.planning.errors import MIN_RUNS_PER_WEEK
from app.planning.personalization import free_days

PLAN_INPUTS: tuple[tuple[str, str], ...] = (
    ("identity", "dateOfBirth"),
    ("physical", "maxHr"),
    ("physical", "restingHr"),
    ("running", "currentWeeklyVolumeKm"),
    ("running", "currentRunsPerWeek"),
    ("running", "longestRecentRunKm"),
    ("running", "baseline5kS"),
)
"""The profile fields the generator reads and estimates when empty (section, stored key)."""


def _free_days(schedule: Mapping[str, Any]) -> int:
    available = schedule.get("availableDays", [day.value for day in WEEKDAYS])
    return len(free_days(available, schedule.get("blockedDays", [])))


def conversation_terms(runner: Mapping[str, Any]) -> dict[str, Any]:
    """`dataCompleteness`, `fieldsMissing`, `readyForPlan`, `currentPhase`, `fieldsToConfirm`."""
    missing = [
        f"{section}.{key}"
        for section, key in PLAN_INPUTS
        if (runner.get(section) or {}).get(key) in (None, "", [])
    ]
    state = runner.get("conversationState") or {}
    health = runner.get("health") or {}
    ready = bool(health.get("clearedForTraining", True)) and (
        _free_days(runner.get("schedule") or {}) >= MIN_RUNS_PER_WEEK
    )
    return {
        **state,
        "dataCompleteness": round(100 * (len(PLAN_INPUTS) - len(missing)) / len(PLAN_INPUTS)),
        "fieldsMissing": missing,
        "readyForPlan": ready,
        "currentPhase": state.get("stage"),
        "fieldsToConfirm": list(state.get("pendingQuestions", [])),
    }
