"""Questions about the database server itself."""

from __future__ import annotations

from repositories.base import Database


class SystemRepository:
    """Server-level commands: liveness and version."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def ping(self) -> None:
        """Raise unless the database answers."""
        await self.db.command("ping")

    async def server_version(self) -> str:
        """The version the server reports (FerretDB adds its own)."""
        info = await self.db.command("buildInfo")
        version = str(info.get("version", "unknown"))
        ferretdb = info.get("ferretdbVersion")
        return f"{version} (FerretDB {ferretdb})" if ferretdb else version
