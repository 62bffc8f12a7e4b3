"""Per-request DataLoaders: one batched database round trip per zoom level."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from datetime import date
from typing import Any, TypeVar, cast

from bson import ObjectId
from strawberry.dataloader import DataLoader

from app.accounts import Viewer
from app.tracking.progress import EXECUTION_FIELDS, SESSION_FIELDS
from repositories.base import Document
from repositories.registry import Repositories

WeekKey = tuple[ObjectId, int]
PlanSpanKey = tuple[ObjectId, date, date]
"""A plan id with its first and last day."""
RacePlansKey = tuple[ObjectId, int, tuple[str, ...]]
"""A race id, how many of its plans (newest first) and the plan keys to read."""
LinkLoader = DataLoader[ObjectId, Document | None]
"""A loader of one document by id (an activity, an execution, a race)."""
T = TypeVar("T")


async def _by_week(
    keys: Sequence[WeekKey],
    read: Callable[[ObjectId, list[ObjectId], list[int]], Awaitable[list[Document]]],
    runner_id: ObjectId,
) -> list[list[Document]]:
    """Documents of plan weeks (sessions, executions) read at once, then per week."""
    plan_ids = sorted({plan_id for plan_id, _ in keys})
    weeks = sorted({week for _, week in keys})
    by_week: dict[WeekKey, list[Document]] = defaultdict(list)
    for document in await read(runner_id, plan_ids, weeks):
        by_week[document["planId"], document["weekNumber"]].append(document)
    return [by_week.get(key, []) for key in keys]


class Loaders:
    """The DataLoaders of one request, all scoped to the viewer (and their runner)."""

    def __init__(self, repositories: Repositories, viewer: Viewer) -> None:
        self.repositories = repositories
        self.runner_id = viewer.runner_id
        self.user_id = viewer.user_id
        self.sessions_of_week: DataLoader[WeekKey, list[Document]] = DataLoader(
            self._sessions_of_weeks
        )
        self.executions_of_session: DataLoader[ObjectId, list[Document]] = DataLoader(
            self._executions_of_sessions
        )
        self.executions_of_week: DataLoader[WeekKey, list[Document]] = DataLoader(
            self._executions_of_weeks
        )
        self.plans_of_race: DataLoader[RacePlansKey, list[Document]] = DataLoader(
            self._plans_of_races
        )
        self.activity: DataLoader[ObjectId, Document | None] = DataLoader(self._activities)
        self.execution: DataLoader[ObjectId, Document | None] = DataLoader(self._executions)
        self.race: DataLoader[ObjectId, Document | None] = DataLoader(self._races)
        self.progress_sessions: DataLoader[ObjectId, list[Document]] = DataLoader(
            self._progress_sessions
        )
        self.progress_executions: DataLoader[PlanSpanKey, list[Document]] = DataLoader(
            self._progress_executions
        )
        self._timezone: DataLoader[ObjectId, str | None] = DataLoader(self._timezones)
        self._user: DataLoader[ObjectId, Document | None] = DataLoader(self._users)
        self._computed: dict[Hashable, asyncio.Future[Any]] = {}

    async def once(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        """What `compute` gives, computed once per request however many fields (aliases) ask."""
        future = self._computed.get(key)
        if future is None:
            future = asyncio.ensure_future(compute())
            self._computed[key] = future
        return cast("T", await future)

    async def _sessions_of_weeks(self, keys: Sequence[WeekKey]) -> list[list[Document]]:
        return await _by_week(keys, self.repositories.sessions.for_weeks, self.runner_id)

    async def _executions_of_weeks(self, keys: Sequence[WeekKey]) -> list[list[Document]]:
        return await _by_week(keys, self.repositories.executions.for_plan_weeks, self.runner_id)

    async def _plans_of_races(self, keys: Sequence[RacePlansKey]) -> list[list[Document]]:
        """Two round trips for any number of races: the plans' ids, then the plans kept."""
        race_ids = sorted({race_id for race_id, _, _ in keys})
        listed = await self.repositories.plans.for_races(self.runner_id, race_ids)
        by_race: dict[ObjectId, list[ObjectId]] = defaultdict(list)
        for plan in listed:
            by_race[plan["raceId"]].append(plan["_id"])
        kept = [by_race[race_id][:first] for race_id, first, _ in keys]
        wanted = {plan_id for plan_ids in kept for plan_id in plan_ids}
        if not wanted:
            return [[] for _ in keys]
        projection = dict.fromkeys({key for _, _, keys_read in keys for key in keys_read}, 1)
        found = await self.repositories.plans.by_ids(self.runner_id, sorted(wanted), projection)
        return [[found[plan_id] for plan_id in plan_ids if plan_id in found] for plan_ids in kept]

    async def _executions_of_sessions(self, ids: Sequence[ObjectId]) -> list[list[Document]]:
        found = await self.repositories.executions.for_sessions(self.runner_id, ids)
        by_session: dict[ObjectId, list[Document]] = defaultdict(list)
        for execution in found:
            by_session[execution["sessionId"]].append(execution)
        return [by_session.get(session_id, []) for session_id in ids]

    async def _activities(self, ids: Sequence[ObjectId]) -> list[Document | None]:
        found = await self.repositories.activities.by_ids(self.runner_id, ids)
        return [found.get(activity_id) for activity_id in ids]

    async def _executions(self, ids: Sequence[ObjectId]) -> list[Document | None]:
        found = await self.repositories.executions.by_ids(self.runner_id, ids)
        return [found.get(execution_id) for execution_id in ids]

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
