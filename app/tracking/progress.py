"""Progress against a plan: per week and overall, planned against done, from stored documents.

Inputs are the stored (camelCase) documents: the plan's weeks, its planned sessions and the
executions of the plan's days plus unplanned ones in its date range. Rules:

- Counted sessions are run sessions (`RUN_SESSION_TYPES`). Rest days are not sessions;
  cross-training and strength days are supplementary: counted apart, never missed, and they
  add nothing to run volume, because no synced run can complete them.
- A session is *due* once its day is past (before `today`), or earlier when it already has an
  outcome (completed, modified or skipped); a session dated today without an outcome is still
  upcoming, and future weeks therefore show planned numbers and nothing due.
- Missed: stored as missed, or still scheduled without an execution on a past day (the sweep
  that stores `missed` runs with imports, so it may not have seen the latest days yet).
- Moved: a missed workout an adaptation moved to a later day counts on that day only (as a
  shifted session); its original day counts neither as planned nor as missed.
- Shifted: the session was rescheduled (`scheduledDate` differs from `originalScheduledDate`),
  whatever its outcome.
- Planned volume is the sum of the run sessions' planned distance (the live plan, adaptations
  included); the week's `targetVolumeKm` is reported next to it. Actual volume is the actual
  distance of run executions: a planned execution counts in its session's week (so a week
  compares like with like even when its long run was done a day early, across the week's
  edge), an unplanned one in the week its date falls in.
- Adherence score, 0–100: the mean over due run sessions of the execution's `adherenceScore`,
  missed and skipped sessions counting 0. A done session whose execution has no analysis is
  left out of the mean. Completion rate: (completed + modified) / due, in %.
- Compliance colours: each due run session's execution `complianceColor`; missed and skipped
  sessions count red (nothing of the planned duration was done).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from bson import ObjectId

from app.models.execution import ComplianceColor
from app.models.plan import Phase
from app.models.session import RUN_SESSION_TYPES, SessionStatus, SessionType

Stored = Mapping[str, Any]

VOLUME_DECIMALS = 2
SCORE_DECIMALS = 1

SESSION_FIELDS = (
    "_id",
    "weekNumber",
    "type",
    "status",
    "distanceKm",
    "scheduledDate",
    "originalScheduledDate",
    "executionId",
    "movedTo",
)
"""Stored keys of a planned session that progress reads (for projections)."""

EXECUTION_FIELDS = (
    "_id",
    "planId",
    "sessionId",
    "date",
    "completionStatus",
    "actual.distanceKm",
    "analysis.adherenceScore",
    "analysis.complianceColor",
)
"""Stored keys of an execution that progress reads (for projections)."""

_DONE = frozenset({SessionStatus.COMPLETED, SessionStatus.MODIFIED})
_RUN_TYPES = frozenset(kind.value for kind in RUN_SESSION_TYPES)
_SUPPLEMENTARY_TYPES = frozenset(
    kind.value for kind in (SessionType.CROSS_TRAINING, SessionType.STRENGTH)
)


@dataclass(frozen=True, slots=True)
class ComplianceCounts:
    """Due run sessions by compliance colour."""

    green: int = 0
    yellow: int = 0
    red: int = 0


@dataclass(slots=True)
class ProgressCounts:
    """Planned against done, for one week or the whole plan."""

    target_volume_km: float = 0.0
    planned_volume_km: float = 0.0
    planned_volume_to_date_km: float = 0.0
    actual_volume_km: float = 0.0
    sessions_planned: int = 0
    sessions_due: int = 0
    completed: int = 0
    modified: int = 0
    shifted: int = 0
    missed: int = 0
    skipped: int = 0
    upcoming: int = 0
    unplanned_runs: int = 0
    supplementary_sessions: int = 0
    compliance: ComplianceCounts = field(default_factory=ComplianceCounts)
    adherence_score: float | None = None
    completion_rate_pct: float | None = None


@dataclass(slots=True, kw_only=True)
class WeekProgress(ProgressCounts):
    """One week of the plan: its dates and phase, and its counts."""

    week_number: int
    start_date: date
    end_date: date
    phase: Phase


@dataclass(frozen=True, slots=True)
class PlanProgress:
    """The whole plan as of a day: every week, and the totals."""

    as_of: date
    weeks: list[WeekProgress]
    totals: ProgressCounts


Counts = TypeVar("Counts", bound=ProgressCounts)


@dataclass(slots=True)
class _Tally(Generic[Counts]):
    """Running sums behind one `ProgressCounts`."""

    counts: Counts
    score_sum: float = 0.0
    scored: int = 0
    colours: dict[str, int] = field(default_factory=dict)

    def add(self, other: _Tally[WeekProgress]) -> None:
        mine, theirs = self.counts, other.counts
        for name in (
            "target_volume_km",
            "planned_volume_km",
            "planned_volume_to_date_km",
            "actual_volume_km",
            "sessions_planned",
            "sessions_due",
            "completed",
            "modified",
            "shifted",
            "missed",
            "skipped",
            "upcoming",
            "unplanned_runs",
            "supplementary_sessions",
        ):
            setattr(mine, name, getattr(mine, name) + getattr(theirs, name))
        self.score_sum += other.score_sum
        self.scored += other.scored
        for colour, count in other.colours.items():
            self.colours[colour] = self.colours.get(colour, 0) + count

    def finish(self) -> Counts:
        counts = self.counts
        counts.target_volume_km = round(counts.target_volume_km, VOLUME_DECIMALS)
        counts.planned_volume_km = round(counts.planned_volume_km, VOLUME_DECIMALS)
        counts.planned_volume_to_date_km = round(counts.planned_volume_to_date_km, VOLUME_DECIMALS)
        counts.actual_volume_km = round(counts.actual_volume_km, VOLUME_DECIMALS)
        counts.compliance = ComplianceCounts(
            green=self.colours.get(ComplianceColor.GREEN, 0),
            yellow=self.colours.get(ComplianceColor.YELLOW, 0),
            red=self.colours.get(ComplianceColor.RED, 0),
        )
        if self.scored:
            counts.adherence_score = round(self.score_sum / self.scored, SCORE_DECIMALS)
        if counts.sessions_due:
            done = counts.completed + counts.modified
            counts.completion_rate_pct = round(100 * done / counts.sessions_due, SCORE_DECIMALS)
        return counts


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _distance_km(execution: Stored) -> float:
    return float((execution.get("actual") or {}).get("distanceKm") or 0.0)


def _count_session(
    tally: _Tally[WeekProgress], session: Stored, execution: Stored | None, today: date
) -> None:
    """Add one planned run session (and its execution, if any) to the week's tally."""
    counts = tally.counts
    status = session.get("status", SessionStatus.SCHEDULED)
    if status == SessionStatus.SCHEDULED and execution is not None:
        # Linked, but the session's own status not written yet: the execution knows.
        status = execution.get("completionStatus", status)
    scheduled = _day(session["scheduledDate"])
    planned_km = float(session.get("distanceKm") or 0.0)
    counts.sessions_planned += 1
    counts.planned_volume_km += planned_km
    if session.get("originalScheduledDate", session["scheduledDate"]) != session["scheduledDate"]:
        counts.shifted += 1
    if execution is not None:
        counts.actual_volume_km += _distance_km(execution)
    if status == SessionStatus.SCHEDULED and scheduled >= today:
        counts.upcoming += 1
        return
    counts.sessions_due += 1
    counts.planned_volume_to_date_km += planned_km
    analysis = (execution or {}).get("analysis") or {}
    if status in _DONE:
        counts.completed += status == SessionStatus.COMPLETED
        counts.modified += status == SessionStatus.MODIFIED
        score, colour = analysis.get("adherenceScore"), analysis.get("complianceColor")
    else:
        # Missed (stored or not yet swept) and skipped: nothing of the day was done.
        counts.skipped += status == SessionStatus.SKIPPED
        counts.missed += status != SessionStatus.SKIPPED
        score, colour = 0.0, ComplianceColor.RED.value
    if score is not None:
        tally.score_sum += float(score)
        tally.scored += 1
    if colour is not None:
        tally.colours[colour] = tally.colours.get(colour, 0) + 1


