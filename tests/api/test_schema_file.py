"""The committed SDL matches the code."""

from __future__ import annotations

from pathlib import Path

from app.settings import Settings
from graphql_schema.schema import build_schema


def test_schema_graphql_is_up_to_date(base_settings: Settings, project_root: Path):
    committed = (project_root / "schema.graphql").read_text(encoding="utf-8")
    current = build_schema(base_settings).as_str() + "\n"
    assert committed == current, "schema.graphql drifted: run `make schema` and commit it"
