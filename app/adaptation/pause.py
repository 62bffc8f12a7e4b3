"""Pausing a plan: the remaining schedule moves, race day stays, and the taper gives way.

A pause of `days` from `first_day` shifts every open session from `first_day` on by the whole
weeks it contains (`days // 7`), so each workout keeps its weekday (the long-run day, blocked
days and hard-day spacing stay as generated). The days of the pause become rest days. Race day
cannot move, so the weeks the shift pushes past it are taken out of the taper — its first
weeks, keeping the race week, and one more taper week when there were two or more — and, when
the taper has no week left to give, the last weeks before it. The remaining days of a pause
that is not a whole number of weeks (`days % 7`) become rest days without shifting anything
(a pause is not a missed run). Moved workouts keep their original date, so the calendar shows
them as shifted.

A session the runner rescheduled within its week shares its new day with that day's own
session; for the pause it holds the day its week left empty (its planned day), so it moves with
the rest of the schedule instead of staying behind inside the pause. Whatever still sits inside
the pause afterwards becomes a rest day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from app.adaptation.edits import Document, is_open, moved, to_rest, week_of
from app.models.session import SessionStatus


@dataclass(frozen=True, slots=True)
class PauseShift:
    """What a pause does to the schedule."""

    after: dict[str, Document]
    weeks_shifted: int
    taper_weeks_dropped: int
    training_weeks_dropped: int
    skipped_days: int
    first_kept_week: int
    """The first week after the ones taken out: from it on, weeks keep their dates."""


class PauseTooLongError(ValueError):
    """The pause would reach the race week."""


def _slot_days(sessions: list[Document], start: date, race_day: date) -> dict[str, date]:
    """The day each session holds in the plan's grid of one session a day (by session id).

    Rescheduling moves a session onto a day that has its own session and leaves its planned day
    empty; the moved one holds that empty day (its original date when that is the one).
    """
    by_week: dict[int, list[Document]] = defaultdict(list)
    for session in sessions:
        by_week[session["weekNumber"]].append(session)
    slots: dict[str, date] = {}
    for number, week in by_week.items():
        first = start + timedelta(weeks=number - 1)
        on_day: dict[date, list[Document]] = defaultdict(list)
        for session in week:
            on_day[date.fromisoformat(session["scheduledDate"])].append(session)
        week_days = {first + timedelta(days=offset) for offset in range(7)}
        vacant = sorted(day for day in week_days - on_day.keys() if day <= race_day)
        for day, here in on_day.items():
            here.sort(key=lambda s: s.get("originalScheduledDate", s["scheduledDate"]) != str(day))
            slots[str(here[0]["_id"])] = day
            for extra in here[1:]:
                original = extra.get("originalScheduledDate")
                chosen = next((v for v in vacant if v.isoformat() == original), None)
                chosen = chosen or (vacant[0] if vacant else day)
                if chosen in vacant:
                    vacant.remove(chosen)
                slots[str(extra["_id"])] = chosen
    return slots


def _movable(sessions: list[Document], first_day: date, slots: dict[str, date]) -> list[Document]:
    movable = [s for s in sessions if slots[str(s["_id"])] >= first_day]
    if any(not is_open(s) and s["status"] != SessionStatus.REST for s in movable):
        msg = "sessions from the first day of the pause on are already done"
        raise PauseTooLongError(msg)
    return movable


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the weeks a pause pushes past race day come from."""

    shift_weeks: int
    from_taper: int
    from_training: int
    first_kept_week: int  # first week kept after those taken out
    dropped_first: date  # first old day taken out
    dropped_last: date  # first old day kept after those


def _layout(plan: Document, first_day: date, days: int) -> _Layout:
    weeks = plan["weeklyPlan"]
    taper = [w["weekNumber"] for w in weeks if w.get("isTaperWeek") and not w.get("isRaceWeek")]
    race_week_start = date.fromisoformat(weeks[-1]["startDate"])
    taper_first = taper[0] if taper else weeks[-1]["weekNumber"]
    taper_start = date.fromisoformat(weeks[taper_first - 1]["startDate"])
    if first_day + timedelta(days=days) > race_week_start:  # its last day is in the race week
        msg = "the pause reaches the race week"
        raise PauseTooLongError(msg)
    shift_weeks = days // 7
    if not shift_weeks:  # nothing moves: the days of the pause are rest
        far = date.max
        return _Layout(0, 0, 0, taper_first, far, far)
    # A taper of two weeks or more before the race week keeps one of them.
    from_taper = min(shift_weeks, len(taper) - 1 if len(taper) > 1 else len(taper))
    from_training = shift_weeks - from_taper
    layout = _Layout(
        shift_weeks=shift_weeks,
        from_taper=from_taper,
        from_training=from_training,
        first_kept_week=taper_first + from_taper,
        dropped_first=taper_start - timedelta(weeks=from_training),
        dropped_last=taper_start + timedelta(weeks=from_taper),
    )
    if layout.dropped_first < first_day:
        msg = "the pause leaves no training weeks before the race week"
        raise PauseTooLongError(msg)
    return layout


