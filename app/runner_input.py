"""The runner's profile edits in the seed's words, and what only the inference engine writes.

`updateRunnerProfile` takes each section's fields under their stored names and, where Cadence
stores a seed field under another name, under the seed's name too (`physical.maxHeartRate` is
`physical.maxHr`). Fields the inference engine derives from activities (`running.
actualWeeklyVolume`, the consistency score, ...) or the plan generator sets (goal feasibility)
are refused with a typed error naming the field: the runner's word is fact, and a typed-in
`actualWeeklyVolumeKm` would pass itself off as measured. `currentState` and
`conversationState` are not sections the runner can name at all.
"""

from __future__ import annotations

from typing import Any

from app.errors import InvalidInputError

SEED_NAMES: dict[str, dict[str, str]] = {
    "physical": {
        "maxHeartRate": "maxHr",
        "restingHeartRate": "restingHr",
        "lactateThresholdHeartRate": "lactateThresholdHr",
        "vo2Max": "vo2max",
    },
    "running": {
        "currentFrequency": "currentRunsPerWeek",
        "currentVolume": "currentWeeklyVolumeKm",
        "longestRecentRun": "longestRecentRunKm",
    },
    "schedule": {
        "preferredTime": "preferredTimeOfDay",
        "maxSessionDurationMinutes": "maxSessionMinutes",
    },
    "health": {
        "medicalConditions": "conditions",
        "hasPhysicianClearance": "clearedForTraining",
    },
    "coaching": {"coachingVoice": "tone"},
}
"""Seed name → stored name, per section, for the seed fields Cadence stores under another name."""

DERIVED: dict[str, frozenset[str]] = {
    "running": frozenset(
        {
            "actualWeeklyVolume",
            "actualWeeklyVolumeKm",
            "actualWeeklyVolumeSource",
            "actualEasyPace",
            "actualLongRunDistance",
            "trainingConsistency",
            "trainingConsistencyScore",
            "consistencyScore",
            "vdotUpdatedAt",
            "actualEasyPaceSPerKm",
            "actualLongRunKm",
        }
    ),
    "goals": frozenset({"goalFeasibility", "goalFeasibilityReason"}),
}
"""Fields, under the seed's and the stored names, that only the system writes."""


CONNECTION_DERIVED = frozenset({"lastSyncAt", "last_sync_at"})
"""Fields of one connection (`connections.providers[i]`) that only imports write."""

_NOT_WRITABLE = (
    "is derived by Cadence from your activities and plan, not typed in: it is not writable"
)


def stored_changes(section: str, values: dict[str, Any]) -> dict[str, Any]:
    """`values` under the stored field names; `InvalidInputError` for a field the system derives."""
    derived = sorted(DERIVED.get(section, frozenset()) & set(values))
    if derived:
        raise InvalidInputError(f"{section}.{derived[0]}", _NOT_WRITABLE)
    if section == "connections":
        _refuse_last_sync(values.get("providers"))
    names = SEED_NAMES.get(section, {})
    changes: dict[str, Any] = {}
    for name, value in values.items():
        stored = names.get(name, name)
        if stored in changes:
            raise InvalidInputError(f"{section}.{name}", f"is the same field as {stored}: send one")
        changes[stored] = value
    return changes


def _refuse_last_sync(providers: Any) -> None:
    if not isinstance(providers, list):
        return
    for index, item in enumerate(providers):
        written = sorted(CONNECTION_DERIVED & set(item)) if isinstance(item, dict) else []
        if written:
            raise InvalidInputError(
                f"connections.providers[{index}].{written[0]}",
                "is set by Cadence each time an import from this source arrives: it is not "
                "writable",
            )


def keep_last_sync(changes: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Connection changes carrying the stored `lastSyncAt` of each source the runner keeps."""
    providers = changes.get("providers")
    if not isinstance(providers, list):
        return changes
    synced = {
        item.get("source"): item["lastSyncAt"]
        for item in current.get("providers") or []
        if isinstance(item, dict) and item.get("lastSyncAt") is not None
    }
    kept = [
        {**item, "lastSyncAt": synced[item.get("source")]}
        if isinstance(item, dict) and item.get("source") in synced
        else item
        for item in providers
    ]
    return {**changes, "providers": kept}
