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
        """The MongoDB version the server reports."""
        info = await self.db.command("buildInfo")
        return str(info.get("version", "unknown"))
