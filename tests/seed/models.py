"""The seed models, read from the seed documents themselves (`docs/seeds/`).

The Cadence data model and story 6.1 define their tables as Convex `defineTable({...})`
blocks: every `name: v.<type>(...)` line is a field, and `v.object({` (alone, in an array or
optional) opens the fields of a nested object. This reads those blocks; nothing here is a
hand-kept list of fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "docs" / "seeds"

_TABLE = re.compile(r"^\s*(\w+):\s*defineTable\(\{")
_FIELD = re.compile(r"^\s*(\w+):\s*(v\..*)$")
_INLINE_FIELD = re.compile(r"(\w+):\s*v\.")
_OPENS = "v.object({"


@dataclass(frozen=True, slots=True)
class SeedField:
    """One field of a seed table: its path from the table, and its shape."""

    document: str
    table: str
    path: tuple[str, ...]
    optional: bool
    is_object: bool

    @property
    def dotted(self) -> str:
        return ".".join((self.table, *self.path))


def _strip_comment(line: str) -> str:
    return line.split("//", 1)[0].rstrip()


def _inline_children(value: str) -> list[str]:
    """The field names of an object written on one line: `v.object({ a: v.x(), b: v.y() })`."""
    inner = value[value.index(_OPENS) + len(_OPENS) :]
    return _INLINE_FIELD.findall(inner)


def parse_document(path: Path) -> list[SeedField]:
    """Every field of every `defineTable` block of one seed document."""
    fields: list[SeedField] = []
    table: str | None = None
    stack: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = _strip_comment(raw)
        if table is None:
            if match := _TABLE.match(line):
                table, stack = match.group(1), []
            continue
        stripped = line.strip()
        if stripped.startswith("})") and not stack:
            table = None  # the end of the table
            continue
        if stripped.startswith("}"):
            stack.pop()
            continue
        match = _FIELD.match(line)
        if match is None:
            continue
        name, value = match.groups()
        optional = value.startswith("v.optional(")
        is_object = _OPENS in value
        fields.append(SeedField(path.name, table, (*stack, name), optional, is_object))
        if is_object:
            if value.rstrip().endswith("{"):
                stack.append(name)
            else:
                fields.extend(
                    SeedField(
                        path.name, table, (*stack, name, child), optional=False, is_object=False
                    )
                    for child in _inline_children(value)
                )
    return fields


def seed_fields() -> list[SeedField]:
    """The fields of every seed document that defines tables."""
    return [field for path in sorted(SEEDS.glob("*.txt")) for field in parse_document(path)]
