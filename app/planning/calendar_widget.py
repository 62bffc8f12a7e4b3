"""A planned session as the seed's CalendarWidget reads it: display strings and seed units.

Computed from the stored session on every read (never stored beside it), so the strings
always say what the session's numbers say, after any revision: "50 min", "7/10",
"4:55–5:05/km", "10 min warm-up → 30 min tempo → 10 min cool-down", and "—" for the
duration of a rest day.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.models.session import SegmentKind, SessionType
from app.planning.formatting import format_pace
from app.planning.labels import duration_label

Session = dict[str, Any]

NO_VALUE = "—"
"""What the calendar shows where a rest day has no duration."""

SESSION_TYPE_DISPLAY: dict[str, str] = {
    SessionType.REST: "Rest",
    SessionType.EASY: "Easy",
    SessionType.RECOVERY: "Recovery",
    SessionType.LONG: "Long Run",
    SessionType.TEMPO: "Tempo",
    SessionType.THRESHOLD: "Threshold",
    SessionType.INTERVALS: "Intervals",
    SessionType.REPETITION: "Repetitions",
    SessionType.HILLS: "Hills",
    SessionType.FARTLEK: "Fartlek",
    SessionType.PROGRESSION: "Progression",
    SessionType.RACE_PACE: "Race Pace",
    SessionType.CROSS_TRAINING: "Cross-Training",
    SessionType.STRENGTH: "Strength",
    SessionType.RACE: "Race",
}
SUBTYPES = frozenset({SessionType.PROGRESSION, SessionType.FARTLEK, SessionType.HILLS})
"""Session types the seed calls subtypes of a quality run."""

_DAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_SEGMENT_WORDS = {
    SegmentKind.WARMUP: "warm-up",
    SegmentKind.COOLDOWN: "cool-down",
    SegmentKind.RECOVERY: "recovery",
}


def session_type_display(session: Session) -> str:
    """`Tempo`, `Easy`, `Long Run`, `Rest`..."""
    return SESSION_TYPE_DISPLAY[session["type"]]


def day_of_week_short(session: Session) -> str:
    """`Mon` ... `Sun`, of the day the session is scheduled on now."""
    return _DAY_SHORT[date.fromisoformat(session["scheduledDate"]).weekday()]


def is_rest_day(session: Session) -> bool:
    """A day without training."""
    return bool(session["type"] == SessionType.REST)


def _minutes(value: float) -> str:
    return f"{round(value)} min"


def target_duration_display(session: Session) -> str:
    """`50 min`, `90 min`; `—` on a rest day."""
    minutes = session["durationMin"]
    return _minutes(minutes) if minutes > 0 else NO_VALUE


def effort_level(session: Session) -> int:
    """The planned effort rounded to the 0-10 scale the calendar shows."""
    return int(session["effort"] + 0.5)


def effort_display(session: Session) -> str:
    """`7/10` (`0/10` on a rest day)."""
    return f"{effort_level(session)}/10"


def _imperial(session: Session) -> bool:
    """Whether the runner reads paces per mile (the session's own pace label says)."""
    return "/mi" in (session.get("display") or {}).get("paceLabel", "")


def target_pace(session: Session, end: str) -> str | None:
    """One end of the pace band, `4:55/km` (`min`: the faster end); null without a pace."""
    band = session.get("paceRange")
    if not band:
        return None
    imperial = _imperial(session)
    return format_pace(band[f"{end}SPerKm"], imperial=imperial) + ("/mi" if imperial else "/km")


def pace_band_label(band: dict[str, Any] | None, *, imperial: bool = False) -> str | None:
    """A stored pace band as the seed writes it, `4:55–5:05/km`; None without one."""
    if not band:
        return None
    fast = format_pace(band["minSPerKm"], imperial=imperial)
    slow = format_pace(band["maxSPerKm"], imperial=imperial)
    return f"{fast}–{slow}{'/mi' if imperial else '/km'}"


def target_pace_display(session: Session) -> str | None:
    """`4:55–5:05/km`; null without a pace."""
    return pace_band_label(session.get("paceRange"), imperial=_imperial(session))


def _segment_words(session: Session, segment: dict[str, Any]) -> str:
    kind = segment["kind"]
    minutes = segment.get("durationMin") or 0.0
    word = _SEGMENT_WORDS.get(kind) or SESSION_TYPE_DISPLAY[session["type"]].lower()
    reps = segment.get("repetitions") or 1
    if reps > 1:
        if "stride" in segment.get("description", ""):
            word = "strides"
        return f"{reps} × {duration_label(minutes, seconds=True)} {word}"
    return f"{_minutes(minutes)} {word}"


def structure_display(session: Session) -> str | None:
    """`10 min warm-up → 30 min tempo → 10 min cool-down`; null for a day without structure."""
    segments = session.get("structure") or []
    if not segments:
        return None
    return " → ".join(_segment_words(session, segment) for segment in segments)


def structure_parts(session: Session) -> dict[str, str | None] | None:
    """The structure's words (as `structure_display` writes them) by part.

    `warmup`, `main` (every block between, intervals and recoveries included) and `cooldown`,
    a part the session does not have being None; None for a day without structure.
    """
    segments = session.get("structure") or []
    if not segments:
        return None
    parts: dict[str, list[str]] = {"warmup": [], "main": [], "cooldown": []}
    for segment in segments:
        kind = segment["kind"]
        part = kind if kind in {SegmentKind.WARMUP, SegmentKind.COOLDOWN} else "main"
        parts[part].append(_segment_words(session, segment))
    return {part: " → ".join(words) or None for part, words in parts.items()}


def heart_rate_zone(session: Session) -> int | None:
    """The target heart-rate zone, 1-5; None without one (rest days)."""
    zone = session.get("hrZone")
    return int(zone[1:]) if zone else None


def structure_segments(session: Session) -> list[dict[str, Any]]:
    """The structure in the seed's fields and units (seconds, metres, pace strings)."""
    imperial = _imperial(session)
    result = []
    for segment in session.get("structure") or []:
        band = segment.get("paceRange")
        minutes = segment.get("durationMin")
        recovery = segment.get("recoveryDurationMin")
        result.append(
            {
                "segmentType": segment["kind"],
                "durationSeconds": None if minutes is None else round(minutes * 60),
                "distanceMeters": segment.get("distanceM"),
                "targetPace": pace_band_label(band, imperial=imperial),
                "targetHeartRate": None,
                "targetEffort": segment.get("effort"),
                "repetitions": segment.get("repetitions"),
                "recoverySeconds": None if recovery is None else round(recovery * 60),
                "notes": segment.get("description"),
            }
        )
    return result
