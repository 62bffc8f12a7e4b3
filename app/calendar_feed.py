"""The runner's calendar feed: a secret address that serves the active plan as iCalendar.

Only a hash of the token is stored, so the address cannot be read back from the database:
creating a feed again gives a new address and the old one stops working; revoking removes it.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from hashlib import sha256

from bson import ObjectId

from app.models.session import PlannedSessionDocument
from app.planning.ical import plan_calendar
from repositories.registry import Repositories

_TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    """What is stored of a feed token."""
    return sha256(token.encode()).hexdigest()


async def create_feed(repositories: Repositories, runner_id: ObjectId, now: datetime) -> str:
    """A new feed token for the runner, replacing any earlier one."""
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    await repositories.calendar_feeds.replace(runner_id, token_hash(token), now)
    return token


async def revoke_feed(repositories: Repositories, runner_id: ObjectId) -> bool:
    """Stop the runner's feed; whether there was one."""
    return await repositories.calendar_feeds.revoke(runner_id)


async def feed_calendar(
    repositories: Repositories, token: str, *, now: datetime, host: str
) -> str | None:
    """The iCalendar text of the active plan for a feed token; None for an unknown token."""
    runner_id = await repositories.calendar_feeds.runner_for(token_hash(token))
    if runner_id is None:
        return None
    plan_id = await repositories.assignments.latest_plan_id(runner_id)
    if plan_id is None:
        return plan_calendar("Cadence", [], now=now, host=host)
    plan = await repositories.plans.get(runner_id, plan_id, {"metadata.name": 1})
    name = ((plan or {}).get("metadata") or {}).get("name") or "Cadence"
    sessions = await repositories.sessions.of_plan(runner_id, plan_id)
    documents = [PlannedSessionDocument.from_mongo(session) for session in sessions]
    return plan_calendar(name, documents, now=now, host=host)
