"""Activity ↔ planned-session matching: link, suggest or leave unplanned, and find missed days.

A running activity is scored against each matchable planned session within ±1 day of its local
date (a run session — never rest, cross-training or strength — still scheduled, or marked missed
without an execution, and not linked to an execution yet):

    score = 0.3 · date + 0.2 · type + 0.5 · volume          (0–1, rounded to 3 decimals)

- date: 1.0 on the scheduled day, 0.5 a day early or late.
- type: summary data (sport, distance, time) cannot tell an easy run from intervals, so the only
  type signal used is length. A long-run session fits an activity of at least 75 % of its
  planned volume (1.0) and a shorter one poorly (0.25); any other run session fits an activity
  of up to 150 % of its planned volume (1.0) and a longer one poorly (0.25), because such a run
  is more likely a moved long run. Volume here is distance, or duration when either side has no
  distance (a treadmill run without distance, a time-only session).
- volume: closeness of the actual to the planned distance and duration, each
  max(0, 1 − |log2(actual / planned)|) — 1 when equal, 0 at half or double — averaged over the
  measures both sides have; 0.5 when they share none. Time is moving time, else elapsed time.

Decisions, made for a whole batch at once so that a session gets at most one activity and an
activity at most one session. A pair scoring at least 0.45 is plausible. An activity is a clear
match for its best plausible session when that scores at least 0.65 and beats its second-best by
at least 0.1 (a same-day session at the planned volume beats equal sessions a day away by
exactly 0.15, so the margin sits below that). Clear matches link greedily, best score first
(ties: closer date, earlier start, then activity id, session date and session id), each to a
session no better-scoring run took. Every other running activity becomes a suggestion listing up
to three of its plausible sessions that stayed unlinked, best first, or unplanned when none is
left. So of two runs on one day the better fit links and the other is asked about a free session
nearby, or is unplanned — a shakeout of a few kilometres next to the day's easy run fits nothing
else. An activity whose best session another run took is never linked elsewhere without asking.
A non-running sport is never matched.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from bson import ObjectId

from app.models.activity import RUNNING_SPORTS, ActivityDocument, MatchStatus, Sport
from app.models.session import RUN_SESSION_TYPES, PlannedSessionDocument, SessionStatus, SessionType

MATCH_WINDOW_DAYS = 1
DATE_WEIGHT = 0.3
TYPE_WEIGHT = 0.2
VOLUME_WEIGHT = 0.5
SAME_DAY_DATE_SCORE = 1.0
ADJACENT_DAY_DATE_SCORE = 0.5
GOOD_TYPE_FIT = 1.0
POOR_TYPE_FIT = 0.25
LONG_RUN_MIN_VOLUME_RATIO = 0.75
OTHER_RUN_MAX_VOLUME_RATIO = 1.5
NEUTRAL_VOLUME_CLOSENESS = 0.5
AUTO_LINK_MIN_SCORE = 0.65
AUTO_LINK_MIN_MARGIN = 0.1
SUGGEST_MIN_SCORE = 0.45
MAX_SUGGESTIONS = 3
NEAR_PLAN_PCT = 10.0
MATCHABLE_STATUSES = frozenset({SessionStatus.SCHEDULED, SessionStatus.MISSED})

RecordId = ObjectId | str
"""A document id: the stored ObjectId, or any string id in tests and tools."""


class MatchOutcome(StrEnum):
    """What matching decided for one activity."""

    AUTO_LINK = "auto_link"
    SUGGEST = "suggest"
    UNPLANNED = "unplanned"
    NOT_A_RUN = "not_a_run"

    @property
    def match_status(self) -> MatchStatus:
        """The activity's stored match status for this outcome."""
        return _MATCH_STATUS_OF[self]


_MATCH_STATUS_OF = {
    MatchOutcome.AUTO_LINK: MatchStatus.MATCHED,
    MatchOutcome.SUGGEST: MatchStatus.SUGGESTED,
    MatchOutcome.UNPLANNED: MatchStatus.UNPLANNED,
    MatchOutcome.NOT_A_RUN: MatchStatus.NOT_A_RUN,
}


