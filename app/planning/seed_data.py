"""The versioned seed files: the safeguards and the knowledge base, as documents.

Both files hold `{"version": N, "<items>": [...]}` with documents in their stored camelCase
form and no `_id`: seeding should upsert by `key`, leaving existing ids alone.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from app.models.knowledge import KnowledgeEntryDocument, SafeguardDocument

SAFEGUARDS_FILE = "safeguards.json"
KNOWLEDGE_BASE_FILE = "knowledge_base.json"


def _read(name: str) -> dict[str, Any]:
    text = resources.files("app").joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def seed_version(name: str) -> int:
    """The `version` of a seed file (`SAFEGUARDS_FILE` or `KNOWLEDGE_BASE_FILE`)."""
    return int(_read(name)["version"])


def load_safeguards() -> list[SafeguardDocument]:
    """The Cadence safeguards from app/data/safeguards.json."""
    return [SafeguardDocument.model_validate(item) for item in _read(SAFEGUARDS_FILE)["safeguards"]]


def load_knowledge_base() -> list[KnowledgeEntryDocument]:
    """The knowledge-base entries from app/data/knowledge_base.json."""
    return [
        KnowledgeEntryDocument.model_validate(item)
        for item in _read(KNOWLEDGE_BASE_FILE)["entries"]
    ]
