"""Per-request DataLoaders: one batched database round trip per zoom level."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from bson import ObjectId
from strawberry.dataloader import DataLoader

from repositories.base import Document
from repositories.registry import Repositories

WeekKey = tuple[ObjectId, int]


class Loaders:
    """The DataLoaders of one request, all scoped to the viewer's runner."""

    def __init__(self, repositories: Repositories, runner_id: ObjectId) -> None:
        self.repositories = repositories
        self.runner_id = runner_id
        self.sessions_of_week: DataLoader[WeekKey, list[Document]] = DataLoader(
            self._sessions_of_weeks
        )
        self.executions_of_session: DataLoader[ObjectId, list[Document]] = DataLoader(
            self._executions_of_sessions
        )
        self.activity: DataLoader[ObjectId, Document | None] = DataLoader(self._activities)
        self.race: DataLoader[ObjectId, Document | None] = DataLoader(self._races)

    async def _sessions_of_weeks(self, keys: Sequence[WeekKey]) -> list[list[Document]]:
        plan_ids = sorted({plan_id for plan_id, _ in keys})
        weeks = sorted({week for _, week in keys})
        found = await self.repositories.sessions.for_weeks(self.runner_id, plan_ids, weeks)
        by_week: dict[WeekKey, list[Document]] = defaultdict(list)
        for session in found:
            by_week[session["planId"], session["weekNumber"]].append(session)
        return [by_week.get(key, []) for key in keys]

    async def _executions_of_sessions(self, ids: Sequence[ObjectId]) -> list[list[Document]]:
        found = await self.repositories.executions.for_sessions(self.runner_id, ids)
        by_session: dict[ObjectId, list[Document]] = defaultdict(list)
        for execution in found:
            by_session[execution["sessionId"]].append(execution)
        return [by_session.get(session_id, []) for session_id in ids]

    async def _activities(self, ids: Sequence[ObjectId]) -> list[Document | None]:
        found = await self.repositories.activities.by_ids(self.runner_id, ids)
        return [found.get(activity_id) for activity_id in ids]

    async def _races(self, ids: Sequence[ObjectId]) -> list[Document | None]:
        found = await self.repositories.races.by_ids(self.runner_id, list(ids))
        return [found.get(race_id) for race_id in ids]