@dataclass(frozen=True, slots=True)
class ActivityFacts:
    """The summary of an activity that matching reads."""

    activity_id: RecordId
    sport: Sport
    local_date: date
    start_time: datetime
    distance_m: float
    elapsed_time_s: float
    moving_time_s: float | None = None

    @classmethod
    def from_document(cls, activity: ActivityDocument) -> ActivityFacts:
        """The facts of a validated activity document."""
        return cls(
            activity_id=activity.id,
            sport=Sport(activity.sport),
            local_date=activity.local_date,
            start_time=activity.start_time,
            distance_m=activity.distance_m,
            elapsed_time_s=activity.elapsed_time_s,
            moving_time_s=activity.moving_time_s,
        )

    @classmethod
    def from_mongo(cls, document: Mapping[str, Any]) -> ActivityFacts:
        """The facts of a stored activity (camelCase keys), without validating the rest."""
        moving_time_s = document.get("movingTimeS")
        return cls(
            activity_id=document["_id"],
            sport=Sport(document["sport"]),
            local_date=date.fromisoformat(document["localDate"]),
            start_time=document["startTime"],
            distance_m=float(document["distanceM"]),
            elapsed_time_s=float(document["elapsedTimeS"]),
            moving_time_s=None if moving_time_s is None else float(moving_time_s),
        )

    @property
    def duration_min(self) -> float:
        """Moving time when recorded, else elapsed time, in minutes."""
        return (self.moving_time_s or self.elapsed_time_s) / 60.0


@dataclass(frozen=True, slots=True)
class SessionCandidate:
    """The summary of a planned session that matching reads."""

    session_id: RecordId
    scheduled_date: date
    type: SessionType
    distance_km: float
    duration_min: float
    status: SessionStatus = SessionStatus.SCHEDULED
    linked: bool = False

    @classmethod
    def from_document(cls, session: PlannedSessionDocument) -> SessionCandidate:
        """The summary of a validated planned-session document."""
        return cls(
            session_id=session.id,
            scheduled_date=session.scheduled_date,
            type=SessionType(session.type),
            distance_km=session.distance_km,
            duration_min=session.duration_min,
            status=SessionStatus(session.status),
            linked=session.execution_id is not None,
        )

    @classmethod
    def from_mongo(cls, document: Mapping[str, Any]) -> SessionCandidate:
        """The summary of a stored planned session (camelCase keys)."""
        return cls(
            session_id=document["_id"],
            scheduled_date=date.fromisoformat(document["scheduledDate"]),
            type=SessionType(document["type"]),
            distance_km=float(document.get("distanceKm", 0.0)),
            duration_min=float(document.get("durationMin", 0.0)),
            status=SessionStatus(document.get("status", SessionStatus.SCHEDULED)),
            linked=document.get("executionId") is not None,
        )

    @property
    def matchable(self) -> bool:
        """A run session, open for an activity: not rest, not done, not linked."""
        return (
            self.type in RUN_SESSION_TYPES and self.status in MATCHABLE_STATUSES and not self.linked
        )


@dataclass(frozen=True, slots=True)
class ScoredSession:
    """A planned session as a match for an activity, with its score and a reason a person reads."""

    session_id: RecordId
    scheduled_date: date
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class MatchDecision:
    """The outcome for one activity; `link` is set for AUTO_LINK, `suggestions` for SUGGEST."""

    activity_id: RecordId
    outcome: MatchOutcome
    reason: str
    link: ScoredSession | None = None
    suggestions: tuple[ScoredSession, ...] = ()


@dataclass(frozen=True, slots=True)
class _Pair:
    score: float
    day_offset: int
    activity_index: int
    session_index: int


def match_activity(activity: ActivityFacts, sessions: Iterable[SessionCandidate]) -> MatchDecision:
    """Match one activity against the runner's sessions (any date range; ±1 day is applied)."""
    return assign_batch([activity], sessions)[0]


def assign_batch(
    activities: Sequence[ActivityFacts], sessions: Iterable[SessionCandidate]
) -> list[MatchDecision]:
    """Match many activities at once, one session per activity at most; decisions in input order."""
    batch = _Batch(activities, [session for session in sessions if session.matchable])
    plausible = batch.plausible_pairs()
    links, taken = batch.greedy_links(plausible)
    return [
        batch.decide(index, plausible[index], links.get(index), taken)
        for index in range(len(activities))
    ]


