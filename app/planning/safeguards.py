"""The safeguards engine: safety limits stored as data, applied to the values a plan proposes.

Each `SafeguardDocument` names a `rule` (the check) and an `action`. A safeguard applies to a
runner when every condition of its `applicable_when` holds (a rule with an age condition does
not apply when the age is unknown). When several applicable safeguards share a rule, the one
with the highest `priority` wins and the others are not evaluated (ties: the smaller key).

What an action does to a value that breaks its rule:

- `cap`: the value becomes the limit;
- `reduce`: the value becomes the limit less `reductionPct` % of it (0 when unset);
- `block`: the proposal is refused: the limit, or the caller's fallback for a choice;
- `warn`: the value is kept and flagged;
- `confirm`: the value is kept and the runner must confirm it (`requires_confirmation`).

Every time a rule is broken the engine returns a `SafeguardApplication` with the original and
the adjusted value. `hard_limit` marks safeguards the runner cannot confirm away; it is data for
the API, the engine treats every safeguard by its action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.models.common import ExperienceLevel
from app.models.knowledge import SafeguardAction, SafeguardDocument
from app.models.plan import SafeguardApplication

WEEKLY_VOLUME_INCREASE = "weekly_volume_increase"
LONG_RUN_SHARE = "long_run_share"
CONSECUTIVE_HARD_DAYS = "consecutive_hard_days"
REST_DAYS_PER_WEEK = "rest_days_per_week"
HARD_SESSIONS_PER_WEEK = "hard_sessions_per_week"

_ADJUSTING_ACTIONS = frozenset({SafeguardAction.CAP, SafeguardAction.REDUCE, SafeguardAction.BLOCK})
_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class RunnerFacts:
    """What `applicable_when` conditions look at."""

    experience_level: ExperienceLevel
    injury_types: tuple[str, ...] = ()
    age_years: int | None = None

    @property
    def has_injury_history(self) -> bool:
        """Whether any injury was reported."""
        return bool(self.injury_types)


@dataclass(frozen=True, slots=True)
class Ruling:
    """The value to use after a check, and the application when a safeguard acted."""

    value: float
    application: SafeguardApplication | None = None


@dataclass(frozen=True, slots=True)
class ChoiceRuling:
    """A categorical value (a session type) after a check, with the application if any."""

    value: str
    application: SafeguardApplication | None = None


def applies_to(safeguard: SafeguardDocument, facts: RunnerFacts) -> bool:
    """Whether every `applicable_when` condition of `safeguard` holds for the runner."""
    when = safeguard.applicable_when
    if when.experience_levels and facts.experience_level not in when.experience_levels:
        return False
    if when.injury_history is not None and when.injury_history != facts.has_injury_history:
        return False
    if when.injury_types:
        wanted = {kind.casefold() for kind in when.injury_types}
        if not wanted & {kind.casefold() for kind in facts.injury_types}:
            return False
    if when.min_age is not None and (facts.age_years is None or facts.age_years < when.min_age):
        return False
    return when.max_age is None or (facts.age_years is not None and facts.age_years <= when.max_age)


class SafeguardEngine:
    """Evaluates the winning safeguard of each rule for one runner."""

    def __init__(
        self, safeguards: Iterable[SafeguardDocument], facts: RunnerFacts, *, applied_at: datetime
    ) -> None:
        self.facts = facts
        self.applied_at = applied_at
        winners: dict[str, SafeguardDocument] = {}
        for safeguard in sorted(safeguards, key=lambda item: (-item.priority, item.key)):
            if safeguard.rule not in winners and applies_to(safeguard, facts):
                winners[safeguard.rule] = safeguard
        self._winners = winners

    def winner(self, rule: str) -> SafeguardDocument | None:
        """The safeguard that decides `rule` for this runner, if any applies."""
        return self._winners.get(rule)

    def parameter(self, rule: str, name: str) -> float | None:
        """A numeric parameter of the safeguard deciding `rule`."""
        safeguard = self._winners.get(rule)
        if safeguard is None or name not in safeguard.parameters:
            return None
        return float(safeguard.parameters[name])

    def weekly_volume(
        self,
        *,
        week_number: int,
        previous_km: float,
        proposed_km: float,
        pre_recovery_km: float | None = None,
    ) -> Ruling:
        """Check a week's volume against the week before.

        A return to the level before a recovery week is allowed when the rule's
        `allowReturnAfterRecovery` is set.
        """
        safeguard = self._winners.get(WEEKLY_VOLUME_INCREASE)
        if safeguard is None or previous_km <= 0:
            return Ruling(proposed_km)
        max_increase_pct = float(safeguard.parameters.get("maxIncreasePct", 10))
        limit_km = previous_km * (1 + max_increase_pct / 100)
        if pre_recovery_km is not None and safeguard.parameters.get("allowReturnAfterRecovery"):
            limit_km = max(limit_km, pre_recovery_km)
        return self._upper_bound(
            safeguard,
            proposed_km,
            limit_km,
            field="targetVolumeKm",
            week_number=week_number,
            detail=(
                f"{proposed_km:.1f} km proposed after {previous_km:.1f} km; at most "
                f"+{max_increase_pct:g} % ({limit_km:.1f} km)"
            ),
        )

    def long_run_share(self, *, week_number: int, week_km: float, long_run_km: float) -> Ruling:
        """Check the long run's share of the week's volume."""
        safeguard = self._winners.get(LONG_RUN_SHARE)
        if safeguard is None or week_km <= 0:
            return Ruling(long_run_km)
        max_share_pct = float(safeguard.parameters.get("maxSharePct", 30))
        limit_km = week_km * max_share_pct / 100
        return self._upper_bound(
            safeguard,
            long_run_km,
            limit_km,
            field="longRunKm",
            week_number=week_number,
            detail=(
                f"long run {long_run_km:.1f} km is {100 * long_run_km / week_km:.0f} % of "
                f"{week_km:.1f} km; the limit is {max_share_pct:g} % ({limit_km:.1f} km)"
            ),
        )

    def hard_sessions_per_week(self, *, week_number: int, hard_sessions: int) -> Ruling:
        """Check the number of hard sessions in a week."""
        safeguard = self._winners.get(HARD_SESSIONS_PER_WEEK)
        if safeguard is None:
            return Ruling(hard_sessions)
        limit = float(safeguard.parameters.get("maxHardSessions", 2))
        return self._upper_bound(
            safeguard,
            hard_sessions,
            limit,
            field="hardSessions",
            week_number=week_number,
            detail=f"{hard_sessions} hard sessions planned; at most {limit:g} advised",
        )

    def rest_days_per_week(self, *, week_number: int | None, rest_days: int) -> Ruling:
        """Check the number of rest days in a week (`week_number` None: the weekly pattern)."""
        safeguard = self._winners.get(REST_DAYS_PER_WEEK)
        if safeguard is None:
            return Ruling(rest_days)
        minimum = float(safeguard.parameters.get("minRestDays", 1))
        if rest_days >= minimum - _TOLERANCE:
            return Ruling(rest_days)
        action = SafeguardAction(safeguard.action)
        adjusted = minimum if action in _ADJUSTING_ACTIONS else float(rest_days)
        detail = f"{rest_days} rest days a week; at least {minimum:g} advised"
        return Ruling(
            adjusted,
            self._application(
                safeguard, "restDays", rest_days, adjusted, detail, week_number=week_number
            ),
        )

    def consecutive_hard_days(
        self,
        *,
        week_number: int,
        session_date: date,
        proposed_type: str,
        previous_type: str,
        fallback_type: str,
    ) -> ChoiceRuling:
        """Check a hard session that follows a hard day; blocking turns it into `fallback_type`.

        The application records hard days in a row (2 proposed; 1 once blocked), the session
        types are in its message.
        """
        safeguard = self._winners.get(CONSECUTIVE_HARD_DAYS)
        if safeguard is None:
            return ChoiceRuling(proposed_type)
        limit = float(safeguard.parameters.get("maxConsecutive", 1))
        adjusting = SafeguardAction(safeguard.action) in _ADJUSTING_ACTIONS
        adjusted = fallback_type if adjusting else proposed_type
        detail = (
            f"{proposed_type} on {session_date.isoformat()} follows a {previous_type} day; "
            "hard days need an easy day between them"
            + (f", so it becomes {fallback_type}" if adjusting else "")
        )
        return ChoiceRuling(
            adjusted,
            self._application(
                safeguard,
                "consecutiveHardDays",
                limit + 1,
                limit if adjusting else limit + 1,
                detail,
                week_number=week_number,
                session_date=session_date,
            ),
        )

    def _upper_bound(
        self,
        safeguard: SafeguardDocument,
        proposed: float,
        limit: float,
        *,
        field: str,
        week_number: int | None,
        detail: str,
    ) -> Ruling:
        if proposed <= limit + _TOLERANCE:
            return Ruling(proposed)
        action = SafeguardAction(safeguard.action)
        if action is SafeguardAction.REDUCE:
            reduction_pct = float(safeguard.parameters.get("reductionPct", 0))
            adjusted = min(limit, proposed) * (1 - reduction_pct / 100)
        elif action in _ADJUSTING_ACTIONS:
            adjusted = limit
        else:
            adjusted = proposed
        return Ruling(
            adjusted,
            self._application(
                safeguard, field, proposed, adjusted, detail, week_number=week_number
            ),
        )

    def _application(
        self,
        safeguard: SafeguardDocument,
        field: str,
        original: float,
        adjusted: float,
        detail: str,
        *,
        week_number: int | None = None,
        session_date: date | None = None,
    ) -> SafeguardApplication:
        action = SafeguardAction(safeguard.action)
        verb = {
            SafeguardAction.CAP: "capped",
            SafeguardAction.REDUCE: "reduced",
            SafeguardAction.BLOCK: "blocked",
            SafeguardAction.WARN: "warning",
            SafeguardAction.CONFIRM: "needs your confirmation",
        }[action]
        return SafeguardApplication(
            safeguard_key=safeguard.key,
            action=action.value,
            week_number=week_number,
            session_date=session_date,
            field=field,
            original_value=round(original, 2),
            adjusted_value=round(adjusted, 2),
            message=f"{safeguard.name} ({verb}): {detail}.",
            requires_confirmation=action is SafeguardAction.CONFIRM,
            confirmed=False,
            applied_at=self.applied_at,
        )


def safeguard_applied(application: Mapping[str, Any]) -> bool:
    """Whether a logged safeguard changed or blocked the plan (a warning only flags it)."""
    return application["action"] in _ADJUSTING_ACTIONS