def _week_tallies(weeks: Iterable[Stored]) -> dict[int, _Tally[WeekProgress]]:
    ordered = sorted(weeks, key=lambda week: int(week["weekNumber"]))
    return {
        int(week["weekNumber"]): _Tally(
            WeekProgress(
                week_number=int(week["weekNumber"]),
                start_date=_day(week["startDate"]),
                end_date=_day(week["endDate"]),
                phase=Phase(week["phase"]),
                target_volume_km=float(week.get("targetVolumeKm") or 0.0),
            )
        )
        for week in ordered
    }


def _count_unplanned(tallies: Iterable[_Tally[WeekProgress]], unplanned: list[Stored]) -> None:
    """Unplanned runs count in the week their date falls in; outside the plan, nowhere."""
    week_of_day = {
        tally.counts.start_date + timedelta(days=offset): tally
        for tally in tallies
        for offset in range((tally.counts.end_date - tally.counts.start_date).days + 1)
    }
    for execution in unplanned:
        found = week_of_day.get(_day(execution["date"]))
        if found is not None:
            found.counts.unplanned_runs += 1
            found.counts.actual_volume_km += _distance_km(execution)


def plan_progress(
    weeks: Iterable[Stored],
    sessions: Iterable[Stored],
    executions: Iterable[Stored],
    plan_id: ObjectId,
    today: date,
) -> PlanProgress:
    """Progress of the plan as of `today` (the runner's local day), per week and in total."""
    tallies = _week_tallies(weeks)
    by_session: dict[ObjectId, Stored] = {}
    unplanned: list[Stored] = []
    for execution in executions:
        if execution.get("sessionId") is not None:
            by_session[execution["sessionId"]] = execution
        elif execution.get("planId") in (None, plan_id):
            unplanned.append(execution)
    for session in sessions:
        tally = tallies.get(int(session["weekNumber"]))
        kind = session.get("type")
        if tally is not None and kind in _SUPPLEMENTARY_TYPES:
            tally.counts.supplementary_sessions += 1
        elif session.get("movedTo") and session["_id"] not in by_session:
            continue  # a missed workout an adaptation moved: it counts on its new day, once
        elif tally is not None and kind in _RUN_TYPES:
            _count_session(tally, session, by_session.get(session["_id"]), today)
    _count_unplanned(tallies.values(), unplanned)
    total = _Tally(ProgressCounts())
    for tally in tallies.values():
        total.add(tally)
    return PlanProgress(
        as_of=today,
        weeks=[tally.finish() for tally in tallies.values()],
        totals=total.finish(),
    )
