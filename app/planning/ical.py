"""The plan as an iCalendar feed (RFC 5545): one all-day event per session that is not rest."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from app.models.session import PlannedSessionDocument, Segment, SessionStatus, SessionType
from app.planning.formatting import format_pace_range

_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value: backslashes, semicolons, commas and newlines escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= _LINE_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    limit = _LINE_OCTETS
    for char in line:
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = ""
            limit = _LINE_OCTETS - 1  # continuation lines start with a space
        current += char
    parts.append(current)
    return "\r\n ".join(parts)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def segment_line(segment: Segment) -> str:
    """One block of the structure as a line: `Interval: 6 × 800 m at 3:50–4:00 /km`."""
    text = f"{str(segment.kind).capitalize()}: {segment.description}"
    if segment.pace_range is not None:
        text += f" ({format_pace_range(segment.pace_range)})"
    return text


def session_description(session: PlannedSessionDocument) -> str:
    """What the event says: the session, its targets and its structure, then why."""
    lines = [session.description]
    facts = []
    if session.distance_km:
        facts.append(f"{session.distance_km:g} km")
    if session.duration_min:
        facts.append(f"{session.duration_min:g} min")
    if session.pace_range is not None:
        facts.append(f"pace {format_pace_range(session.pace_range)}")
    if session.hr_zone is not None:
        facts.append(f"heart rate {str(session.hr_zone).upper()}")
    if facts:
        lines.append(" · ".join(facts))
    if session.structure:
        lines.append("Structure:")
        lines.extend(f"- {segment_line(segment)}" for segment in session.structure)
    if session.justification:
        lines.append(f"Why: {session.justification}")
    return "\n".join(line for line in lines if line)


def plan_calendar(
    plan_name: str, sessions: Iterable[PlannedSessionDocument], *, now: datetime, host: str
) -> str:
    """The iCalendar text of a plan's sessions; a changed session carries a higher SEQUENCE."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cadence//Training plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(plan_name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for session in sessions:
        if session.type == SessionType.REST:
            continue
        day = session.scheduled_date
        status = "CANCELLED" if session.status == SessionStatus.SKIPPED else "CONFIRMED"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{session.id}@{host}",
            f"DTSTAMP:{_stamp(now)}",
            f"LAST-MODIFIED:{_stamp(session.updated_at)}",
            # Calendar apps replace an event when its sequence grows: each change bumps it.
            f"SEQUENCE:{session.version - 1}",
            f"DTSTART;VALUE=DATE:{_day(day)}",
            f"DTEND;VALUE=DATE:{_day(day + timedelta(days=1))}",
            f"SUMMARY:{escape_text(session.title)}",
            f"DESCRIPTION:{escape_text(session_description(session))}",
            f"CATEGORIES:{escape_text(str(session.type).upper())}",
            f"STATUS:{status}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
