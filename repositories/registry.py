"""Every repository of the app, built on one database handle."""

from __future__ import annotations

from dataclasses import dataclass, fields

from repositories.activities import (
    ActivityRepository,
    BodyMeasurementRepository,
    DailySummaryRepository,
    SleepRepository,
)
from repositories.adaptation_logs import AdaptationLogRepository
from repositories.base import Database, Repository
from repositories.executions import ExecutionRepository
from repositories.knowledge import KnowledgeRepository, SafeguardRepository
from repositories.locks import LockRepository
from repositories.plan_versions import PlanVersionRepository
from repositories.plans import PlanAssignmentRepository, PlanRepository
from repositories.races import RaceRepository
from repositories.runners import RunnerRepository
from repositories.sessions import PlannedSessionRepository
from repositories.system import SystemRepository
from repositories.users import UserRepository


@dataclass(frozen=True, slots=True)
class Repositories:
    """The repositories a request or a command uses."""

    system: SystemRepository
    users: UserRepository
    runners: RunnerRepository
    races: RaceRepository
    plans: PlanRepository
    assignments: PlanAssignmentRepository
    sessions: PlannedSessionRepository
    executions: ExecutionRepository
    activities: ActivityRepository
    sleep: SleepRepository
    daily_summaries: DailySummaryRepository
    body_measurements: BodyMeasurementRepository
    knowledge: KnowledgeRepository
    safeguards: SafeguardRepository
    adaptation_logs: AdaptationLogRepository
    plan_versions: PlanVersionRepository
    locks: LockRepository

    @classmethod
    def build(cls, db: Database) -> Repositories:
        """One of each repository on `db`."""
        return cls(
            system=SystemRepository(db),
            users=UserRepository(db),
            runners=RunnerRepository(db),
            races=RaceRepository(db),
            plans=PlanRepository(db),
            assignments=PlanAssignmentRepository(db),
            sessions=PlannedSessionRepository(db),
            executions=ExecutionRepository(db),
            activities=ActivityRepository(db),
            sleep=SleepRepository(db),
            daily_summaries=DailySummaryRepository(db),
            body_measurements=BodyMeasurementRepository(db),
            knowledge=KnowledgeRepository(db),
            safeguards=SafeguardRepository(db),
            adaptation_logs=AdaptationLogRepository(db),
            plan_versions=PlanVersionRepository(db),
            locks=LockRepository(db),
        )

    def collections(self) -> list[Repository]:
        """The repositories that own a collection (and so indexes)."""
        values = (getattr(self, field.name) for field in fields(self))
        return [value for value in values if isinstance(value, Repository)]

    async def ensure_indexes(self) -> None:
        """Create every collection's indexes, idempotently."""
        for repository in self.collections():
            await repository.ensure_indexes()
