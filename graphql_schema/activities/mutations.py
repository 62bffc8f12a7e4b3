"""Editing and deleting an activity: matching and the runner's state follow."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.models.activity import Sport
from app.tracking import activity_edits
from graphql_schema.activities.types import Activity
from graphql_schema.context import Context
from graphql_schema.documents import stored
from graphql_schema.scalars import parse_id
from graphql_schema.user_errors import Conflict, InvalidInput, NotFound, payload_or_user_error
from repositories.base import Document


@strawberry.type(description="The activity after the change.")
class ActivitySaved:
    activity: Activity

    @classmethod
    def of(cls, document: Document) -> ActivitySaved:
        """The payload for a stored activity."""
        return cls(activity=stored(Activity, document))


@strawberry.type(description="The activity is gone, with its execution.")
class ActivityDeleted:
    activity_id: strawberry.ID = strawberry.field(description="The id the activity had.")


ActivityResult = Annotated[
    ActivitySaved | InvalidInput | NotFound | Conflict, strawberry.union("ActivityResult")
]
DeleteActivityResult = Annotated[
    ActivityDeleted | InvalidInput | NotFound | Conflict, strawberry.union("DeleteActivityResult")
]


@strawberry.type
class ActivityMutations:
    @strawberry.mutation(
        description="Correct an activity's sport, name or notes, or rate how it felt (omitted "
        "ones stay). A new sport matches it to the plan again and refreshes the runner's state."
    )
    async def update_activity(
        self,
        info: strawberry.Info[Context, None],
        activity_id: strawberry.ID,
        sport: Sport | None = None,
        name: str | None = None,
        notes: str | None = None,
        user_rating: int | None = None,
        perceived_exertion: float | None = None,
    ) -> ActivityResult:
        activity = parse_id(activity_id, "activityId")
        runner_id = await info.context.runner_id()
        return await payload_or_user_error(
            activity_edits.update_activity(
                info.context.repositories,
                info.context.events,
                runner_id,
                activity,
                sport=sport,
                name=name,
                notes=notes,
                user_rating=user_rating,
                perceived_exertion=perceived_exertion,
                now=info.context.clock.now(),
                refresher=info.context.refresher,
            ),
            ActivitySaved.of,
        )

    @strawberry.mutation(
        description="Delete an activity and its execution: its planned day is free again, "
        "another recording of the same run takes its place, the runner's state is refreshed."
    )
    async def delete_activity(
        self, info: strawberry.Info[Context, None], activity_id: strawberry.ID
    ) -> DeleteActivityResult:
        activity = parse_id(activity_id, "activityId")
        runner_id = await info.context.runner_id()
        return await payload_or_user_error(
            activity_edits.delete_activity(
                info.context.repositories,
                info.context.events,
                runner_id,
                activity,
                now=info.context.clock.now(),
                refresher=info.context.refresher,
            ),
            lambda deleted: ActivityDeleted(activity_id=strawberry.ID(str(deleted))),
        )
