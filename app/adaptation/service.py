"""The adaptation services: adapt, pause, resume, blackout days and regenerate a plan.

Each reads the plan and its sessions once, computes a `Revision` with the pure modules of this
package, and writes it with `apply_revision` (a new version, the old one kept, a log, an event).
Bad input raises a typed error before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bson import ObjectId

from app import plan_service
from app.adaptation.edits import Document, is_open, is_run, moved, to_rest, week_of
from app.adaptation.pause import PauseTooLongError, phases_of, shift_for_pause, shifted_weeks
from app.adaptation.revision import Revision, SessionEdit, apply_revision, ensure_open
from app.adaptation.rules import PlanState, evaluate
from app.adaptation.weeks import refresh_weeks
from app.clock import local_today
from app.errors import ConflictError, InvalidInputError, NotFoundError
from app.events import EventBus
from app.models.plan import PauseWindow, PlanStatus
from app.models.session import PlannedSessionDocument, SessionType
from app.plan_service import PlanOptions
from repositories.registry import Repositories

MAX_PAUSE_DAYS = 84
READINESS_MAX_AGE = timedelta(hours=36)
RULE_WINDOW_DAYS = 14
EXECUTION_FIELDS = {"date": 1, "feedback": 1, "actual.distanceKm": 1, "sessionId": 1}


@dataclass(frozen=True, slots=True)
class RevisionResult:
    """A revision and, unless it was a preview or empty, the plan and log it wrote."""

    revision: Revision
    triggers: list[str]
    plan: Document
    log: Document | None

    @property
    def applied(self) -> bool:
        """Whether the plan changed."""
        return self.log is not None


async def _load(
    repositories: Repositories, runner_id: ObjectId, plan_id: ObjectId
) -> tuple[Document, list[Document]]:
    plan = await repositories.plans.get(runner_id, plan_id)
    if plan is None:
        raise NotFoundError("plan", plan_id)
    sessions = await repositories.sessions.of_plan(runner_id, plan_id)
    return plan, sessions


def _edits(sessions: Sequence[Document], after: dict[str, Document]) -> list[SessionEdit]:
    by_id = {str(s["_id"]): s for s in sessions}
    return [
        SessionEdit(by_id[key], document)
        for key, document in sorted(after.items(), key=lambda item: item[1]["scheduledDate"])
        if document != by_id[key]
    ]


def _refreshed_weeks(
    weeks: list[Document],
    sessions: Sequence[Document],
    edits: Sequence[SessionEdit],
    touched: set[int],
    note: str,
) -> list[Document]:
    """`weeks` with the `touched` ones recomputed from the sessions as `edits` leave them."""
    changed = {str(edit.session_id): edit.after for edit in edits if edit.after}
    current = [changed.get(str(s["_id"]), s) for s in sessions]
    return refresh_weeks(weeks, current, touched, note)


def _with_weeks(
    revision: Revision, plan: Document, sessions: Sequence[Document], note: str
) -> Revision:
    if not revision.edits:
        return revision
    touched = {edit.after["weekNumber"] for edit in revision.edits if edit.after}
    touched |= {edit.before["weekNumber"] for edit in revision.edits if edit.before}
    base = revision.weekly_plan if revision.weekly_plan is not None else plan["weeklyPlan"]
    revision.weekly_plan = _refreshed_weeks(base, sessions, revision.edits, touched, note)
    return revision


async def adapt_plan(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    plan_id: ObjectId,
    *,
    preview: bool,
    now: datetime,
) -> RevisionResult:
    """Run the adaptation rules on the plan as of `now`; apply the change unless `preview`."""
    plan, sessions = await _load(repositories, runner_id, plan_id)
    ensure_open(plan, "adapted")
    runner = await repositories.runners.get(
        runner_id,
        {"identity.timezone": 1, "currentState.readiness": 1, "currentState.updatedAt": 1},
    )
    today = local_today(((runner or {}).get("identity") or {}).get("timezone"), now)
    state = (runner or {}).get("currentState") or {}
    updated_at = state.get("updatedAt")
    # Readiness is recomputed with each import: one older than a day and a half says nothing
    # about today.
    fresh = updated_at is not None and now - _aware(updated_at) <= READINESS_MAX_AGE
    readiness = (state.get("readiness") or {}) if fresh else {}
    executions = await repositories.executions.between(
        runner_id, today - timedelta(days=RULE_WINDOW_DAYS), today, EXECUTION_FIELDS
    )
    outcome = evaluate(
        PlanState(
            plan=plan,
            sessions=sessions,
            executions=sorted(executions, key=lambda e: e["date"]),
            readiness_score=readiness.get("score"),
            today=today,
        )
    )
    edits = _edits(sessions, outcome.working)
    reason = " ".join(outcome.reasons) or "Training matches the plan: nothing to change."
    revision = Revision(
        kind="adaptation",
        trigger=",".join(outcome.triggers) or "none",
        reason=reason,
        summary=_summary(edits, outcome.triggers),
        edits=edits,
    )
    revision = _with_weeks(revision, plan, sessions, "Adapted: " + revision.summary)
    if preview or not edits:
        return RevisionResult(revision, outcome.triggers, plan, None)
    updated, log = await apply_revision(repositories, events, plan, sessions, revision)
    return RevisionResult(revision, outcome.triggers, updated, log)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _summary(edits: list[SessionEdit], triggers: list[str]) -> str:
    if not edits:
        return "No change."
    names = ", ".join(trigger.replace("_", " ") for trigger in triggers)
    return f"{len(edits)} session{'s' if len(edits) != 1 else ''} changed ({names})."


async def pause_plan(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    plan_id: ObjectId,
    *,
    first_day: date,
    days: int,
    today: date,
) -> RevisionResult:
    """Pause the plan for `days` days from `first_day`: shift what remains, keep race day."""
    plan, sessions = await _load(repositories, runner_id, plan_id)
    ensure_open(plan, "paused")
    if plan["status"] != PlanStatus.ACTIVE:
        msg = f"only an active plan can be paused; this one is {plan['status']}"
        raise ConflictError(msg)
    race_day = date.fromisoformat(plan["metadata"]["endDate"])
    if first_day < today:
        raise InvalidInputError("from", "a pause cannot start in the past")
    if not 1 <= days <= MAX_PAUSE_DAYS:
        raise InvalidInputError("days", f"a pause lasts 1 to {MAX_PAUSE_DAYS} days")
    if first_day + timedelta(days=days) > race_day:
        msg = (
            f"the pause would end after race day ({race_day.isoformat()}): shorten it, or "
            "abandon the plan and generate one for a later race"
        )
        raise InvalidInputError("days", msg)
    try:
        shift = shift_for_pause(plan, sessions, first_day, days)
    except PauseTooLongError as exc:
        msg = f"{exc}: keep the pause shorter, or generate a new plan"
        raise InvalidInputError("days", msg) from None
    start = date.fromisoformat(plan["metadata"]["startDate"])
    weeks = shifted_weeks(plan["weeklyPlan"], first_day, shift, start)
    taper_before = plan["loadParameters"]["taperWeeks"]
    taper_after = taper_before - shift.taper_weeks_dropped
    parts = [f"Paused {days} days from {first_day.isoformat()}"]
    if shift.weeks_shifted:
        parts.append(f"the remaining schedule moves {shift.weeks_shifted} week(s) later")
    if shift.taper_weeks_dropped:
        parts.append(f"taper compressed from {taper_before} to {taper_after} week(s)")
    if shift.training_weeks_dropped:
        parts.append(f"{shift.training_weeks_dropped} training week(s) before the taper dropped")
    if shift.skipped_days:
        parts.append(f"{shift.skipped_days} day(s) of the pause become rest days")
    parts.append(f"race day stays {race_day.isoformat()}")
    summary = "; ".join(parts) + "."
    edits = _edits(sessions, shift.after)
    touched = {w["weekNumber"] for w in weeks if w["weekNumber"] >= week_of(start, first_day)}
    window = PauseWindow(first_day=first_day, days=days, weeks_shifted=shift.weeks_shifted)
    revision = Revision(
        kind="pause",
        trigger="pause_requested",
        reason=(
            "The runner paused the plan. Workouts keep their weekdays; race day cannot move, so "
            "the weeks pushed past it come out of the taper first (its last week, the race "
            "week, stays whole)."
        ),
        summary=summary,
        edits=edits,
        weekly_plan=_refreshed_weeks(weeks, sessions, edits, touched, summary),
        plan_changes={
            "status": PlanStatus.PAUSED.value,
            "pause": window.to_mongo(),
            "loadParameters": {**plan["loadParameters"], "taperWeeks": taper_after},
            "phases": phases_of(weeks, plan["phases"]),
        },
    )
    updated, log = await apply_revision(repositories, events, plan, sessions, revision)
    return RevisionResult(revision, ["pause_requested"], updated, log)


async def resume_plan(
    repositories: Repositories, events: EventBus, runner_id: ObjectId, plan_id: ObjectId
) -> RevisionResult:
    """Resume a paused plan (the schedule moved when it was paused)."""
    plan, sessions = await _load(repositories, runner_id, plan_id)
    ensure_open(plan, "resumed")
    if plan["status"] != PlanStatus.PAUSED:
        msg = f"only a paused plan can be resumed; this one is {plan['status']}"
        raise ConflictError(msg)
    revision = Revision(
        kind="resume",
        trigger="resume_requested",
        reason="The runner resumed the plan.",
        summary="Plan resumed.",
        plan_changes={"status": PlanStatus.ACTIVE.value, "pause": None},
    )
    updated, log = await apply_revision(repositories, events, plan, sessions, revision)
    return RevisionResult(revision, ["resume_requested"], updated, log)


async def set_blackout_dates(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    plan_id: ObjectId,
    dates: Sequence[date],
    *,
    today: date,
) -> RevisionResult:
    """Days the runner cannot train: they become rest, key workouts move within their week."""
    plan, sessions = await _load(repositories, runner_id, plan_id)
    ensure_open(plan, "changed")
    start = date.fromisoformat(plan["metadata"]["startDate"])
    race_day = date.fromisoformat(plan["metadata"]["endDate"])
    if not dates:
        raise InvalidInputError("dates", "give at least one date")
    for day in dates:
        if not start <= day < race_day:
            msg = (
                f"{day.isoformat()} is outside the plan: blackout days fall from "
                f"{start.isoformat()} to the day before race day ({race_day.isoformat()})"
            )
            raise InvalidInputError("dates", msg)
        if day < today:
            raise InvalidInputError("dates", f"{day.isoformat()} is in the past")
    wanted = sorted(set(dates))
    blocked = {d.isoformat() for d in wanted} | set(plan.get("blackoutDates", []))
    working = {str(s["_id"]): s for s in sessions}
    by_date = {s["scheduledDate"]: s for s in sessions}
    moves: list[str] = []
    for day in wanted:
        session = by_date.get(day.isoformat())
        if session is None or not is_open(session) or not is_run(session):
            continue
        why = f"{day.isoformat()} is a blackout day: no training."
        working[str(session["_id"])] = to_rest(session, why, title="Blackout day")
        if session.get("isKeySession") and session["type"] != SessionType.LONG:
            target = _free_easy_day(working, session, blocked, start, today)
            if target is not None:
                working[str(target["_id"])] = moved(
                    {
                        **session,
                        "_id": target["_id"],
                        "originalScheduledDate": target["originalScheduledDate"],
                    },
                    date.fromisoformat(target["scheduledDate"]),
                    target["weekNumber"],
                    f"Moved from the blackout day {day.isoformat()}.",
                )
                moves.append(f"{session['title']} moved to {target['scheduledDate']}")
    edits = _edits(sessions, working)
    listed = ", ".join(d.isoformat() for d in wanted)
    summary = f"Blackout days {listed}: {len(edits)} session(s) changed" + (
        f" ({'; '.join(moves)})." if moves else "."
    )
    revision = Revision(
        kind="blackout",
        trigger="blackout_days",
        reason="The runner cannot train on these days.",
        summary=summary,
        edits=edits,
        plan_changes={"blackoutDates": sorted(blocked)},
    )
    revision = _with_weeks(revision, plan, sessions, summary)
    updated, log = await apply_revision(repositories, events, plan, sessions, revision)
    return RevisionResult(revision, ["blackout_days"], updated, log)


def _free_easy_day(
    working: dict[str, Document], key: Document, blocked: set[str], start: date, today: date
) -> Document | None:
    """An open easy run in the key session's week, no hard day either side, not blacked out."""
    week = week_of(start, date.fromisoformat(key["scheduledDate"]))
    hard_days = {
        date.fromisoformat(s["scheduledDate"]) for s in working.values() if s.get("isHard")
    }
    for session in sorted(working.values(), key=lambda s: s["scheduledDate"]):
        day = date.fromisoformat(session["scheduledDate"])
        if week_of(start, day) != week or day < today or session["scheduledDate"] in blocked:
            continue
        if session["type"] != SessionType.EASY or not is_open(session):
            continue
        if day - timedelta(days=1) in hard_days or day + timedelta(days=1) in hard_days:
            continue
        return session
    return None


