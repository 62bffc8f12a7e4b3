"""Adaptation rules: what the last days say about the coming ones.

Each rule reads the plan's sessions, recent executions and the runner's readiness, and changes
only open sessions (not done, no execution) from today on. The rules, in the order they apply:

- **low adherence**: fewer than half of the planned runs of the last 7 days were done (at least
  two were planned) → re-entry starts from the distance actually run in those 7 days (at least
  the run-walk minimum of 2 km a planned run) and rises by at most the plan's weekly cap (10 %,
  7 % with an injury history) for each following 7-day block until it meets the plan; the
  first block has no hard sessions. Coming back from a missed week at the planned load is how
  runners get hurt (Nielsen et al. 2014; the acute:chronic ratio of Gabbett 2016).
- **missed key session**: a key workout (not the long run) missed in the last 3 days moves to an
  easy day later in the same plan week whose neighbours are not hard, if there is one.
- **pain reported** (any execution of the last 3 days) → the load of the next 7 days falls as a
  whole: the first 2 days are rest, then every run (long run and hard sessions included) is an
  easy run of at most 20, 25, 30, 35, 40 minutes on days 3 to 7 and never more than half its
  planned distance: the graded, pain-free return of return-to-run protocols. A new report of
  pain starts the ladder again from its day; without one, the plan resumes after the 7 days.
  Pain overrides what other rules did to those days (its limits are absolute, not factors).
  **High soreness** (7 or more of 10, no pain) → for 7 days no hard session (easy at 80 %),
  the long run at 70 % and easy, and the next 2 days' runs at 80 %. One report is acted on
  once, however often the rules run.
- **poor readiness** (readiness score under 40) → today's and tomorrow's runs are easy and 80 %.
- **ahead of plan**: every planned run of the last 14 days done, and at least 10 % more distance
  than planned → the easy runs of the next plan week may grow, but only up to the safeguard's
  maximum weekly increase over the week before (7 % with injury history, else 10 %), never in a
  recovery, taper or race week. Plans already progress at that cap, so often nothing changes.

Every rule only lowers load except the last, which is capped by the safeguard: no adaptation
can break a hard limit. Moves keep hard days apart. A day is changed by one rule only (no
factor on top of another), and running the rules again does not compound their changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.adaptation.edits import Document, is_open, is_run, scaled, to_easy, to_rest, week_of
from app.models.session import SessionStatus, SessionType

LOW_ADHERENCE = 0.5
REDUCED = 0.8
REENTRY_MIN_KM_PER_RUN = 2.0
"""Re-entry never plans less than a 2 km run-walk for each planned run."""
SORENESS_HIGH = 7
SORE_LONG_RUN = 0.7
PAIN_REST_DAYS = 2
PAIN_RETURN_MAX_MIN = (20.0, 25.0, 30.0, 35.0, 40.0)
"""Longest easy run on days 3 to 7 after pain is reported, in minutes."""
PAIN_RETURN_MAX_SHARE = 0.5
POOR_READINESS = 40.0
AHEAD_RATIO = 1.1
AHEAD_WINDOW_DAYS = 14
RECENT_DAYS = 3
DONE = frozenset({SessionStatus.COMPLETED, SessionStatus.MODIFIED})


@dataclass(frozen=True, slots=True)
class PlanState:
    """What the rules read."""

    plan: Document
    sessions: Sequence[Document]
    executions: Sequence[Document]
    readiness_score: float | None
    today: date


@dataclass(slots=True)
class Outcome:
    """Sessions as the rules leave them, and why."""

    working: dict[str, Document]
    triggers: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def note(self, trigger: str, reason: str) -> None:
        """Record that a rule fired."""
        self.triggers.append(trigger)
        self.reasons.append(reason)


def evaluate(state: PlanState) -> Outcome:
    """Apply every rule in turn; the outcome's `working` holds the sessions after them."""
    outcome = Outcome({str(session["_id"]): session for session in state.sessions})
    rules: tuple[Callable[[PlanState, Outcome], None], ...] = (
        _low_adherence,
        _missed_key_session,
        _pain_or_soreness,
        _poor_readiness,
        _ahead_of_plan,
    )
    for rule in rules:
        rule(state, outcome)
    return outcome


def _day(session: Document) -> date:
    return date.fromisoformat(session["scheduledDate"])


def _ordered(outcome: Outcome) -> list[Document]:
    return sorted(outcome.working.values(), key=lambda s: (s["scheduledDate"], str(s["_id"])))


def _window(outcome: Outcome, first: date, last: date) -> list[Document]:
    return [s for s in _ordered(outcome) if first <= _day(s) <= last]


