"""Walk the seed models through the SDL: which seed fields the API does not expose.

Each seed table starts at its GraphQL type (`SEED_ROOTS`); a field is found under its own name
(camelCase, as the seeds write it) and a nested seed object continues into the field's type.
Deliberate deviations are read from the README's table (`## Deliberate deviations from the
seed models`): a row naming a Cadence field continues the walk there (a rename or a shape the
API keeps on purpose), a row with `—` leaves the seed field and everything under it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    get_named_type,
    is_leaf_type,
)

from tests.seed.models import SeedField, seed_fields

ROOT = Path(__file__).resolve().parents[2]

SEED_ROOTS: dict[str, str | None] = {
    "trainingPlans": "Plan",
    "plannedSessions": "Session",
    "runners": "Runner",
    "activities": "Activity",
    "knowledgeBase": "KnowledgeEntry",
    "safeguards": "Safeguard",
    "dailySummaries": "DailySummary",
    "sleepSessions": "SleepSession",
    "bodyMeasurements": "BodyMeasurement",
    "Race": "Race",
    "TrainingPlan": "Plan",
    "TrainingPlanExecution": None,
    "TrainingDayPlanned": "Session",
    "TrainingDayExecuted": "Execution",
    "UserProfile": "Runner",
    "Plan": "Plan",
    "WeekPlan": "Week",
    "WorkoutPlan": "Session",
    "Execution": "Execution",
    "AdaptationLog": "AdaptationLog",
}
"""The GraphQL type each seed table or model is read through (None: no type of its own)."""

_HEADING = "## Deliberate deviations from the seed models"
_ROW = re.compile(r"^\|\s*`([\w.]+)`\s*\|\s*(`(\w+)`|—)\s*\|(.+)\|\s*$")


@dataclass(frozen=True, slots=True)
class Deviation:
    """A seed field Cadence exposes under another name (`cadence_name`) or not at all."""

    seed_path: str
    cadence_name: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Gap:
    """A seed field the API lacks (`missing`) or has with another shape (`reshaped`)."""

    field: SeedField
    kind: str


def deviations(readme: Path = ROOT / "README.md") -> dict[str, Deviation]:
    """The README's table of deliberate deviations, by seed path (`table.field.sub`)."""
    text = readme.read_text(encoding="utf-8")
    section = text.split(_HEADING, 1)[1].split("\n## ", 1)[0]
    found: dict[str, Deviation] = {}
    for line in section.splitlines():
        if match := _ROW.match(line):
            path, _, name, reason = match.groups()
            if path in found:
                msg = f"{path} is listed twice in the README's deviations"
                raise ValueError(msg)
            found[path] = Deviation(path, name, reason.strip())
    return found


def load_sdl(path: Path = ROOT / "schema.graphql") -> GraphQLSchema:
    """The committed SDL."""
    return build_schema(path.read_text(encoding="utf-8"))


def gaps(
    schema: GraphQLSchema,
    fields: list[SeedField] | None = None,
    allowed: dict[str, Deviation] | None = None,
) -> list[Gap]:
    """Every seed field the SDL does not expose under its name and shape."""
    allowed = deviations() if allowed is None else allowed
    found: list[Gap] = []
    for field in seed_fields() if fields is None else fields:
        gap = _walk(schema, field, allowed)
        if gap is not None:
            found.append(gap)
    return found


def _walk(schema: GraphQLSchema, field: SeedField, allowed: dict[str, Deviation]) -> Gap | None:
    table_row = allowed.get(field.table)
    if table_row is not None and table_row.cadence_name is None:
        return None  # the whole model is a deliberate deviation
    root = SEED_ROOTS[field.table]
    current: GraphQLNamedType | None = schema.get_type(root) if root else None
    for depth, name in enumerate(field.path):
        prefix = ".".join((field.table, *field.path[: depth + 1]))
        deviation = allowed.get(prefix)
        if deviation is not None and deviation.cadence_name is None:
            return None
        wanted = deviation.cadence_name if deviation is not None else name
        if not isinstance(current, GraphQLObjectType) or wanted not in current.fields:
            return Gap(field, "missing")
        current = get_named_type(current.fields[wanted].type)
    if field.dotted in allowed:  # listed on purpose: its shape is the one the row explains
        return None
    if field.is_object is not None and field.is_object != (not is_leaf_type(current)):
        return Gap(field, "reshaped")
    return None
