"""Queries about the service."""

from __future__ import annotations

import strawberry

from app import __version__
from graphql_schema.context import Context
from graphql_schema.errors import AuthenticationRequiredError
from graphql_schema.system.types import ServerInfo

SERVICE_NAME = "Cadence"


@strawberry.type
class SystemQueries:
    @strawberry.field(
        description="The service, and for signed-in callers its version and its database's."
    )
    async def server_info(self, info: strawberry.Info[Context, None]) -> ServerInfo:
        try:
            await info.context.viewer()
        except AuthenticationRequiredError:
            return ServerInfo(name=SERVICE_NAME, version=None, database_version=None)
        database_version = await info.context.repositories.system.server_version()
        return ServerInfo(name=SERVICE_NAME, version=__version__, database_version=database_version)
