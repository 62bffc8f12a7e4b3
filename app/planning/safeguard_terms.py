"""A stored safeguard in the seed's terms: category, rule type, condition and action.

The safeguards file keeps what the engine runs (a rule name and its parameters); the seed
describes the same rule as a condition on a field and an action with a severity. This is the
one translation, read from the stored rule, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.models.knowledge import SafeguardAction
from app.planning.safeguards import (
    CONSECUTIVE_HARD_DAYS,
    HARD_SESSIONS_PER_WEEK,
    LONG_RUN_SHARE,
    REST_DAYS_PER_WEEK,
    WEEKLY_VOLUME_INCREASE,
)


@dataclass(frozen=True, slots=True)
class RuleTerms:
    """How the seed names one engine rule."""

    category: str
    field: str
    operator: str
    parameter: str
    scale: float = 1.0
    """Multiplies the parameter into the seed's threshold (percent to a fraction: 0.01)."""


RULE_TERMS: dict[str, RuleTerms] = {
    WEEKLY_VOLUME_INCREASE: RuleTerms(
        "volume", "weeklyVolumeIncrease", ">", "maxIncreasePct", 0.01
    ),
    LONG_RUN_SHARE: RuleTerms("volume", "longRunPercentage", ">", "maxSharePct", 0.01),
    CONSECUTIVE_HARD_DAYS: RuleTerms("intensity", "consecutiveHardDays", ">", "maxConsecutive"),
    REST_DAYS_PER_WEEK: RuleTerms("recovery", "restDaysPerWeek", "<", "minRestDays"),
    HARD_SESSIONS_PER_WEEK: RuleTerms("recovery", "hardSessionsPerWeek", ">", "maxHardSessions"),
}

_ACTION_TYPE = {SafeguardAction.CONFIRM: "require_confirmation"}
_SEVERITY = {
    SafeguardAction.BLOCK: "critical",
    SafeguardAction.WARN: "info",
}
_ADJUSTS = frozenset({SafeguardAction.CAP, SafeguardAction.REDUCE})


def safeguard_category(safeguard: Mapping[str, Any]) -> str:
    """`volume`, `intensity`, `frequency`, `recovery` or `safety`."""
    terms = RULE_TERMS.get(safeguard["rule"])
    return terms.category if terms else "safety"


def rule_type(safeguard: Mapping[str, Any]) -> str:
    """`hard_limit` or `soft_limit`."""
    return "hard_limit" if safeguard.get("hardLimit") else "soft_limit"


def threshold(safeguard: Mapping[str, Any]) -> float | None:
    """The limit in the seed's units (fractions for percentages)."""
    terms = RULE_TERMS.get(safeguard["rule"])
    if terms is None:
        return None
    value = (safeguard.get("parameters") or {}).get(terms.parameter)
    return None if value is None else round(float(value) * terms.scale, 4)


def condition(safeguard: Mapping[str, Any]) -> dict[str, Any]:
    """`{field, operator, threshold, applicableWhen}` as the seed writes a condition."""
    terms = RULE_TERMS.get(safeguard["rule"])
    return {
        "field": terms.field if terms else safeguard["rule"],
        "operator": terms.operator if terms else ">",
        "threshold": threshold(safeguard),
        "applicableWhen": safeguard.get("applicableWhen") or {},
    }


def action(safeguard: Mapping[str, Any]) -> dict[str, Any]:
    """`{type, adjustment, message, severity}` as the seed writes an action."""
    kind = SafeguardAction(safeguard["action"])
    return {
        "type": _ACTION_TYPE.get(kind, kind.value),
        "adjustment": threshold(safeguard) if kind in _ADJUSTS else None,
        "message": safeguard["description"],
        "severity": _SEVERITY.get(kind, "warning"),
    }


def age_condition(applicable: Mapping[str, Any]) -> dict[str, Any] | None:
    """`{operator, value}` for an age bound (`>=` a minimum age, `<=` a maximum)."""
    if applicable.get("minAge") is not None:
        return {"operator": ">=", "value": applicable["minAge"]}
    if applicable.get("maxAge") is not None:
        return {"operator": "<=", "value": applicable["maxAge"]}
    return None