@dataclass(frozen=True, slots=True)
class _Batch:
    """The activities of a batch and the open sessions they may claim, addressed by position."""

    activities: Sequence[ActivityFacts]
    sessions: list[SessionCandidate]

    def plausible_pairs(self) -> list[list[_Pair]]:
        """Per activity, its sessions scoring at least SUGGEST_MIN_SCORE, best first."""
        by_day: dict[int, list[int]] = defaultdict(list)
        for index, session in enumerate(self.sessions):
            by_day[session.scheduled_date.toordinal()].append(index)
        plausible: list[list[_Pair]] = [[] for _ in self.activities]
        for activity_index, activity in enumerate(self.activities):
            if activity.sport not in RUNNING_SPORTS:
                continue
            pairs = plausible[activity_index]
            day = activity.local_date.toordinal()
            for offset in range(-MATCH_WINDOW_DAYS, MATCH_WINDOW_DAYS + 1):
                for session_index in by_day.get(day + offset, ()):
                    score = _score(activity, self.sessions[session_index], offset)
                    if score >= SUGGEST_MIN_SCORE:
                        pairs.append(_Pair(score, offset, activity_index, session_index))
            if len(pairs) > 1:
                pairs.sort(key=self.order)
        return plausible

    def order(self, pair: _Pair) -> tuple[float, int, datetime, str, date, str, int, int]:
        """Best score first, then the deterministic tie-breaks of the module docstring."""
        activity = self.activities[pair.activity_index]
        session = self.sessions[pair.session_index]
        return (
            -pair.score,
            abs(pair.day_offset),
            activity.start_time,
            str(activity.activity_id),
            session.scheduled_date,
            str(session.session_id),
            pair.activity_index,
            pair.session_index,
        )

    def greedy_links(self, plausible: list[list[_Pair]]) -> tuple[dict[int, _Pair], set[int]]:
        """The automatic links by activity position, and the positions of the linked sessions."""
        clear_bests = [
            pairs[0]
            for pairs in plausible
            if pairs
            and pairs[0].score >= AUTO_LINK_MIN_SCORE
            and pairs[0].score - (pairs[1].score if len(pairs) > 1 else 0.0) >= AUTO_LINK_MIN_MARGIN
        ]
        links: dict[int, _Pair] = {}
        taken: set[int] = set()
        for pair in sorted(clear_bests, key=self.order):
            if pair.session_index not in taken:
                links[pair.activity_index] = pair
                taken.add(pair.session_index)
        return links, taken

    def scored(self, pair: _Pair) -> ScoredSession:
        """The pair as the caller sees it: session, score and reason."""
        session = self.sessions[pair.session_index]
        reason = _reason(self.activities[pair.activity_index], session, pair.day_offset)
        return ScoredSession(session.session_id, session.scheduled_date, pair.score, reason)

    def decide(
        self, index: int, plausible: list[_Pair], link: _Pair | None, taken: set[int]
    ) -> MatchDecision:
        """The decision for the activity at `index`, once every link of the batch is known."""
        activity = self.activities[index]
        activity_id = activity.activity_id
        if activity.sport not in RUNNING_SPORTS:
            reason = f"a {activity.sport.replace('_', ' ')} never matches a run"
            return MatchDecision(activity_id, MatchOutcome.NOT_A_RUN, reason)
        if link is not None:
            linked = self.scored(link)
            return MatchDecision(activity_id, MatchOutcome.AUTO_LINK, linked.reason, link=linked)
        free = [pair for pair in plausible if pair.session_index not in taken]
        if free:
            suggestions = tuple(self.scored(pair) for pair in free[:MAX_SUGGESTIONS])
            if plausible[0].session_index in taken:
                reason = "the best-fitting session is linked to another run: confirm this one"
            elif suggestions[0].score >= AUTO_LINK_MIN_SCORE:
                reason = "two planned sessions fit almost equally well: confirm which one this was"
            else:
                reason = "no planned session fits closely enough to link without asking"
            return MatchDecision(activity_id, MatchOutcome.SUGGEST, reason, suggestions=suggestions)
        reason = (
            "the planned sessions nearby are already linked to other runs"
            if plausible
            else "no planned run within a day fits this activity"
        )
        return MatchDecision(activity_id, MatchOutcome.UNPLANNED, reason)


