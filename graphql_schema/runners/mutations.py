"""Editing the runner's profile, section by section."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from app import profile
from app.models.runner import RunnerSection
from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.runners.types import Runner
from graphql_schema.user_errors import InvalidInput, NotFound, payload_or_user_error
from repositories.base import Document


@strawberry.type(description="The runner after the change.")
class RunnerUpdated:
    runner: Runner

    @classmethod
    def of(cls, document: Document) -> RunnerUpdated:
        """The payload for the stored runner."""
        return cls(runner=stored(Runner, document))


UpdateRunnerProfileResult = Annotated[
    RunnerUpdated | InvalidInput | NotFound, strawberry.union("UpdateRunnerProfileResult")
]


@strawberry.type
class RunnerMutations:
    @strawberry.mutation(
        description="Merge `values` (camelCase field names; the seed data model's names, such as "
        "`physical.maxHeartRate` or `coaching.coachingVoice`, are taken for the fields Cadence "
        "stores under another name) into one section of the runner; the section is validated as "
        "a whole and nothing is written when a rule is broken. Fields Cadence derives "
        "(`running.actualWeeklyVolumeKm`, `actualEasyPace`, `actualLongRunDistance`, "
        "`vdotUpdatedAt`, `running.consistencyScore`, goal feasibility) answer "
        "`InvalidInput`."
    )
    async def update_runner_profile(
        self, info: strawberry.Info[Context, None], section: RunnerSection, values: JSON
    ) -> UpdateRunnerProfileResult:
        runner_id = await info.context.runner_id()
        if not isinstance(values, dict):
            return InvalidInput(message="values: must be an object", field="values", rule="object")
        changes: dict[str, Any] = values
        return await payload_or_user_error(  # type: ignore[return-value]
            profile.update_runner_section(
                info.context.repositories,
                runner_id,
                RunnerSection(section).value,
                changes,
                now=info.context.clock.now(),
            ),
            RunnerUpdated.of,
        )
