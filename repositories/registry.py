"""Every repository of the app, built on one database handle."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, fields
from typing import TypeVar

from pymongo import WriteConcern
from pymongo.read_concern import ReadConcern

from repositories.activities import (
    ActivityRepository,
    ActivitySampleRepository,
    BodyMeasurementRepository,
    DailySummaryRepository,
    SleepRepository,
)
from repositories.adaptation_logs import AdaptationLogRepository
from repositories.base import Database, Repository, Session
from repositories.billing_events import BillingEventRepository
from repositories.calendar_feeds import CalendarFeedRepository
from repositories.executions import ExecutionRepository
from repositories.knowledge import KnowledgeRepository, SafeguardRepository
from repositories.legacy import LegacyCleanUp, forget_legacy
from repositories.plan_versions import PlanVersionRepository
from repositories.plans import PlanAssignmentRepository, PlanRepository
from repositories.races import RaceRepository
from repositories.runners import RunnerRepository
from repositories.sessions import PlannedSessionRepository
from repositories.system import SystemRepository
from repositories.users import UserRepository

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Repositories:
    """The repositories a request or a command uses."""

    db: Database

    system: SystemRepository
    users: UserRepository
    runners: RunnerRepository
    races: RaceRepository
    plans: PlanRepository
    assignments: PlanAssignmentRepository
    sessions: PlannedSessionRepository
    executions: ExecutionRepository
    activities: ActivityRepository
    activity_samples: ActivitySampleRepository
    sleep: SleepRepository
    daily_summaries: DailySummaryRepository
    body_measurements: BodyMeasurementRepository
    knowledge: KnowledgeRepository
    safeguards: SafeguardRepository
    adaptation_logs: AdaptationLogRepository
    plan_versions: PlanVersionRepository
    calendar_feeds: CalendarFeedRepository
    billing_events: BillingEventRepository

    @classmethod
    def build(cls, db: Database, session: Session | None = None) -> Repositories:
        """One of each repository on `db`, in `session`'s transaction when given."""
        return cls(
            db=db,
            system=SystemRepository(db),
            users=UserRepository(db, session),
            runners=RunnerRepository(db, session),
            races=RaceRepository(db, session),
            plans=PlanRepository(db, session),
            assignments=PlanAssignmentRepository(db, session),
            sessions=PlannedSessionRepository(db, session),
            executions=ExecutionRepository(db, session),
            activities=ActivityRepository(db, session),
            activity_samples=ActivitySampleRepository(db, session),
            sleep=SleepRepository(db, session),
            daily_summaries=DailySummaryRepository(db, session),
            body_measurements=BodyMeasurementRepository(db, session),
            knowledge=KnowledgeRepository(db, session),
            safeguards=SafeguardRepository(db, session),
            adaptation_logs=AdaptationLogRepository(db, session),
            plan_versions=PlanVersionRepository(db, session),
            calendar_feeds=CalendarFeedRepository(db, session),
            billing_events=BillingEventRepository(db, session),
        )

    async def in_transaction(self, work: Callable[[Repositories], Awaitable[T]]) -> T:
        """Run `work` in one multi-document transaction: all of its writes, or none.

        `work` gets repositories bound to the transaction and may run again from the start
        when the server reports a transient error (a write conflict with a concurrent
        transaction, a lost primary); the commit waits for a majority of the replica set.
        """
        async with self.db.client.start_session() as session:
            return await session.with_transaction(
                lambda bound: work(Repositories.build(self.db, bound)),
                read_concern=ReadConcern("snapshot"),
                write_concern=WriteConcern("majority"),
            )

    def collections(self) -> list[Repository]:
        """The repositories that own a collection (and so indexes)."""
        values = (getattr(self, field.name) for field in fields(self))
        return [value for value in values if isinstance(value, Repository)]

    async def ensure_indexes(self) -> None:
        """Create every collection's indexes, idempotently."""
        for repository in self.collections():
            await repository.ensure_indexes()

    async def prepare(self) -> LegacyCleanUp:
        """Ready the database for this version: indexes, and what earlier versions left."""
        await self.ensure_indexes()
        return await forget_legacy(self.db)
