"""Per-request DataLoaders: one batched database round trip per zoom level."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from functools import cached_property

from bson import ObjectId
from strawberry.dataloader import DataLoader

from app.accounts import Viewer
from app.tracking.progress import EXECUTION_FIELDS, SESSION_FIELDS
from repositories.base import Document
from repositories.registry import Repositories

WeekKey = tuple[ObjectId, int]
PlanSpanKey = tuple[ObjectId, date, date]
"""A plan id with its first and last day."""


class Loaders:
    """The DataLoaders of one request, all scoped to the viewer (and their runner)."""

    def __init__(self, repositories: Repositories, viewer: Viewer) -> None:
        self.repositories = repositories
        self.runner_id = viewer.runner_id
        self.user_id = viewer.user_id

    # Each loader is built when a resolver first asks for it: most requests use one or two.

    @cached_property
    def sessions_of_week(self) -> DataLoader[WeekKey, list[Document]]:
        """A week's sessions, by plan and week number."""
        return DataLoader(self._sessions_of_weeks)

    @cached_property
    def executions_of_session(self) -> DataLoader[ObjectId, list[Document]]:
        """A session's executions."""
        return DataLoader(self._executions_of_sessions)

    @cached_property
    def activity(self) -> DataLoader[ObjectId, Document | None]:
        """An activity by id."""
        return DataLoader(self._activities)

    @cached_property
    def race(self) -> DataLoader[ObjectId, Document | None]:
        """A race by id."""
        return DataLoader(self._races)

    @cached_property
    def progress_sessions(self) -> DataLoader[ObjectId, list[Document]]:
        """A plan's sessions, with the fields progress needs."""
        return DataLoader(self._progress_sessions)

    @cached_property
    def progress_executions(self) -> DataLoader[PlanSpanKey, list[Document]]:
        """A plan's executions within its span, with the fields progress needs."""
        return DataLoader(self._progress_executions)

    @cached_property
    def _timezone(self) -> DataLoader[ObjectId, str | None]:
        return DataLoader(self._timezones)

    @cached_property
    def _user(self) -> DataLoader[ObjectId, Document | None]:
        return DataLoader(self._users)

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

    async def _progress_sessions(self, plan_ids: Sequence[ObjectId]) -> list[list[Document]]:
        projection = dict.fromkeys((*SESSION_FIELDS, "planId"), 1)
        found = await self.repositories.sessions.for_plans(self.runner_id, plan_ids, projection)
        by_plan: dict[ObjectId, list[Document]] = defaultdict(list)
        for session in found:
            by_plan[session["planId"]].append(session)
        return [by_plan.get(plan_id, []) for plan_id in plan_ids]

    async def _progress_executions(self, keys: Sequence[PlanSpanKey]) -> list[list[Document]]:
        plan_ids = [plan_id for plan_id, _, _ in keys]
        first_day = min(first for _, first, _ in keys)
        last_day = max(last for _, _, last in keys)
        found = await self.repositories.executions.for_plans(
            self.runner_id, plan_ids, first_day, last_day, dict.fromkeys(EXECUTION_FIELDS, 1)
        )
        # Each plan gets its own executions and the unplanned ones dated within its span.
        return [
            [
                execution
                for execution in found
                if execution.get("planId") == plan_id
                or (
                    execution.get("sessionId") is None
                    and first <= date.fromisoformat(execution["date"]) <= last
                )
            ]
            for plan_id, first, last in keys
        ]

    async def viewer_timezone(self) -> str | None:
        """The viewer's timezone (IANA name), read at most once per request."""
        return await self._timezone.load(self.runner_id)

    async def _timezones(self, runner_ids: Sequence[ObjectId]) -> list[str | None]:
        # Only ever the viewer's runner: the loader is there to read it once per request.
        runner = await self.repositories.runners.get(self.runner_id, {"identity.timezone": 1})
        zone = ((runner or {}).get("identity") or {}).get("timezone")
        return [zone for _ in runner_ids]

    async def viewer_user(self) -> Document | None:
        """The viewer's account, read at most once per request."""
        return await self._user.load(self.user_id)

    async def _users(self, user_ids: Sequence[ObjectId]) -> list[Document | None]:
        # Only ever the viewer's account: `Viewer.user` and `Viewer.entitlements` share one read.
        user = await self.repositories.users.get(self.user_id)
        return [user for _ in user_ids]