def missed_sessions(sessions: Iterable[SessionCandidate], today: date) -> list[SessionCandidate]:
    """Sessions before `today` (the runner's local date), not rest, still scheduled, unlinked."""
    missed = [
        session
        for session in sessions
        if session.scheduled_date < today
        and session.type != SessionType.REST
        and session.status == SessionStatus.SCHEDULED
        and not session.linked
    ]
    return sorted(missed, key=lambda session: (session.scheduled_date, str(session.session_id)))


def _volume_ratios(
    activity: ActivityFacts, session: SessionCandidate
) -> tuple[float | None, float | None]:
    """Actual over planned distance and duration, where both sides have the measure."""
    distance_km = activity.distance_m / 1000.0
    duration_min = activity.duration_min
    distance_ratio = (
        distance_km / session.distance_km if distance_km > 0 and session.distance_km > 0 else None
    )
    duration_ratio = (
        duration_min / session.duration_min
        if duration_min > 0 and session.duration_min > 0
        else None
    )
    return distance_ratio, duration_ratio


def _closeness(ratio: float) -> float:
    return max(0.0, 1.0 - abs(math.log2(ratio)))


def _type_fit(session_type: SessionType, volume_ratio: float | None) -> float:
    if volume_ratio is None:
        return GOOD_TYPE_FIT
    if session_type == SessionType.LONG:
        fits = volume_ratio >= LONG_RUN_MIN_VOLUME_RATIO
    else:
        fits = volume_ratio <= OTHER_RUN_MAX_VOLUME_RATIO
    return GOOD_TYPE_FIT if fits else POOR_TYPE_FIT


def _score(activity: ActivityFacts, session: SessionCandidate, day_offset: int) -> float:
    distance_ratio, duration_ratio = _volume_ratios(activity, session)
    closeness = [
        _closeness(ratio) for ratio in (distance_ratio, duration_ratio) if ratio is not None
    ]
    volume = sum(closeness) / len(closeness) if closeness else NEUTRAL_VOLUME_CLOSENESS
    leading_ratio = distance_ratio if distance_ratio is not None else duration_ratio
    date_score = SAME_DAY_DATE_SCORE if day_offset == 0 else ADJACENT_DAY_DATE_SCORE
    score = (
        DATE_WEIGHT * date_score
        + TYPE_WEIGHT * _type_fit(session.type, leading_ratio)
        + VOLUME_WEIGHT * volume
    )
    return round(score, 3)


def _reason(activity: ActivityFacts, session: SessionCandidate, day_offset: int) -> str:
    """Why this session fits, e.g. "same day, distance within 5 %"."""
    # day_offset is the session's date minus the activity's: a session planned for yesterday
    # (offset −1) was run a day late.
    when = {0: "same day", -1: "a day late", 1: "a day early"}[day_offset]
    parts = [when]
    distance_ratio, duration_ratio = _volume_ratios(activity, session)
    if distance_ratio is not None:
        parts.append(_closeness_phrase("distance", distance_ratio))
    elif duration_ratio is not None:
        parts.append(_closeness_phrase("duration", duration_ratio))
    leading_ratio = distance_ratio if distance_ratio is not None else duration_ratio
    if _type_fit(session.type, leading_ratio) == POOR_TYPE_FIT:
        if session.type == SessionType.LONG:
            parts.append("much shorter than the planned long run")
        else:
            parts.append(f"much longer than the planned {session.type.replace('_', ' ')} session")
    return ", ".join(parts)


def _closeness_phrase(measure: str, ratio: float) -> str:
    difference_pct = (ratio - 1.0) * 100.0
    if abs(difference_pct) <= NEAR_PLAN_PCT:
        return f"{measure} within {max(1, math.ceil(abs(difference_pct)))} %"
    return f"{measure} {abs(difference_pct):.0f} % {'over' if difference_pct > 0 else 'under'}"
