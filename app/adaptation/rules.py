"""Adaptation rules: what the last days say about the coming ones.

Each rule reads the plan's sessions, recent executions and the runner's readiness, and changes
only open sessions (not done, no execution) from today on. The rules, in the order they apply:

- **low adherence**: fewer than half of the planned runs of the last 7 days were done (at least
  two were planned) → the next 7 days keep their days but run 80 % of the distance (70 % when
  nothing was done) and their hard sessions become easy runs. Coming back from a missed week at
  the planned load is how runners get hurt; the return to the planned volume afterwards is the
  safeguard's return-after-a-recovery-week exception.
- **missed key session**: a key workout (not the long run) missed in the last 3 days moves to an
  easy day later in the same plan week whose neighbours are not hard, if there is one.
- **pain reported** (any execution of the last 3 days) → the next hard session within 7 days
  becomes a rest day; **high soreness** (7 or more of 10) → it becomes an easy run at 80 %.
  One report changes one session, however often the rules run.
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
REDUCED_NOTHING_DONE = 0.7
SORENESS_HIGH = 7
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


def _adaptable(session: Document) -> bool:
    return (
        is_open(session)
        and is_run(session)
        and session["type"] != SessionType.RACE
        and _untouched(session)
    )


def _low_adherence(state: PlanState, outcome: Outcome) -> None:
    past = [
        s
        for s in _window(outcome, state.today - timedelta(days=7), state.today - timedelta(days=1))
        if is_run(s) and s["status"] != SessionStatus.SKIPPED
    ]
    done = sum(1 for s in past if _was_done(s))
    if len(past) < 2 or done / len(past) >= LOW_ADHERENCE:  # noqa: PLR2004 - two runs at least
        return
    factor = REDUCED_NOTHING_DONE if done == 0 else REDUCED
    why = (
        f"Only {done} of {len(past)} planned runs were done in the last 7 days: this week runs "
        f"at {round(factor * 100)} % with no hard sessions, to rebuild before intensity returns."
    )
    _ease(state, outcome, days=7, factor=factor, trigger="low_adherence", why=why)


def _ease(
    state: PlanState, outcome: Outcome, *, days: int, factor: float, trigger: str, why: str
) -> None:
    """The next `days` days' runs at `factor` of their distance, hard ones as easy runs."""
    changed = 0
    for session in _window(outcome, state.today, state.today + timedelta(days=days - 1)):
        if not _adaptable(session):
            continue
        if session.get("isHard"):
            _put(outcome, to_easy(session, _easy_paces(state), why, factor), trigger)
        else:
            _put(outcome, scaled(session, factor, why), trigger)
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
    for session in _window(outcome, state.today, state.today + timedelta(days=6)):
        if not (session.get("isHard") and _adaptable(session)):
            continue
        if pain:
            where = report["feedback"].get("painLocation")
            why = (
                f"Pain reported{f' ({where})' if where else ''} on {report['date']}: the next "
                "hard session becomes rest. Run again only when it is gone; see a professional "
                "if it persists."
            )
            _put(outcome, to_rest(session, why), key)
            outcome.note("pain_reported", why)
        else:
            why = (
                f"High soreness ({report['feedback']['soreness']}/10) on {report['date']}: "
                "the next hard session becomes an easy run at 80 %."
            )
            _put(outcome, to_easy(session, _easy_paces(state), why, REDUCED), key)
            outcome.note("high_soreness", why)
        return


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
    actual_km = sum(
        (e.get("actual") or {}).get("distanceKm") or 0.0
        for e in state.executions
        if first <= date.fromisoformat(e["date"]) < state.today
    )
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
