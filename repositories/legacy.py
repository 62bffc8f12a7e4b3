"""What databases written by earlier versions of Cadence still hold, removed at start-up.

Before plans, revisions and links were written in transactions, Cadence kept a `locks`
collection (one writer per activity at a time) and wrote a plan in three steps, first with the
status `generating`. A crash between the steps left a plan in that status with some of its
sessions; no version since writes either, and the status no longer exists.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from repositories.base import Database
from repositories.plans import PlanRepository
from repositories.sessions import PlannedSessionRepository

log = logging.getLogger("cadence.legacy")

LEGACY_COLLECTIONS = ("locks",)
LEGACY_PLAN_STATUS = "generating"


@dataclass(frozen=True, slots=True)
class LegacyCleanUp:
    """What the clean-up removed."""

    collections: tuple[str, ...]
    half_written_plans: int
    their_sessions: int


async def forget_legacy(db: Database) -> LegacyCleanUp:
    """Drop the legacy collections and the half-written plans of the three-step write."""
    present = set(await db.list_collection_names())
    dropped = tuple(name for name in LEGACY_COLLECTIONS if name in present)
    for name in dropped:
        await db.drop_collection(name)
    cursor = db[PlanRepository.collection_name].find({"status": LEGACY_PLAN_STATUS}, {"_id": 1})
    plan_ids = [document["_id"] async for document in cursor]
    sessions = 0
    if plan_ids:
        sessions_of = db[PlannedSessionRepository.collection_name]
        removed = await sessions_of.delete_many({"planId": {"$in": plan_ids}})
        sessions = removed.deleted_count
        await db[PlanRepository.collection_name].delete_many({"_id": {"$in": plan_ids}})
    done = LegacyCleanUp(dropped, len(plan_ids), sessions)
    if dropped or plan_ids:
        log.warning(
            "removed what an earlier version left behind",
            extra={"collections": list(dropped), "plans": len(plan_ids), "sessions": sessions},
        )
    return done
