"""The seed models, read from the seed documents themselves (`docs/seeds/`).

Three notations, each read as written; nothing here is a hand-kept list of fields:
- the Cadence data model and story 6.1: Convex `defineTable({...})` blocks, where every
  `name: v.<type>(...)` line is a field and `v.object({` opens a nested object;
- GoFast: Prisma `model Name { ... }` blocks, one field or a comma-separated run of fields a
  line (relations and `Json` fields have no shape to check);
- the assistant-first plan: `### 1.N Name` sections of `- field` bullets, `  - sub` nesting,
  snake_case names (`a, b` and `a or b` name two fields).
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
    is_object: bool | None
    """None: the seed gives no shape (a Prisma relation or `Json`)."""

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


_MODEL = re.compile(r"^model (\w+) \{")


def parse_prisma(path: Path) -> list[SeedField]:
    """Every field of every Prisma `model` block of one seed document."""
    fields: list[SeedField] = []
    model: str | None = None
    text = path.read_text(encoding="utf-8")
    models = {match.group(1) for match in re.finditer(r"^model (\w+) \{", text, re.MULTILINE)}
    for raw in text.splitlines():
        line = _strip_comment(raw).strip()
        if model is None:
            if match := _MODEL.match(line):
                model = match.group(1)
            continue
        if line.startswith("}"):
            model = None
            continue
        if not line:
            continue
        if "," in line:
            names = [name.strip().rstrip("?") for name in line.split(",") if name.strip()]
            fields.extend(
                SeedField(path.name, model, (name,), optional=False, is_object=False)
                for name in names
            )
            continue
        name, *kind = line.split()
        kind_name = kind[0].rstrip("?").removesuffix("[]") if kind else ""
        shapeless = kind_name == "Json" or kind_name in models
        fields.append(
            SeedField(
                path.name,
                model,
                (name.rstrip("?"),),
                optional=name.endswith("?"),
                is_object=None if shapeless else False,
            )
        )
    return fields


_ENTITY = re.compile(r"^### 1\.\d+ (\w+)")
_BULLET = re.compile(r"^( *)- (.+)$")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _bullet_names(text: str) -> list[str]:
    words = text.split(" (", 1)[0]
    return [_camel(name.strip()) for name in re.split(r",| or ", words) if name.strip()]


def parse_bullets(path: Path) -> list[SeedField]:
    """Every field of the `### 1.N Entity` bullet lists of one seed document."""
    fields: list[SeedField] = []
    entity: str | None = None
    parent: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## ") and entity is not None:
            break  # the entities end where the next section starts
        if match := _ENTITY.match(line):
            entity, parent = match.group(1), None
            continue
        match = _BULLET.match(line)
        if entity is None or match is None:
            continue
        indent, text = match.groups()
        names = _bullet_names(text)
        if indent and parent is not None:
            fields.extend(
                SeedField(path.name, entity, (parent, name), optional=False, is_object=False)
                for name in names
            )
            continue
        fields.extend(
            SeedField(path.name, entity, (name,), optional=False, is_object=False) for name in names
        )
        parent = names[-1]
    return _objects_marked(fields)


def _objects_marked(fields: list[SeedField]) -> list[SeedField]:
    """Fields with sub-bullets are objects."""
    parents = {(field.table, field.path[0]) for field in fields if len(field.path) > 1}
    return [
        SeedField(f.document, f.table, f.path, f.optional, is_object=True)
        if len(f.path) == 1 and (f.table, f.path[0]) in parents
        else f
        for f in fields
    ]


def seed_fields() -> list[SeedField]:
    """The fields of every seed document, in whichever notation it uses."""
    found: list[SeedField] = []
    for path in sorted(SEEDS.glob("*.txt")):
        found += parse_document(path) + parse_prisma(path) + parse_bullets(path)
    return found