def _was_done(session: Document) -> bool:
    return session["status"] in DONE or session.get("executionId") is not None


def _easy_paces(state: PlanState) -> Document | None:
    paces = state.plan.get("targetPaces") or {}
    easy: Document | None = paces.get("easy")
    return easy


def _put(outcome: Outcome, session: Document, trigger: str) -> None:
    adapted = session.get("adaptedFor") or []
    session["adaptedFor"] = [*adapted, trigger] if trigger not in adapted else adapted
    outcome.working[str(session["_id"])] = session


def _fresh(session: Document, trigger: str) -> bool:
    """Not yet changed by this rule: asking twice does not compound a change."""
    return trigger not in (session.get("adaptedFor") or [])


def _untouched(session: Document) -> bool:
    """Not changed by any rule yet: a day is reduced once, never by one factor on another."""
    return not session.get("adaptedFor")


def _open_run(session: Document) -> bool:
    """A run still to do that is not the race."""
    return is_open(session) and is_run(session) and session["type"] != SessionType.RACE


def _adaptable(session: Document) -> bool:
    return _open_run(session) and _untouched(session)


def _actual_km(state: PlanState, first: date) -> float:
    """Kilometres the executions from `first` to yesterday recorded."""
    return sum(
        (e.get("actual") or {}).get("distanceKm") or 0.0
        for e in state.executions
        if first <= date.fromisoformat(e["date"]) < state.today
    )


def _eased(
    state: PlanState, session: Document, factor: float, why: str, *, hard_to_easy: bool = True
) -> Document:
    """The session at `factor` of its distance; a hard one as an easy run unless told not to."""
    if hard_to_easy and session.get("isHard"):
        return to_easy(session, _easy_paces(state), why, factor)
    return scaled(session, factor, why)


def _low_adherence(state: PlanState, outcome: Outcome) -> None:
    past = [
        s
        for s in _window(outcome, state.today - timedelta(days=7), state.today - timedelta(days=1))
        if is_run(s) and s["status"] != SessionStatus.SKIPPED
    ]
    done = sum(1 for s in past if _was_done(s))
    if len(past) < 2 or done / len(past) >= LOW_ADHERENCE:  # noqa: PLR2004 - two runs at least
        return
    planned_km = sum(s["distanceKm"] for s in past)
    actual_km = _actual_km(state, state.today - timedelta(days=7))
    max_pct = float(state.plan["loadParameters"]["maxWeeklyIncreasePct"])
    targets = _reentry(state, outcome, actual_km, len(past), max_pct)
    if not targets:
        return
    steps = ", ".join(f"{km:.1f}" for _, _, km in targets)
    why = (
        f"Only {done} of {len(past)} planned runs were done in the last 7 days ({actual_km:.1f} "
        f"of {planned_km:.1f} km): re-entry starts from what you ran and rises at most "
        f"{max_pct:g} % a week ({steps} km) until it meets the plan; the first week has no hard "
        "sessions."
    )
    for index, (sessions, factor, _) in enumerate(targets):
        for session in sessions:
            eased = _eased(state, session, factor, why, hard_to_easy=index == 0)
            _put(outcome, eased, "low_adherence")
    outcome.note("low_adherence", why)


def _reentry(
    state: PlanState, outcome: Outcome, actual_km: float, planned_runs: int, max_pct: float
) -> list[tuple[list[Document], float, float]]:
    """7-day blocks from today until the plan is met: (sessions to scale, factor, block km).

    Each block's target is the previous block's (first: the actual 7 days) plus the cap; a
    block whose planned distance is within its target ends the re-entry.
    """
    target_km = max(actual_km, REENTRY_MIN_KM_PER_RUN * planned_runs)
    blocks: list[tuple[list[Document], float, float]] = []
    start = state.today
    while True:
        target_km *= 1 + max_pct / 100
        block = [
            s
            for s in _window(outcome, start, start + timedelta(days=6))
            if is_run(s) and s["type"] != SessionType.RACE
        ]
        if not block:
            return blocks
        fixed_km = sum(s["distanceKm"] for s in block if not _adaptable(s))
        open_runs = [s for s in block if _adaptable(s)]
        open_km = sum(s["distanceKm"] for s in open_runs)
        if open_km <= 0 or fixed_km + open_km <= target_km:
            return blocks
        factor = max(0.0, target_km - fixed_km) / open_km
        blocks.append((open_runs, factor, fixed_km + open_km * factor))
        start += timedelta(days=7)


