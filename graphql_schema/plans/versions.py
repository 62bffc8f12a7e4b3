"""Earlier versions of a plan, read back as they were."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graphql_schema.context import Context
from graphql_schema.documents import Stored

VERSION_SESSIONS = "_versionSessions"
"""Key under which a plan read from a snapshot carries its sessions (for `Week.sessions`)."""


@strawberry.type(description="One version of a plan: its number, and what replaced it.")
class PlanVersionInfo:
    version: int
    created_at: datetime | None = strawberry.field(
        description="When this version was replaced; null for the current version."
    )
    replaced_by: str | None = strawberry.field(
        description="The change that replaced this version (adaptation, pause, resume, "
        "blackout, regeneration); null for the current version."
    )
    summary: str | None


async def versions_of(
    parent: Stored, info: strawberry.Info[Context, None]
) -> list[PlanVersionInfo]:
    """Every version of the plan, the first one first and the current one last."""
    runner_id = await info.context.runner_id()
    earlier = await info.context.repositories.plan_versions.summaries(runner_id, parent["_id"])
    infos = [
        PlanVersionInfo(
            version=item["version"],
            created_at=item["createdAt"],
            replaced_by=item["kind"],
            summary=item["summary"],
        )
        for item in earlier
    ]
    infos.append(
        PlanVersionInfo(version=parent["version"], created_at=None, replaced_by=None, summary=None)
    )
    return infos


async def plan_at_version(
    parent: Stored, info: strawberry.Info[Context, None], version: int
) -> Stored | None:
    """The plan as it was at `version` (the current plan for the current version)."""
    runner_id = await info.context.runner_id()
    repositories = info.context.repositories
    if version == parent["version"]:
        return await repositories.plans.get(runner_id, parent["_id"])
    snapshot = await repositories.plan_versions.get(runner_id, parent["_id"], version)
    if snapshot is None:
        return None
    return {**snapshot["plan"], "_id": parent["_id"], VERSION_SESSIONS: snapshot["sessions"]}
