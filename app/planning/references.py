"""Keys of the knowledge-base entries and safeguards the generator cites.

Every key in `Ref` must exist in app/data/knowledge_base.json (a unit test checks it); the
generator also drops any reference missing from the knowledge keys it is given, so a plan never
points at an entry that is not there.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from enum import StrEnum


class Ref(StrEnum):
    """Knowledge-base keys."""

    PROGRESSIVE_OVERLOAD = "progressive-overload"
    ACUTE_CHRONIC_WORKLOAD = "acute-chronic-workload"
    POLARIZED_TRAINING = "polarized-training"
    AEROBIC_BASE = "aerobic-base"
    PERIODIZATION = "periodization"
    RECOVERY_WEEKS = "recovery-weeks"
    TAPER = "taper"
    LONG_RUN = "long-run"
    VDOT_PACES = "vdot-training-paces"
    RACE_PREDICTION = "race-prediction"
    HARD_EASY = "hard-easy"
    REST_DAYS = "rest-days"
    MASTERS_ATHLETES = "masters-athletes"
    INJURY_RETURN = "injury-return"
    SPECIFICITY = "specificity-race-pace"
    STRIDES = "strides"
    THRESHOLD_TRAINING = "threshold-training"
    VO2MAX_INTERVALS = "vo2max-intervals"
    REPETITION_TRAINING = "repetition-training"
    HILL_TRAINING = "hill-training"
    HEART_RATE_ZONES = "heart-rate-zones"
    SESSION_RPE = "session-rpe"
    RACE_DAY_PACING = "race-day-pacing"
    TRAINING_RESPONSE = "training-response"
    BEGINNER_PROGRESSION = "beginner-progression"
    RECOVERY_RUNS = "recovery-runs"
    FARTLEK = "fartlek"
    DISTANCE_READINESS = "distance-readiness"


class SafeguardKey(StrEnum):
    """Keys of the six Cadence safeguards in app/data/safeguards.json."""

    WEEKLY_VOLUME = "weekly-volume-increase"
    WEEKLY_VOLUME_INJURY = "weekly-volume-increase-injury"
    LONG_RUN_SHARE = "long-run-share"
    NO_CONSECUTIVE_HARD_DAYS = "no-consecutive-hard-days"
    REST_DAY = "rest-day-per-week"
    MASTERS_HARD_SESSIONS = "masters-hard-sessions"


class KnownRefs:
    """Keeps the references that exist in the knowledge base, once each, in order."""

    def __init__(self, keys: Collection[str]) -> None:
        self._keys = frozenset(keys)

    def __call__(self, refs: Iterable[str]) -> list[str]:
        """The references of `refs` that are knowledge-base keys, without repeats."""
        return [str(ref) for ref in dict.fromkeys(refs) if ref in self._keys]