def _ease(
    state: PlanState, outcome: Outcome, *, days: int, factor: float, trigger: str, why: str
) -> None:
    """The next `days` days' runs at `factor` of their distance, hard ones as easy runs."""
    changed = 0
    for session in _window(outcome, state.today, state.today + timedelta(days=days - 1)):
        if not _adaptable(session):
            continue
        _put(outcome, _eased(state, session, factor, why), trigger)
        changed += 1
    if changed:
        outcome.note(trigger, why)


def _hard_on(outcome: Outcome, day: date) -> bool:
    return any(s.get("isHard") for s in outcome.working.values() if _day(s) == day)


def _missed_key_session(state: PlanState, outcome: Outcome) -> None:
    start = date.fromisoformat(state.plan["metadata"]["startDate"])
    for missed in _window(
        outcome, state.today - timedelta(days=RECENT_DAYS), state.today - timedelta(days=1)
    ):
        if not missed.get("isKeySession") or missed["type"] in {SessionType.LONG, SessionType.RACE}:
            continue
        if _was_done(missed) or missed["status"] == SessionStatus.SKIPPED:
            continue
        if not _fresh(missed, "missed_key_session"):
            continue  # already moved once
        week = week_of(start, _day(missed))
        for slot in _window(outcome, state.today, state.today + timedelta(days=6)):
            day = _day(slot)
            if week_of(start, day) != week or not is_open(slot):
                continue
            if slot["type"] not in {SessionType.EASY, SessionType.RECOVERY}:
                continue
            if not _untouched(slot):
                continue
            if _hard_on(outcome, day - timedelta(days=1)) or _hard_on(
                outcome, day + timedelta(days=1)
            ):
                continue
            why = (
                f"The {missed['title'].lower()} of {missed['scheduledDate']} was missed: it moves "
                f"to {day.strftime('%A')} in place of an easy run, with no hard day next to it."
            )
            moved = {
                **missed,
                "_id": slot["_id"],
                "scheduledDate": slot["scheduledDate"],
                "dayIndex": slot["dayIndex"],
                "dayOfWeek": slot["dayOfWeek"],
                "weekNumber": slot["weekNumber"],
                "status": SessionStatus.SCHEDULED.value,
                "executionId": None,
                "version": slot.get("version", 1),
                "justification": f"{why} {missed.get('justification', '')}".strip(),
            }
            _put(outcome, moved, "missed_key_session")
            original = {
                **missed,
                "movedTo": slot["scheduledDate"],
                "justification": f"{why} {missed.get('justification', '')}".strip(),
            }
            _put(outcome, original, "missed_key_session")
            outcome.note("missed_key_session", why)
            break


def _pain_or_soreness(state: PlanState, outcome: Outcome) -> None:
    recent = [
        e
        for e in state.executions
        if date.fromisoformat(e["date"]) > state.today - timedelta(days=RECENT_DAYS)
        and e.get("feedback")
    ]
    pain = [e for e in recent if e["feedback"].get("painReported")]
    sore = [e for e in recent if (e["feedback"].get("soreness") or 0) >= SORENESS_HIGH]
    report = (pain or sore)[-1] if pain or sore else None
    if report is None:
        return
    # One change per report: a report already acted on (any day since) is not acted on again.
    key = f"feedback:{report['_id']}"
    if any(key in (s.get("adaptedFor") or []) for s in outcome.working.values()):
        return
    if pain:
        _pain(state, outcome, report, key)
    else:
        _soreness(state, outcome, report, key)


def _after_feedback_only(session: Document) -> bool:
    """Open and changed by nothing but earlier pain or soreness: a new report may redo it."""
    return _open_run(session) and all(
        reason.startswith("feedback:") for reason in session.get("adaptedFor") or []
    )


def _pain(state: PlanState, outcome: Outcome, report: Document, key: str) -> None:
    where = report["feedback"].get("painLocation")
    easy = _easy_paces(state)
    easy_s = (easy["minSPerKm"] + easy["maxSPerKm"]) / 2 if easy else None
    why = (
        f"Pain reported{f' ({where})' if where else ''} on {report['date']}: the next "
        f"{PAIN_REST_DAYS} days are rest, then only easy runs of at most "
        f"{PAIN_RETURN_MAX_MIN[0]:.0f} to {PAIN_RETURN_MAX_MIN[-1]:.0f} minutes, long run and "
        "hard sessions included, run only if they stay pain-free. Report pain again and the "
        "plan rests again; see a professional if it lasts."
    )
    changed = 0
    for session in _window(outcome, state.today, state.today + timedelta(days=6)):
        # Pain overrides whatever other rules did to these days: its limits are absolute.
        if not _open_run(session):
            continue
        offset = (_day(session) - state.today).days
        if offset < PAIN_REST_DAYS:
            adapted = to_rest(session, why)
        else:
            max_min = PAIN_RETURN_MAX_MIN[offset - PAIN_REST_DAYS]
            max_km = max_min * 60 / easy_s if easy_s else session["distanceKm"]
            km = min(session["distanceKm"] * PAIN_RETURN_MAX_SHARE, max_km)
            adapted = to_easy(session, easy, why, km / session["distanceKm"])
        _put(outcome, adapted, key)
        changed += 1
    if changed:
        outcome.note("pain_reported", why)


