"""Plan generation: periodization, volumes, sessions, paces, safeguards and justifications.

Entry points: `PlanRequest` (the input), `generate_plan` (pure and deterministic),
`format_plan_summary` (a text table of the weeks), `load_safeguards` and
`load_knowledge_base` (the seed data), and the `PlanInputError` family for bad input.
"""

from __future__ import annotations

from app.planning.errors import PlanInputError
from app.planning.generator import GeneratedPlan, generate_plan
from app.planning.profile import PlanRequest
from app.planning.seed_data import load_knowledge_base, load_safeguards
from app.planning.summary import format_plan_summary

__all__ = [
    "GeneratedPlan",
    "PlanInputError",
    "PlanRequest",
    "format_plan_summary",
    "generate_plan",
    "load_knowledge_base",
    "load_safeguards",
]
