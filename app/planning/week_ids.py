"""The ids of a plan's weeks: stable, opaque strings a client can pass back.

A week is embedded in its plan (`weeklyPlan`), so it has no id of its own; its id is derived
from the plan's id and the week's number, and reads back to them. The one function that makes
week ids is `week_id`; `parse_week_id` is its inverse.
"""

from __future__ import annotations

import base64
import binascii

from bson import ObjectId

_KIND = "Week"


def week_id(plan_id: ObjectId, week_number: int) -> str:
    """The id of week `week_number` of the plan: the same on every read and every version."""
    raw = f"{_KIND}:{plan_id}:{week_number}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def parse_week_id(text: str) -> tuple[ObjectId, int] | None:
    """The plan id and week number a week id stands for; None for anything else."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    kind, _, rest = raw.partition(":")
    plan, _, number = rest.partition(":")
    if kind != _KIND or not ObjectId.is_valid(plan) or not number.isdigit():
        return None
    week_number = int(number)
    if week_number < 1 or week_id(ObjectId(plan), week_number) != text:
        return None  # only the exact form week_id writes
    return ObjectId(plan), week_number
