"""Changes to one stored planned session: easier, shorter, a rest day, or moved to a day.

Sessions are the stored camelCase documents. Every edit returns a new document (the input is
left as it was, for the adaptation log's "before") whose calendar strings agree with its
numbers, and whose justification says why it changed.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from app.models.common import WEEKDAYS, PaceRange
from app.models.session import SessionStatus, SessionType
from app.planning.content import SESSION_CONTENT
from app.planning.formatting import format_pace_range
from app.planning.labels import distance_label, duration_label

Document = dict[str, Any]

EASY_EFFORT = 3.0
DONE = frozenset({SessionStatus.COMPLETED, SessionStatus.MODIFIED, SessionStatus.SKIPPED})


def is_run(session: Document) -> bool:
    """A running day (not rest, cross-training or strength)."""
    return session["type"] not in {
        SessionType.REST,
        SessionType.CROSS_TRAINING,
        SessionType.STRENGTH,
    }


def is_open(session: Document) -> bool:
    """Still to do: no execution, not skipped or completed (a revision may change it)."""
    return session.get("executionId") is None and session["status"] not in DONE


def _imperial(session: Document) -> bool:
    return "/mi" in (session.get("display") or {}).get("paceLabel", "")


def _explained(session: Document, why: str, points: list[str] | None = None) -> None:
    """Say why the day changed.

    `points`: the cues of the day it became, when it became another kind of day (the replaced
    workout's cues are no longer true of it).
    """
    session["justification"] = f"{why} {session.get('justification', '')}".strip()
    kept = session.get("keyPoints", []) if points is None else points
    session["keyPoints"] = [why, *kept][:6]


def _cues(kind: SessionType, pace_label: str = "") -> list[str]:
    """The cues a generated day of this kind has: its pace band first, when it has one."""
    pace = [f"Pace {pace_label}."] if pace_label else []
    return [*pace, *SESSION_CONTENT[kind].key_points]


def to_easy(session: Document, easy: Document | None, why: str, factor: float = 1.0) -> Document:
    """The day as an easy run of `factor` times its distance, at easy pace."""
    changed = copy.deepcopy(session)
    distance = round(session["distanceKm"] * factor, 1)
    pace = PaceRange.model_validate(easy) if easy else None
    minutes = (
        distance * (pace.min_s_per_km + pace.max_s_per_km) / 120.0
        if pace
        else session["durationMin"] * factor
    )
    imperial = _imperial(session)
    pace_label = format_pace_range(pace, imperial=imperial) if pace else ""
    changed.update(
        type=SessionType.EASY.value,
        title="Easy run",
        isHard=False,
        isKeySession=False,
        durationMin=round(minutes, 1),
        distanceKm=distance,
        effort=EASY_EFFORT,
        hrZone="z2",
        structure=[
            {
                "kind": "main",
                "description": f"{distance_label(distance, imperial=imperial)} easy",
                "durationMin": round(minutes, 1),
                "distanceM": distance * 1000.0,
                "effort": EASY_EFFORT,
                **({"paceRange": pace.to_mongo()} if pace else {}),
            }
        ],
        description=f"An easy run in place of the planned {session['title'].lower()}.",
        physiologicalTarget="Aerobic maintenance while the body absorbs recent stress.",
    )
    changed.pop("hrRange", None)
    if pace:
        changed["paceRange"] = pace.to_mongo()
    changed["display"] = {
        **session["display"],
        "title": "Easy run",
        "subtitle": f"{distance_label(distance, imperial=imperial)} easy",
        "durationLabel": duration_label(minutes),
        "distanceLabel": distance_label(distance, imperial=imperial),
        "paceLabel": pace_label,
        "intensityLabel": "Easy",
        "color": "easy",
        "icon": "run",
    }
    _explained(changed, why, _cues(SessionType.EASY, pace_label))
    return changed


def scaled(session: Document, factor: float, why: str) -> Document:
    """The same workout at `factor` times its distance and duration (structure included)."""
    changed = copy.deepcopy(session)
    changed["distanceKm"] = round(session["distanceKm"] * factor, 1)
    changed["durationMin"] = round(session["durationMin"] * factor, 1)
    for segment in changed.get("structure", []):
        for key in ("distanceM", "durationMin"):
            if segment.get(key) is not None:
                segment[key] = round(segment[key] * factor, 1)
    imperial = _imperial(session)
    changed["display"] = {
        **session["display"],
        "durationLabel": duration_label(changed["durationMin"]),
        "distanceLabel": distance_label(changed["distanceKm"], imperial=imperial),
    }
    _explained(changed, why)
    return changed


def to_rest(session: Document, why: str, title: str = "Rest day") -> Document:
    """The day as a rest day."""
    changed = copy.deepcopy(session)
    changed.update(
        type=SessionType.REST.value,
        title=title,
        isHard=False,
        isKeySession=False,
        durationMin=0.0,
        distanceKm=0.0,
        effort=0.0,
        structure=[],
        status=SessionStatus.REST.value,
        description=why,
        physiologicalTarget="Recovery.",
    )
    for key in ("paceRange", "hrZone", "hrRange"):
        changed.pop(key, None)
    changed["display"] = {
        "title": title,
        "subtitle": "Recover",
        "durationLabel": "",
        "distanceLabel": "",
        "paceLabel": "",
        "intensityLabel": "Rest",
        "color": "rest",
        "icon": "rest",
    }
    _explained(changed, why, _cues(SessionType.REST))
    return changed


def moved(session: Document, day: date, week_number: int, why: str | None = None) -> Document:
    """The same workout on another day (its original date is kept)."""
    changed = copy.deepcopy(session)
    changed.update(
        scheduledDate=day.isoformat(),
        weekNumber=week_number,
        dayIndex=day.weekday(),
        dayOfWeek=WEEKDAYS[day.weekday()].value,
    )
    if why:
        _explained(changed, why)
    return changed


def week_of(plan_start: date, day: date) -> int:
    """The plan week (7-day blocks from the start date) a day falls in."""
    return (day - plan_start).days // 7 + 1


def days(first: date, count: int) -> list[date]:
    """`count` consecutive days from `first`."""
    return [first + timedelta(days=offset) for offset in range(count)]
