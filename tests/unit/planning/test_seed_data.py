"""The seed files: the six Cadence safeguards and a knowledge base covering every reference."""

from __future__ import annotations

import json
from importlib import resources

from app.planning.references import Ref, SafeguardKey
from app.planning.seed_data import (
    KNOWLEDGE_BASE_FILE,
    SAFEGUARDS_FILE,
    load_knowledge_base,
    load_safeguards,
    seed_version,
)


class TestSafeguards:
    def test_the_six_cadence_rules(self):
        rules = {s.key: s for s in load_safeguards()}
        assert set(rules) == set(SafeguardKey)
        summary = {key: (s.rule, s.action, s.priority, s.hard_limit) for key, s in rules.items()}
        assert summary == {
            "weekly-volume-increase": ("weekly_volume_increase", "cap", 10, True),
            "weekly-volume-increase-injury": ("weekly_volume_increase", "cap", 20, True),
            "long-run-share": ("long_run_share", "warn", 10, False),
            "no-consecutive-hard-days": ("consecutive_hard_days", "block", 10, True),
            "rest-day-per-week": ("rest_days_per_week", "confirm", 10, False),
            "masters-hard-sessions": ("hard_sessions_per_week", "cap", 10, False),
        }
        assert rules["weekly-volume-increase"].parameters["maxIncreasePct"] == 10
        assert rules["weekly-volume-increase-injury"].parameters["maxIncreasePct"] == 7
        assert rules["weekly-volume-increase-injury"].applicable_when.injury_history is True
        assert rules["masters-hard-sessions"].applicable_when.min_age == 50
        assert rules["long-run-share"].parameters["maxSharePct"] == 30

    def test_the_file_is_versioned_and_stored_in_camel_case(self):
        raw = json.loads(resources.files("app").joinpath("data", SAFEGUARDS_FILE).read_text())
        assert seed_version(SAFEGUARDS_FILE) == raw["version"] >= 1
        first = raw["safeguards"][0]
        assert {"applicableWhen", "hardLimit", "knowledgeRefs"} <= set(first)

    def test_every_safeguard_cites_existing_knowledge(self):
        keys = {entry.key for entry in load_knowledge_base()}
        for safeguard in load_safeguards():
            assert safeguard.knowledge_refs
            assert set(safeguard.knowledge_refs) <= keys


class TestKnowledgeBase:
    def test_every_reference_the_generator_uses_exists(self):
        keys = [entry.key for entry in load_knowledge_base()]
        assert len(keys) == len(set(keys))
        assert set(Ref) <= set(keys)

    def test_every_entry_has_content_and_a_real_source(self):
        for entry in load_knowledge_base():
            assert entry.title
            assert entry.summary
            assert len(entry.content) > 100
            assert entry.sources
            assert all(any(ch.isdigit() for ch in source) for source in entry.sources)

    def test_core_principles_cite_their_classic_sources(self):
        sources = {entry.key: " ".join(entry.sources) for entry in load_knowledge_base()}
        assert "Daniels' Running Formula" in sources["vdot-training-paces"]
        assert "Seiler S" in sources["polarized-training"]
        assert "Mujika I, Padilla S" in sources["taper"]
        assert "Gabbett TJ" in sources["acute-chronic-workload"]
        assert seed_version(KNOWLEDGE_BASE_FILE) >= 1