async def regenerate_plan(
    repositories: Repositories,
    events: EventBus,
    runner_id: ObjectId,
    plan_id: ObjectId,
    *,
    from_date: date,
    today: date,
) -> RevisionResult:
    """Generate the plan again from `from_date` with the runner as they are now.

    What is done stays: days before `from_date`, and any session with an execution. The new
    sessions keep the ids of the days they replace (ids follow the plan and the date).
    """
    plan, sessions = await _load(repositories, runner_id, plan_id)
    ensure_open(plan, "regenerated")
    start = date.fromisoformat(plan["metadata"]["startDate"])
    _check_regeneration(plan, start, from_date, today)
    first_week = week_of(start, from_date)
    week_start = start + timedelta(weeks=first_week - 1)
    try:
        request = await plan_service.build_request(
            repositories, runner_id, plan["raceId"], PlanOptions(start_date=week_start), today
        )
        generated = await plan_service.generate(repositories, request)
    except InvalidInputError as exc:
        msg = f"cannot regenerate from {from_date.isoformat()}: {exc.rule}"
        raise InvalidInputError("fromDate", msg) from None
    after = _regenerated_sessions(sessions, generated.sessions, plan_id, from_date, first_week)
    weeks, plan_fields = _regenerated_plan(plan, generated.plan.to_mongo(), first_week)
    edits = _edits(sessions, after)
    summary = (
        f"Regenerated from {from_date.isoformat()} (week {first_week}): {len(edits)} session(s) "
        "replaced; what was done stays."
    )
    # The first regenerated week may keep done days: its numbers follow its sessions.
    touched = {w["weekNumber"] for w in weeks if w["weekNumber"] >= first_week}
    weeks = _refreshed_weeks(weeks, sessions, edits, touched, summary)
    revision = Revision(
        kind="regeneration",
        trigger="regenerate_requested",
        reason="The runner asked for the rest of the plan to be generated again from their "
        "current profile.",
        summary=summary,
        edits=edits,
        weekly_plan=weeks,
        plan_changes=plan_fields,
    )
    updated, log = await apply_revision(repositories, events, plan, sessions, revision)
    return RevisionResult(revision, ["regenerate_requested"], updated, log)


