"""Types describing the running service."""

from __future__ import annotations

import strawberry


@strawberry.type(description="The running service and the database behind it.")
class ServerInfo:
    name: str = strawberry.field(description="The service's name: it answers, so it is up.")
    version: str | None = strawberry.field(
        description="Cadence version; null for anonymous callers (versions help attackers)."
    )
    database_version: str | None = strawberry.field(
        description="Version the database server reports; null for anonymous callers."
    )
