"""The query cost model: computed fields, lists, ranges, pages and aliases add up from the text."""

from __future__ import annotations

from graphql import TypeInfo, ValidationContext, parse

from app.settings import load_settings
from graphql_schema.cost import (
    DEFAULT_LIST_SIZE,
    FIELD_WEIGHTS,
    MAX_FITNESS_DAYS,
    MAX_PLAN_WEEKS,
    operation_cost,
)
from graphql_schema.schema import build_schema

SCHEMA = build_schema(load_settings())._schema


def cost(query: str) -> int:
    document = parse(query)
    context = ValidationContext(SCHEMA, document, TypeInfo(SCHEMA), lambda _: None)
    (operation,) = [d for d in document.definitions if hasattr(d, "operation")]
    return operation_cost(context, operation, 100)


class TestCost:
    def test_a_plain_field_costs_one_and_a_computed_one_its_weight(self):
        assert cost("{ viewer { activePlan { id } } }") == 3
        progress = cost("{ viewer { activePlan { progress { asOf } } } }")
        assert progress == 2 + FIELD_WEIGHTS["Plan.progress"] + 1

    def test_every_alias_counts_again(self):
        one = cost("{ viewer { activePlan { a0: loadForecast { date } } } }")
        thirty = " ".join(f"a{i}: loadForecast {{ date }}" for i in range(30))
        assert cost(f"{{ viewer {{ activePlan {{ {thirty} }} }} }}") - 2 == 30 * (one - 2)

    def test_a_range_counts_its_days_and_a_variable_range_its_worst_case(self):
        fields = "date ctl atl tsb"
        week = cost(
            f'{{ viewer {{ runner {{ fitness(from: "2026-01-01", to: "2026-01-07") {{ {fields} }} }} }} }}'
        )
        variable = cost(
            f"query F($a: Date!, $b: Date!) {{ viewer {{ runner {{ fitness(from: $a, to: $b) {{ {fields} }} }} }} }}"
        )
        base = 2 + FIELD_WEIGHTS["Runner.fitness"]
        assert week == base + 7 * 4
        assert variable == base + MAX_FITNESS_DAYS * 4

    def test_a_page_counts_its_size_and_fragments_count_where_they_are_spread(self):
        small = cost(
            "{ activities(first: 5) { edges { node { ...A } } } } fragment A on Activity { id name }"
        )
        large = cost(
            "{ activities(first: 50) { edges { node { ...A } } } } fragment A on Activity { id name }"
        )
        assert (small - 1) * 10 == large - 1

    def test_a_plans_days_count_seven_a_week_and_a_races_plans_their_page(self):
        days = cost("{ viewer { activePlan { plannedDays(from: 1, to: 2) { id } } } }")
        every_week = cost("{ viewer { activePlan { executions { id } } } }")
        assert days == 3 + 2 * 7
        assert every_week == 3 + MAX_PLAN_WEEKS * 7
        plans = cost("{ races { trainingPlans(first: 3) { id progress { asOf } } } }")
        per_plan = 1 + FIELD_WEIGHTS["Plan.progress"] + 1
        assert plans == 1 + DEFAULT_LIST_SIZE * (1 + 3 * per_plan)
