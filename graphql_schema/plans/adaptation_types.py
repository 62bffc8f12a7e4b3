"""The adaptation log: what changed in a plan, why, and the sessions before and after."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from app.models import adaptation
from graphql_schema.documents import Stored, document_type, stored_key


@document_type(adaptation.SessionChange, exclude=["before", "after"])
class SessionChange:
    @strawberry.field(name="before", description="The session's fields before the change.")
    def fields_before(self, parent: strawberry.Parent[Stored]) -> JSON:
        return cast("JSON", parent["before"])

    @strawberry.field(name="after", description="The session's fields after the change.")
    def fields_after(self, parent: strawberry.Parent[Stored]) -> JSON:
        return cast("JSON", parent["after"])


@document_type(adaptation.AdaptationDelta)
class AdaptationDelta:
    volume_change: float = strawberry.field(
        resolver=stored_key("volumeChangeKm"),
        description="Km of running the change adds to the plan, negative when it removes "
        "(the seed's name for `volumeChangeKm`): the week volumes after minus before.",
    )


@document_type(adaptation.AdaptationLogDocument, name="AdaptationLog")
class AdaptationLog:
    impacted_workouts: list[strawberry.ID] = strawberry.field(
        resolver=stored_key("impactedSessionIds"),
        description="The ids of the sessions the change touched, and only those (the seed's "
        "name for `impactedSessionIds`).",
    )