def shift_for_pause(
    plan: Document, sessions: list[Document], first_day: date, days: int
) -> PauseShift:
    """The sessions after a pause of `days` days from `first_day` (by id, changed ones only)."""
    start = date.fromisoformat(plan["metadata"]["startDate"])
    race_day = date.fromisoformat(plan["metadata"]["endDate"])
    layout = _layout(plan, first_day, days)
    shift = timedelta(weeks=layout.shift_weeks)
    why = f"Paused for {days} days from {first_day.isoformat()}."
    slots = _slot_days(sessions, start, race_day)
    # The workout each day from the pause on will hold.
    content: dict[date, Document] = {}
    for session in _movable(sessions, first_day, slots):
        day = slots[str(session["_id"])]
        if day >= layout.dropped_last:
            content[day] = session  # the end of the taper and the race week keep their dates
        elif day < layout.dropped_first:
            content[day + shift] = session
    after: dict[str, Document] = {}
    by_date = {slots[str(s["_id"])].isoformat(): s for s in sessions}
    for day_text, slot in by_date.items():
        day = date.fromisoformat(day_text)
        if not first_day <= day <= race_day:
            continue
        source = content.get(day)
        if day < first_day + shift or source is None:
            rest = to_rest(slot, why, title="Paused")
            after[str(slot["_id"])] = moved(rest, day, week_of(start, day))
        elif source is not slot:
            # The slot keeps its id and date; the workout of `source` moves into it.
            # It keeps its own original date, so the calendar shows it as shifted.
            replacement = moved({**source, "_id": slot["_id"]}, day, week_of(start, day), why)
            replacement["version"] = slot.get("version", 1)
            after[str(slot["_id"])] = replacement
    skipped = days % 7 if layout.shift_weeks else days
    _rest_after_pause(after, by_date, first_day + shift, skipped, why)
    _nothing_left_inside(after, sessions, first_day, first_day + timedelta(days=days), why)
    return PauseShift(
        after,
        layout.shift_weeks,
        layout.from_taper,
        layout.from_training,
        skipped,
        layout.first_kept_week,
    )


def _rest_after_pause(
    after: dict[str, Document], by_date: dict[str, Document], first_back: date, count: int, why: str
) -> None:
    """The days of a pause that whole weeks do not cover are rest days, not missed runs."""
    for offset in range(count):
        slot = by_date.get((first_back + timedelta(days=offset)).isoformat())
        if slot is None:
            continue
        current = after.get(str(slot["_id"]), slot)
        if current["type"] != "rest" and is_open(current):
            after[str(slot["_id"])] = to_rest(current, why, title="Paused")


def _nothing_left_inside(
    after: dict[str, Document], sessions: list[Document], first: date, end: date, why: str
) -> None:
    """No workout stays inside the pause (one rescheduled into it from a day before, say)."""
    for session in sessions:
        current = after.get(str(session["_id"]), session)
        inside = first <= date.fromisoformat(current["scheduledDate"]) < end
        if inside and current["type"] != "rest" and is_open(current):
            after[str(session["_id"])] = to_rest(current, why, title="Paused")


def shifted_weeks(
    weekly_plan: list[Document], first_day: date, shift: PauseShift, start: date
) -> list[Document]:
    """The plan's weeks after the pause: same dates, contents moved as the sessions were."""
    if shift.weeks_shifted == 0:
        return [dict(week) for week in weekly_plan]
    first_week = week_of(start, first_day)
    paused_until = first_week + shift.weeks_shifted  # first week with content again
    weeks: list[Document] = []
    for week in weekly_plan:
        number = week["weekNumber"]
        partly_before = number == first_week and first_day > date.fromisoformat(week["startDate"])
        if number < first_week or partly_before or number >= shift.first_kept_week:
            weeks.append(dict(week))
            continue
        dates = {"weekNumber": number, "startDate": week["startDate"], "endDate": week["endDate"]}
        if number < paused_until:
            weeks.append({**week, "focus": "Paused", "isRecoveryWeek": False, "notes": []})
        else:
            weeks.append({**weekly_plan[number - shift.weeks_shifted - 1], **dates})
    return weeks


def phases_of(weeks: list[Document], old_phases: list[Document]) -> list[Document]:
    """The phase spans of `weeks`, keeping each phase's focus and justification."""
    by_phase = {phase["phase"]: phase for phase in old_phases}
    spans: list[Document] = []
    for week in weeks:
        if spans and spans[-1]["phase"] == week["phase"]:
            spans[-1]["endWeek"] = week["weekNumber"]
        elif week["phase"] in by_phase:
            spans.append(
                {
                    **by_phase[week["phase"]],
                    "startWeek": week["weekNumber"],
                    "endWeek": week["weekNumber"],
                }
            )
    return spans
