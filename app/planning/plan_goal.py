"""A plan in the assistant-first seed's terms: its phase on a given day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from app.models.plan import Phase


def current_phase(weekly_plan: Iterable[Mapping[str, Any]], today: date) -> Phase | None:
    """The phase of the plan's week that holds `today`; None before the plan or after it."""
    day = today.isoformat()
    for week in weekly_plan:
        if week["startDate"] <= day <= week["endDate"]:
            return Phase(week["phase"])
    return None
