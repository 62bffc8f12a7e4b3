"""Every repository of the app, built on one database handle."""

from __future__ import annotations

from dataclasses import dataclass, fields

from repositories.base import Database, Repository
from repositories.system import SystemRepository


@dataclass(frozen=True, slots=True)
class Repositories:
    """The repositories a request or a command uses."""

    system: SystemRepository

    @classmethod
    def build(cls, db: Database) -> Repositories:
        """One of each repository on `db`."""
        return cls(system=SystemRepository(db))

    def collections(self) -> list[Repository]:
        """The repositories that own a collection (and so indexes)."""
        values = (getattr(self, field.name) for field in fields(self))
        return [value for value in values if isinstance(value, Repository)]

    async def ensure_indexes(self) -> None:
        """Create every collection's indexes, idempotently."""
        for repository in self.collections():
            await repository.ensure_indexes()
