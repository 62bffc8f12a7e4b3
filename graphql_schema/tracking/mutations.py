"""Activities in, executions out: import, link, confirm, skip, reschedule, feedback."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from pydantic import ValidationError
from strawberry.file_uploads import Upload
from strawberry.scalars import JSON

from app.errors import DomainError, InvalidInputError
from app.models.activity import Sport
from app.models.execution import Feedback
from app.tracking import executions, imports
from app.tracking.imports import PayloadSource
from app.tracking.ingest import ImportResult
from graphql_schema.activities.types import Activity
from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.scalars import parse_id
from graphql_schema.sessions.types import Execution, Session
from graphql_schema.user_errors import (
    Conflict,
    InvalidInput,
    NotFound,
    payload_or_user_error,
    user_error,
)
from repositories.base import Document


@strawberry.type(description="What an import did.")
class ActivitiesImported:
    activities: list[Activity] = strawberry.field(description="Activities stored by this call.")
    replayed: int = strawberry.field(description="Activities already stored: left unchanged.")
    linked: int = strawberry.field(description="Matched to a planned day automatically.")
    suggested: int = strawberry.field(description="Close calls waiting for `confirmMatch`.")
    unplanned: int = strawberry.field(description="Runs with no planned day.")
    duplicates: int = strawberry.field(description="Other recordings of a stored run.")
    not_runs: int = strawberry.field(description="Other sports: never matched to a run.")

    @classmethod
    def of(cls, result: ImportResult) -> ActivitiesImported:
        """The GraphQL view of an import result."""
        return cls(
            activities=[stored(Activity, document) for document in result.activities],
            replayed=result.replayed,
            linked=result.linked,
            suggested=result.suggested,
            unplanned=result.unplanned,
            duplicates=result.duplicates,
            not_runs=result.not_runs,
        )


@strawberry.type(description="Health records (sleep, daily, body) stored or refreshed.")
class HealthRecordsImported:
    count: int


def _imported(result: ImportResult | list[Document]) -> ActivitiesImported | HealthRecordsImported:
    """What a provider payload import did: activities, or health records."""
    if isinstance(result, ImportResult):
        return ActivitiesImported.of(result)
    return HealthRecordsImported(count=len(result))


@strawberry.type(description="The execution after the change.")
class ExecutionSaved:
    execution: Execution

    @classmethod
    def of(cls, document: Document) -> ExecutionSaved:
        """The payload for a stored execution."""
        return cls(execution=stored(Execution, document))


@strawberry.type(description="The session after the change.")
class SessionSaved:
    session: Session

    @classmethod
    def of(cls, document: Document) -> SessionSaved:
        """The payload for a stored session."""
        return cls(session=stored(Session, document))


ImportResultUnion = Annotated[
    ActivitiesImported | HealthRecordsImported | InvalidInput | NotFound | Conflict,
    strawberry.union("ImportActivitiesResult"),
]
ExecutionResult = Annotated[
    ExecutionSaved | InvalidInput | NotFound | Conflict, strawberry.union("ExecutionResult")
]
SessionResult = Annotated[
    SessionSaved | InvalidInput | NotFound | Conflict, strawberry.union("SessionResult")
]


@strawberry.input(description="An activity typed in by the runner.")
class ManualActivityInput:
    sport: Sport
    start_time: datetime
    elapsed_time_s: float
    distance_m: float | None = None
    moving_time_s: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    elevation_gain_m: float | None = None
    name: str | None = None
    timezone: str | None = None


@strawberry.input(description="How the session felt.")
class FeedbackInput:
    rpe: int | None = strawberry.field(default=None, description="1 to 10.")
    soreness: int | None = strawberry.field(default=None, description="0 to 10.")
    fatigue: int | None = strawberry.field(default=None, description="0 to 10.")
    pain_reported: bool = False
    pain_location: str | None = None
    mood: str | None = None
    notes: str | None = None


def _manual_fields(entry: ManualActivityInput) -> dict[str, Any]:
    fields = {k: v for k, v in vars(entry).items() if v is not None and k != "sport"}
    fields["activity_type"] = Sport(entry.sport).value
    fields["start_time"] = entry.start_time.isoformat()
    return fields


@strawberry.type
class TrackingMutations:
    @strawberry.mutation(description="Log an activity by hand (it is matched like any other).")
    async def log_activity(
        self,
        info: strawberry.Info[Context, None],
        input: ManualActivityInput,  # noqa: A002
    ) -> ImportResultUnion:
        runner_id = await info.context.runner_id()
        try:
            now = info.context.clock.now()
            parsed = imports.parse_manual_entry(_manual_fields(input), now)
            result = await imports.import_activities(
                info.context.repositories,
                info.context.events,
                runner_id,
                [parsed],
                now=now,
                refresher=info.context.refresher,
            )
        except DomainError as exc:
            return user_error(exc)
        return ActivitiesImported.of(result)

    @strawberry.mutation(
        description="Import a provider payload: one object or a list (Strava API v3 activities, "
        "Terra activity, sleep, daily or body). All or nothing: a bad item rejects the batch."
    )
    async def import_activities(
        self, info: strawberry.Info[Context, None], source: PayloadSource, payload: JSON
    ) -> ImportResultUnion:
        runner_id = await info.context.runner_id()
        return await payload_or_user_error(
            imports.import_payload(
                info.context.repositories,
                info.context.events,
                runner_id,
                PayloadSource(source),
                payload,
                now=info.context.clock.now(),
                refresher=info.context.refresher,
            ),
            _imported,
        )

    @strawberry.mutation(
        description="Upload a GPX, TCX or FIT file (multipart request; size-limited)."
    )
    async def upload_activity_file(
        self, info: strawberry.Info[Context, None], file: Upload
    ) -> ImportResultUnion:
        runner_id = await info.context.runner_id()
        limit = info.context.settings.max_upload_bytes
        try:
            data = await file.read(limit + 1)  # type: ignore[attr-defined]
        finally:
            await file.close()  # type: ignore[attr-defined]
        name = str(getattr(file, "filename", None) or "upload")
        try:
            if len(data) > limit:
                raise InvalidInputError("file", f"is over the {limit // 1_000_000} MB limit")
            now = info.context.clock.now()
            parsed = await imports.parse_files([(name, data)], now)
            result = await imports.import_activities(
                info.context.repositories,
                info.context.events,
                runner_id,
                parsed,
                now=now,
                refresher=info.context.refresher,
            )
        except DomainError as exc:
            return user_error(exc)
        return ActivitiesImported.of(result)

    @strawberry.mutation(description="Make an activity the execution of a planned day.")
    async def link_activity(
        self,
        info: strawberry.Info[Context, None],
        activity_id: strawberry.ID,
        session_id: strawberry.ID,
    ) -> ExecutionResult:
        activity, session = parse_id(activity_id, "activityId"), parse_id(session_id, "sessionId")
        runner_id = await info.context.runner_id()
        return await payload_or_user_error(
            executions.link_activity(
                info.context.repositories, info.context.events, runner_id, activity, session
            ),
            ExecutionSaved.of,
        )

    @strawberry.mutation(description="Accept a match suggestion: link the activity to the day.")
    async def confirm_match(
        self,
        info: strawberry.Info[Context, None],
        activity_id: strawberry.ID,
        session_id: strawberry.ID,
    ) -> ExecutionResult:
        activity, session = parse_id(activity_id, "activityId"), parse_id(session_id, "sessionId")
        runner_id = await info.context.runner_id()
        return await payload_or_user_error(
            executions.confirm_match(
                info.context.repositories, info.context.events, runner_id, activity, session
            ),
            ExecutionSaved.of,
        )

    @strawberry.mutation(description="Detach an activity from its planned day (it stays stored).")
    async def unlink_activity(
        self, info: strawberry.Info[Context, None], activity_id: strawberry.ID
    ) -> ExecutionResult:
        activity = parse_id(activity_id, "activityId")
        runner_id = await info.context.runner_id()
        return await payload_or_user_error(
            executions.unlink_activity(
                info.context.repositories, info.context.events, runner_id, activity
            ),
            ExecutionSaved.of,
        )

    @strawberry.mutation(description="Record how an execution felt.")
    async def record_feedback(
        self,
        info: strawberry.Info[Context, None],
        execution_id: strawberry.ID,
        feedback: FeedbackInput,
    ) -> ExecutionResult:
        execution = parse_id(execution_id, "executionId")
        runner_id = await info.context.runner_id()
        try:
            values = Feedback.model_validate(vars(feedback))
        except ValidationError as exc:
            return user_error(InvalidInputError.from_validation(exc, "feedback."))
        try:
            document = await executions.record_feedback(
                info.context.repositories, runner_id, execution, values
            )
        except DomainError as exc:
            return user_error(exc)
        if info.context.refresher is not None:  # soreness, pain and RPE feed the state
            info.context.refresher.request(runner_id)
        return ExecutionSaved.of(document)

    @strawberry.mutation(description="Skip a planned day, saying why.")
    async def skip_session(
        self, info: strawberry.Info[Context, None], session_id: strawberry.ID, reason: str
    ) -> SessionResult:
        session = parse_id(session_id, "sessionId")
        runner_id = await info.context.runner_id()
        return await payload_or_user_error(
            executions.skip_session(
                info.context.repositories, info.context.events, runner_id, session, reason
            ),
            SessionSaved.of,
        )

    @strawberry.mutation(
        description="Move a session to another day of its week. A workout never moves onto a "
        "weekday the runner blocked or a blackout date: that answers `InvalidInput` on `date`."
    )
    async def reschedule_session(
        self, info: strawberry.Info[Context, None], session_id: strawberry.ID, date: date
    ) -> SessionResult:
        session = parse_id(session_id, "sessionId")
        runner_id = await info.context.runner_id()
        return await payload_or_user_error(
            executions.reschedule_session(
                info.context.repositories, info.context.events, runner_id, session, date
            ),
            SessionSaved.of,
        )
