"""The stored safeguards read in the seed's terms, as the seed's own examples write them.

The data model's SAFEGUARDS_SEEDS describe the same six rules Cadence runs; each stored rule
must translate to the seed's category, field, operator and threshold for that rule. Where
Cadence's rule itself differs from the example (the rest day is not a hard limit, the hard
sessions of masters runners are capped rather than warned about), the stored rule is read.
"""

from __future__ import annotations

import pytest

from app.planning import safeguard_terms as terms
from app.planning.seed_data import load_safeguards

SEED_EXAMPLES = {
    # Cadence key: (category, ruleType, field, operator, threshold, action type, severity)
    "weekly-volume-increase": ("volume", "hard_limit", "weeklyVolumeIncrease", ">", 0.10, "cap", "warning"),
    "weekly-volume-increase-injury": ("volume", "hard_limit", "weeklyVolumeIncrease", ">", 0.07, "cap", "warning"),
    "no-consecutive-hard-days": ("intensity", "hard_limit", "consecutiveHardDays", ">", 1, "block", "critical"),
    "long-run-share": ("volume", "soft_limit", "longRunPercentage", ">", 0.30, "warn", "info"),
    "rest-day-per-week": ("recovery", "soft_limit", "restDaysPerWeek", "<", 1, "require_confirmation", "warning"),
    "masters-hard-sessions": ("recovery", "soft_limit", "hardSessionsPerWeek", ">", 2, "cap", "warning"),
}  # fmt: skip


@pytest.mark.parametrize("key", list(SEED_EXAMPLES))
def test_a_stored_rule_reads_as_the_seed_writes_it(key: str):
    stored = next(s for s in load_safeguards() if s.key == key).to_mongo()
    category, rule_type, field, operator, threshold, kind, severity = SEED_EXAMPLES[key]
    assert terms.safeguard_category(stored) == category
    assert terms.rule_type(stored) == rule_type
    condition = terms.condition(stored)
    assert (condition["field"], condition["operator"]) == (field, operator)
    assert condition["threshold"] == pytest.approx(threshold)
    action = terms.action(stored)
    assert (action["type"], action["severity"]) == (kind, severity)
    assert action["message"] == stored["description"]
    if kind == "cap":
        assert action["adjustment"] == pytest.approx(threshold)


def test_the_injury_and_age_conditions_say_for_whom():
    by_key = {s.key: s.to_mongo() for s in load_safeguards()}
    injury = terms.condition(by_key["weekly-volume-increase-injury"])["applicableWhen"]
    assert injury["injuryHistory"] is True
    masters = by_key["masters-hard-sessions"]["applicableWhen"]
    assert terms.age_condition(masters) == {"operator": ">=", "value": 50}
