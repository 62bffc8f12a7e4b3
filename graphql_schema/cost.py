"""The query cost model: what an operation may cost, computed from its text before it runs.

The unit is one plain response field (about 10-20 µs of execution). A field costs its weight
times how many times it can appear: every list around it multiplies (a week's sessions by 7, a
range by its days, a connection by its page size), and every alias counts again. Computed plan
and runner fields weigh what they cost to compute (measured, see `FIELD_WEIGHTS`). Arguments
given as variables count at their worst case, so the verdict depends on the text alone and is
cached with the rest of validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLObjectType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    is_list_type,
)
from graphql.type import GraphQLInterfaceType, get_nullable_type
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

FIELD_WEIGHTS: Mapping[str, int] = {
    # Computed per plan. Measured over HTTP on a 16-week plan with 20 executions (2026-11-30,
    # a loaded machine), above a bare `plan { id }`: progress +32 ms, loadForecast +113 ms,
    # prediction +32 ms, versions +12 ms, while the full zoom (3,646 fields) took +210 ms, about
    # 0.06 ms a field: 550-1,900 fields' worth. Weighted 2,000 (versions 200) for the margin
    # longer plans and histories need.
    "Plan.progress": 2000,
    "Plan.loadForecast": 2000,
    "Plan.prediction": 2000,
    "Plan.versions": 200,
    # The seed views of a week or session (Week.id, focusSummary, targetIntensityMix;
    # Session.weekId, structure, targets, rationale, coachCues, weekIndex, date, plannedData)
    # read the parent document alone. Measured in process on the full zoom of a 16-week plan
    # (2026-12-01, CPU time): all of them on every week and session, 2,320 more response
    # fields, cost +10.9 ms, about 10 µs per resolver and 5 µs per response field: one unit
    # each, the default weight.
    "Plan.atVersion": 500,
    "Runner.fitness": 500,
    "Runner.currentState": 50,
    "Query.matchSuggestions": 200,
}
"""Fields that cost more than a plain field, by `Type.field`."""

MAX_PLAN_WEEKS = 52
MAX_FITNESS_DAYS = 5 * 366
MAX_CALENDAR_DAYS = 366
DEFAULT_LIST_SIZE = 10
LIST_SIZES: Mapping[str, int] = {
    "Week.sessions": 7,
    "Session.executions": 2,
    "Activity.laps": 30,
    "Activity.splits": 30,
    "Plan.loadForecast": MAX_PLAN_WEEKS * 7,
    "Plan.versions": 20,
    "PlanProgress.weeks": MAX_PLAN_WEEKS,
}
"""How many items a list field is counted as when its arguments do not bound it."""
WEEK_RANGES: Mapping[str, int] = {"Plan.weeks": 1, "Plan.plannedDays": 7, "Plan.executions": 7}
"""Lists bounded by a range of weeks (`from`, `to`), with how many items a week holds at most."""


class CostLimitError(GraphQLError):
    """The operation would cost more than the budget."""


def _int_argument(node: FieldNode, name: str) -> int | None:
    for argument in node.arguments or ():
        if argument.name.value == name and isinstance(argument.value, IntValueNode):
            return int(argument.value.value)
    return None


def _date_argument(node: FieldNode, name: str) -> date | None:
    for argument in node.arguments or ():
        if argument.name.value == name and isinstance(argument.value, StringValueNode):
            try:
                return date.fromisoformat(argument.value.value)
            except ValueError:
                return None  # the scalar's own validation names the mistake
    return None


def _days(node: FieldNode, worst: int) -> int:
    first, last = _date_argument(node, "from"), _date_argument(node, "to")
    if first is None or last is None:
        return worst
    return max(1, min(worst, (last - first).days + 1))


def list_size(coordinate: str, node: FieldNode, page_size: int) -> int:
    """How many items a list field is counted as, from its literal arguments when they bound it."""
    if coordinate in WEEK_RANGES:
        low, high = _int_argument(node, "from"), _int_argument(node, "to")
        weeks = MAX_PLAN_WEEKS
        if low is not None and high is not None:
            weeks = max(1, min(MAX_PLAN_WEEKS, high - low + 1))
        return weeks * WEEK_RANGES[coordinate]
    if coordinate == "Runner.fitness":
        return _days(node, MAX_FITNESS_DAYS)
    if coordinate == "Query.sessions":
        return _days(node, MAX_CALENDAR_DAYS)
    first = _int_argument(node, "first")
    if any(argument.name.value == "first" for argument in node.arguments or ()):
        return max(1, min(page_size, first if first is not None else page_size))
    return LIST_SIZES.get(coordinate, DEFAULT_LIST_SIZE)


class _CostWalker:
    """Adds up an operation's cost, fragments and aliases included."""

    def __init__(self, context: ValidationContext, page_size: int) -> None:
        self.schema = context.schema
        self.fragments: dict[str, FragmentDefinitionNode] = {
            definition.name.value: definition
            for definition in context.document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self.page_size = page_size

    def selection_cost(
        self, parent: GraphQLNamedType | None, selection_set: SelectionSetNode, seen: frozenset[str]
    ) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field_cost(parent, selection, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                scope = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selection_cost(scope, selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:  # other rules name these mistakes
                    continue
                scope = self.schema.get_type(fragment.type_condition.name.value)
                total += self.selection_cost(scope, fragment.selection_set, seen | {name})
        return total

    def field_cost(
        self, parent: GraphQLNamedType | None, node: FieldNode, seen: frozenset[str]
    ) -> int:
        name = node.name.value
        definition: Any = None
        if name == "__schema":
            definition = SchemaMetaFieldDef
        elif name == "__type":
            definition = TypeMetaFieldDef
        elif isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            definition = parent.fields.get(name)
        if definition is None:
            return 1
        coordinate = f"{parent.name if parent else ''}.{name}"
        weight = FIELD_WEIGHTS.get(coordinate, 1)
        if node.selection_set is None:
            return weight
        children = self.selection_cost(get_named_type(definition.type), node.selection_set, seen)
        if is_list_type(get_nullable_type(definition.type)):
            children *= list_size(coordinate, node, self.page_size)
        elif any(argument.name.value == "first" for argument in node.arguments or ()):
            children *= list_size(coordinate, node, self.page_size)  # a connection
        return weight + children


def operation_cost(
    context: ValidationContext, operation: OperationDefinitionNode, page_size: int
) -> int:
    """The cost of one operation of the document in `context`."""
    root = context.schema.get_root_type(operation.operation)
    return _CostWalker(context, page_size).selection_cost(
        root, operation.selection_set, frozenset()
    )


def cost_limit_rule(budget: int, page_size: int) -> type[ValidationRule]:
    """A validation rule refusing operations that cost more than `budget` (built once)."""

    class QueryCostLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
            cost = operation_cost(self.context, node, page_size)
            if cost > budget:
                self.report_error(
                    CostLimitError(
                        f"This query costs {cost} and the limit is {budget}: ask for fewer "
                        "computed fields (progress, loadForecast, prediction, versions, fitness), "
                        "narrower ranges, smaller pages or fewer aliases, or split it.",
                        node,
                        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "limit": budget},
                    )
                )

    return QueryCostLimit
