"""Types describing the running service."""

from __future__ import annotations

import strawberry


@strawberry.type(description="The running service and the database behind it.")
class ServerInfo:
    version: str = strawberry.field(description="Cadence version.")
    database_version: str = strawberry.field(description="Version the database server reports.")
