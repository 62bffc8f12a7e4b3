"""The runner's current state and connections in the seed's terms (Cadence data model).

Read from what the inference engine and the connections store, so the seed's names never
disagree with Cadence's: `acuteTrainingLoad` is `atl`, `readinessScore` the readiness score.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OVERTRAINING_HIGH_TSB = -30.0
OVERTRAINING_MODERATE_TSB = -10.0
"""Form (TSB) below −30 is the high-risk zone of the performance management chart, −10 to −30
the productive training zone (Allen & Coggan 2010)."""


def overtraining_risk(tsb: float | None) -> str | None:
    """`high`, `moderate` or `low` from form (TSB); None without a load history."""
    if tsb is None:
        return None
    if tsb < OVERTRAINING_HIGH_TSB:
        return "high"
    if tsb < OVERTRAINING_MODERATE_TSB:
        return "moderate"
    return "low"


def provider(connections: Mapping[str, Any], source: str) -> Mapping[str, Any] | None:
    """The stored connection to `source` (`strava`, `garmin`, `terra`...), if any."""
    return next(
        (item for item in connections.get("providers", []) if item.get("source") == source),
        None,
    )


def source_precedence(connections: Mapping[str, Any]) -> dict[str, Any]:
    """The stored precedence order as the seed's `{customPriority, primarySourceOverride}`."""
    return {
        "customPriority": [
            {"source": source, "priority": rank}
            for rank, source in enumerate(connections.get("sourcePrecedence", []))
        ],
        "primarySourceOverride": connections.get("primaryWearable"),
        "lastUpdatedAt": None,
    }


CONSISTENCY_HIGH = 75.0
CONSISTENCY_MODERATE = 40.0
"""Consistency score (share of recent weeks with a run) from which training is called high or
moderate in the seed's words."""


def training_consistency(score: float | None) -> str | None:
    """`high`, `moderate` or `low` from the derived consistency score (0-100)."""
    if score is None:
        return None
    if score >= CONSISTENCY_HIGH:
        return "high"
    return "moderate" if score >= CONSISTENCY_MODERATE else "low"


def with_sections(runner: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The sections with the values the seed files there but Cadence keeps elsewhere.

    Date of birth and sex live in identity, VO2max in physical, the calendar in schedule.
    """
    identity = runner.get("identity") or {}
    physical = runner.get("physical") or {}
    schedule = runner.get("schedule") or {}
    return {
        "physical": {
            **physical,
            "dateOfBirth": identity.get("dateOfBirth"),
            "biologicalSex": identity.get("sex"),
        },
        "running": {
            **(runner.get("running") or {}),
            "vo2Max": physical.get("vo2max"),
            "vo2MaxSource": "user_reported" if physical.get("vo2max") is not None else None,
        },
        "connections": {
            **(runner.get("connections") or {}),
            "calendarConnected": schedule.get("calendarConnected"),
            "calendarProvider": schedule.get("calendarProvider"),
        },
    }