def _soreness(state: PlanState, outcome: Outcome, report: Document, key: str) -> None:
    why = (
        f"High soreness ({report['feedback']['soreness']}/10) on {report['date']}: no hard "
        f"session for 7 days (easy at {round(REDUCED * 100)} %), the long run easy at "
        f"{round(SORE_LONG_RUN * 100)} %, and the next 2 days' runs at {round(REDUCED * 100)} %."
    )
    changed = 0
    for session in _window(outcome, state.today, state.today + timedelta(days=6)):
        if not _after_feedback_only(session):
            continue
        offset = (_day(session) - state.today).days
        if session["type"] == SessionType.LONG:
            adapted = to_easy(session, _easy_paces(state), why, SORE_LONG_RUN)
        elif session.get("isHard"):
            adapted = to_easy(session, _easy_paces(state), why, REDUCED)
        elif offset < PAIN_REST_DAYS:
            adapted = scaled(session, REDUCED, why)
        else:
            continue
        _put(outcome, adapted, key)
        changed += 1
    if changed:
        outcome.note("high_soreness", why)


def _poor_readiness(state: PlanState, outcome: Outcome) -> None:
    score = state.readiness_score
    if score is None or score >= POOR_READINESS:
        return
    why = (
        f"Readiness is low ({round(score)}/100): today's and tomorrow's runs are easy and "
        "shorter (80 %)."
    )
    _ease(state, outcome, days=2, factor=REDUCED, trigger="poor_readiness", why=why)


def _run_km(outcome: Outcome, week_number: int) -> float:
    return float(
        sum(
            s["distanceKm"]
            for s in outcome.working.values()
            if s["weekNumber"] == week_number and is_run(s)
        )
    )


def _ahead_of_plan(state: PlanState, outcome: Outcome) -> None:
    if outcome.triggers:
        return  # a runner who needed a lighter week is not ahead
    first = state.today - timedelta(days=AHEAD_WINDOW_DAYS)
    past = [s for s in _window(outcome, first, state.today - timedelta(days=1)) if is_run(s)]
    if len(past) < 4 or not all(_was_done(s) for s in past):  # noqa: PLR2004
        return
    planned_km = sum(s["distanceKm"] for s in past)
    actual_km = _actual_km(state, first)
    if planned_km <= 0 or actual_km < AHEAD_RATIO * planned_km:
        return
    weeks = state.plan["weeklyPlan"]
    start = date.fromisoformat(state.plan["metadata"]["startDate"])
    number = week_of(start, state.today) + 1
    if number > len(weeks) or number < 2:  # noqa: PLR2004
        return
    week, before = weeks[number - 1], weeks[number - 2]
    max_pct = float(state.plan["loadParameters"]["maxWeeklyIncreasePct"])
    # The week's target and its sessions' sum may differ by rounding: the stricter of each.
    cap = min(before["targetVolumeKm"], _run_km(outcome, number - 1)) * (1 + max_pct / 100.0)
    headroom = cap - max(week["targetVolumeKm"], _run_km(outcome, number))
    reason = (
        f"Ahead of plan: {actual_km:.0f} km run against {planned_km:.0f} km planned in the last "
        f"{AHEAD_WINDOW_DAYS} days. Weekly volume may rise at most {max_pct:g} % over the week "
        f"before ({cap:.1f} km for week {number})."
    )
    if (
        week.get("isRecoveryWeek")
        or week.get("isTaperWeek")
        or week.get("isRaceWeek")
        or headroom < 0.5  # noqa: PLR2004 - less than half a kilometre is no change
    ):
        outcome.note("ahead_of_plan", f"{reason} The plan already progresses at that limit.")
        return
    easy = [
        s
        for s in _ordered(outcome)
        if s["weekNumber"] == number and s["type"] == SessionType.EASY and _adaptable(s)
    ]
    easy_km = sum(s["distanceKm"] for s in easy)
    if not easy or easy_km <= 0:
        return
    factor = (easy_km + headroom) / easy_km
    why = f"{reason} The easy runs of week {number} grow by {headroom:.1f} km to use that room."
    for session in easy:
        _put(outcome, scaled(session, factor, why), "ahead_of_plan")
    outcome.note("ahead_of_plan", why)