def _check_regeneration(plan: Document, start: date, from_date: date, today: date) -> None:
    race_day = date.fromisoformat(plan["metadata"]["endDate"])
    if from_date < today:
        raise InvalidInputError("fromDate", "regenerate from today or a later day")
    if not start <= from_date < race_day:
        raise InvalidInputError("fromDate", "the day must fall within the plan, before race day")
    if plan.get("raceId") is None:
        msg = "this plan has no race to generate for"
        raise ConflictError(msg)


def _regenerated_sessions(
    sessions: Sequence[Document],
    generated: Sequence[PlannedSessionDocument],
    plan_id: ObjectId,
    from_date: date,
    first_week: int,
) -> dict[str, Document]:
    """Open sessions from `from_date` on, replaced by the new generation's day (same id)."""
    fresh: dict[str, Document] = {}
    for document in generated:
        session = document.to_mongo()
        session["planId"] = plan_id
        session["weekNumber"] += first_week - 1
        fresh[session["scheduledDate"]] = session
    after: dict[str, Document] = {}
    for session in sessions:
        if session["scheduledDate"] < from_date.isoformat() or not is_open(session):
            continue
        replacement = fresh.get(session["scheduledDate"])
        if replacement is not None:
            after[str(session["_id"])] = {**replacement, "_id": session["_id"]}
    return after


