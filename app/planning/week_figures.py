"""A week's figures from its sessions: intensity score, key and easy counts, what to watch.

One function for the generator and for revisions, so a revised week's figures follow its
sessions exactly as a generated week's do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.models.session import HARD_SESSION_TYPES, SegmentKind, SessionType
from app.planning.periodization import RaceGroup, race_group

EASY_TYPES = frozenset({SessionType.EASY.value, SessionType.RECOVERY.value})
LONG_RUN_SHARE_WARNING = 0.30
"""The long-run share of the week above which the safeguards warn (and so does the week)."""


@dataclass(frozen=True, slots=True)
class WeekFigures:
    """What a week's sessions add up to."""

    planned_load: float
    intensity_score: float
    key_sessions: int
    easy_runs: int
    intensity_minutes: tuple[float, float, float]
    """Minutes of easy, moderate and hard running (`intensity_minutes`), the week's shares."""


def week_figures(sessions: Iterable[Mapping[str, Any]]) -> WeekFigures:
    """The figures of a week's sessions (stored form: `type`, `durationMin`, `effort`...).

    The intensity score is the duration-weighted mean effort (0-10) times 10: a week of easy
    running at effort 3 scores 30, a week with a long tempo more.
    """
    load = minutes = 0.0
    key = easy = 0
    shares = [0.0, 0.0, 0.0]
    for session in sessions:
        load += session["durationMin"] * session["effort"]
        minutes += session["durationMin"]
        key += bool(session.get("isKeySession"))
        easy += session["type"] in EASY_TYPES
        for index, share in enumerate(intensity_minutes(session)):
            shares[index] += share
    score = round(10 * load / minutes, 1) if minutes else 0.0
    return WeekFigures(round(load, 1), score, key, easy, (shares[0], shares[1], shares[2]))


_EASY_PARTS = frozenset({SegmentKind.WARMUP, SegmentKind.COOLDOWN, SegmentKind.RECOVERY})
_MODERATE_EFFORT = 5.0
"""Effort from which running is no longer easy (a fartlek's brisk minutes, marathon pace)."""
_HARD_EFFORT = 7.0
"""Effort from which running is hard (intervals, repetitions, hills, strides)..."""
_THRESHOLD_TYPES = frozenset({SessionType.TEMPO.value, SessionType.THRESHOLD.value})
"""...except threshold running, which is moderate whatever its effort, as is race pace at
effort 7 or below (half marathon and marathon pace) and the marathon itself."""


def _work_share(session: Mapping[str, Any], effort: float) -> int:
    """0 easy, 1 moderate, 2 hard: the intensity of a block of work at this effort."""
    kind = session["type"]
    if effort < _MODERATE_EFFORT:
        return 0
    if kind in _THRESHOLD_TYPES:
        return 1
    if kind == SessionType.RACE_PACE:
        return 1 if effort <= _HARD_EFFORT else 2
    if kind == SessionType.RACE:
        marathon = race_group(session["distanceKm"] * 1000) is RaceGroup.MARATHON
        return 1 if marathon else 2
    return 1 if effort < _HARD_EFFORT else 2


def intensity_minutes(session: Mapping[str, Any]) -> tuple[float, float, float]:
    """Minutes of easy, moderate and hard running of a stored session, block by block.

    Warm-up, cool-down and the jogs between repetitions are easy; a block of work counts by
    its effort and the kind of session (`_work_share`).
    """
    minutes = [0.0, 0.0, 0.0]
    quality = session["type"] in HARD_SESSION_TYPES
    for segment in session.get("structure") or []:
        reps = segment.get("repetitions") or 1
        work = (segment.get("durationMin") or 0.0) * reps
        jogs = reps - 1 if quality else reps
        minutes[0] += (segment.get("recoveryDurationMin") or 0.0) * jogs
        effort = segment.get("effort")
        if segment["kind"] in _EASY_PARTS or effort is None:
            minutes[0] += work
        else:
            minutes[_work_share(session, effort)] += work
    return minutes[0], minutes[1], minutes[2]


def warning_signals(
    *,
    hard_sessions: int,
    volume_change_pct: float | None,
    long_run_km: float,
    volume_km: float,
    is_recovery_week: bool,
) -> list[str]:
    """What to watch for in a week of this shape."""
    signals: list[str] = []
    if volume_change_pct is not None and volume_change_pct > 0:
        signals.append("Persistent fatigue as the volume rises")
    if hard_sessions:
        signals.append("Legs still heavy two days after a hard session")
    if volume_km and long_run_km / volume_km > LONG_RUN_SHARE_WARNING:
        signals.append("Soreness lasting two days after the long run")
    if is_recovery_week:
        signals.append("Fatigue that does not lift in a lighter week")
    return signals


def week_label(week: Mapping[str, Any]) -> str | None:
    """`Race`, `Recovery` or None: the ProgressionChart's label of a stored week."""
    if week.get("isRaceWeek"):
        return "Race"
    if week.get("isRecoveryWeek"):
        return "Recovery"
    return None


def _hard_change(hard: int, before: int) -> str | None:
    if hard > before:
        more = hard - before
        return f"{more} more hard session{'s' if more > 1 else ''} than last week"
    if hard < before:
        fewer = before - hard
        return f"{fewer} hard session{'s' if fewer > 1 else ''} fewer than last week"
    return None


def week_context(weeks: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each stored week's number within its phase, and its change in hard sessions."""
    found: list[dict[str, Any]] = []
    in_phase = 0
    previous: Mapping[str, Any] | None = None
    for week in weeks:
        in_phase = in_phase + 1 if previous and previous["phase"] == week["phase"] else 1
        note = (
            None
            if previous is None
            else _hard_change(week["hardSessions"], previous["hardSessions"])
        )
        found.append({"phaseWeekNumber": in_phase, "intensityChangeNote": note})
        previous = week
    return found
