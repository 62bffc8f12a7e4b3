"""Days a runner said they cannot train: blocked weekdays and the plan's blackout dates.

Moving a workout onto such a day is refused (a typed `InvalidInput` on `date`) rather than
accepted with a warning: the runner told the coach they cannot run then, so a coach would not
put a run there either. To train on that weekday after all, the runner unblocks it in their
schedule (or clears the blackout date) first.
"""

from __future__ import annotations

import asyncio
from datetime import date

from bson import ObjectId

from app.errors import InvalidInputError
from app.models.common import WEEKDAYS
from app.models.session import SessionType
from repositories.base import Document
from repositories.registry import Repositories


async def refuse_unavailable_day(
    repositories: Repositories, runner_id: ObjectId, session: Document, day: date
) -> None:
    """Raise `InvalidInputError` when `session` is a workout and `day` is one the runner blocked."""
    if session["type"] == SessionType.REST:
        return
    runner, plan = await asyncio.gather(
        repositories.runners.get(runner_id, {"schedule.blockedDays": 1}),
        repositories.plans.get(runner_id, session["planId"], {"blackoutDates": 1}),
    )
    weekday = WEEKDAYS[day.weekday()].value
    blocked = ((runner or {}).get("schedule") or {}).get("blockedDays") or []
    if weekday in blocked:
        msg = (
            f"{day.isoformat()} is a {weekday.capitalize()}, a day you blocked for training: pick "
            "another day, or unblock it in your schedule first"
        )
        raise InvalidInputError("date", msg)
    if day.isoformat() in ((plan or {}).get("blackoutDates") or []):
        msg = f"{day.isoformat()} is one of your blackout dates: pick another day"
        raise InvalidInputError("date", msg)