def _regenerated_plan(
    plan: Document, new_plan: Document, first_week: int
) -> tuple[list[Document], Document]:
    """Weeks and plan fields: the old ones before `first_week`, the new ones from it."""
    offset = first_week - 1
    weeks = [w for w in plan["weeklyPlan"] if w["weekNumber"] < first_week] + [
        {**w, "weekNumber": w["weekNumber"] + offset} for w in new_plan["weeklyPlan"]
    ]
    phases = [dict(p) for p in plan["phases"] if p["startWeek"] < first_week]
    for phase in phases:
        phase["endWeek"] = min(phase["endWeek"], first_week - 1)
    phases += [
        {**p, "startWeek": p["startWeek"] + offset, "endWeek": p["endWeek"] + offset}
        for p in new_plan["phases"]
    ]
    fresh_season = new_plan["seasonView"]
    for milestone in fresh_season.get("keyMilestones", []):
        milestone["weekNumber"] += offset
    old_season = plan["seasonView"]
    season = {
        **fresh_season,
        "coachSummary": f"Regenerated from week {first_week}. {fresh_season['coachSummary']}",
        "keyMilestones": [
            m for m in old_season.get("keyMilestones", []) if m["weekNumber"] < first_week
        ]
        + fresh_season.get("keyMilestones", []),
    }
    applications = [
        a for a in plan.get("safeguardApplications", []) if (a.get("weekNumber") or 0) < first_week
    ] + [
        {**a, "weekNumber": a["weekNumber"] + offset if a.get("weekNumber") else None}
        for a in new_plan.get("safeguardApplications", [])
    ]
    return weeks, {
        "seasonView": season,
        "phases": phases,
        "loadParameters": new_plan["loadParameters"],
        "targetPaces": new_plan.get("targetPaces"),
        "decisions": [*plan.get("decisions", []), *new_plan.get("decisions", [])],
        "safeguardApplications": applications,
        "runnerSnapshot": new_plan["runnerSnapshot"],
        # The rest of the plan now follows the runner as they are: its inputs are the new ones.
        "personalizationInputs": new_plan["personalizationInputs"],
    }
