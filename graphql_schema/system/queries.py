"""Queries about the service."""

from __future__ import annotations

import strawberry

from app import __version__
from graphql_schema.context import Context
from graphql_schema.system.types import ServerInfo


@strawberry.type
class SystemQueries:
    @strawberry.field(description="The service version and its database's version.")
    async def server_info(self, info: strawberry.Info[Context, None]) -> ServerInfo:
        database_version = await info.context.repositories.system.server_version()
        return ServerInfo(version=__version__, database_version=database_version)
