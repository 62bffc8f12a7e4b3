"""The root schema, composed from the domain folders."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types.execution import ExecutionContext

from app.settings import Settings
from graphql_schema.activities.mutations import ActivityMutations
from graphql_schema.activities.queries import ActivityQueries
from graphql_schema.compiled import CompiledExecutor
from graphql_schema.descriptions import describe
from graphql_schema.documents import resolve_stored_field
from graphql_schema.event_executor import EventScopedExecutor
from graphql_schema.extensions import schema_extensions
from graphql_schema.history.queries import HistoryQueries
from graphql_schema.knowledge.queries import KnowledgeQueries
from graphql_schema.plans.adaptation_mutations import AdaptationMutations
from graphql_schema.plans.calendar_feed import CalendarFeedMutations
from graphql_schema.plans.mutations import PlanMutations
from graphql_schema.plans.queries import PlanQueries
from graphql_schema.plans.subscriptions import PlanSubscriptions
from graphql_schema.races.mutations import RaceMutations
from graphql_schema.races.queries import RaceQueries
from graphql_schema.runners.mutations import RunnerMutations
from graphql_schema.runners.queries import ViewerQueries
from graphql_schema.scalars import SCALAR_OVERRIDES
from graphql_schema.system.queries import SystemQueries
from graphql_schema.tracking.mutations import TrackingMutations
from graphql_schema.tracking.queries import TrackingQueries
from graphql_schema.tracking.subscriptions import TrackingSubscriptions
from graphql_schema.user_errors import Conflict, InvalidInput, NotFound


@strawberry.type
class Query(
    ViewerQueries,
    PlanQueries,
    ActivityQueries,
    HistoryQueries,
    TrackingQueries,
    RaceQueries,
    KnowledgeQueries,
    SystemQueries,
):
    pass


@strawberry.type
class Mutation(
    RunnerMutations,
    RaceMutations,
    PlanMutations,
    AdaptationMutations,
    TrackingMutations,
    ActivityMutations,
    CalendarFeedMutations,
):
    pass


@strawberry.type
class Subscription(PlanSubscriptions, TrackingSubscriptions):
    pass


class CadenceSchema(strawberry.Schema):
    """Strawberry's schema, minus its logging of every error: ErrorPolicy logs what matters."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Client errors (parse, validation, expected failures) are not server log material."""


def build_schema(settings: Settings, *, compiled: bool = True) -> strawberry.Schema:
    """The executable schema, with the limits and policies the settings ask for.

    `compiled=False` leaves every operation to graphql-core's general executor (the benches
    and tests compare the two).
    """
    schema = CadenceSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[NotFound, InvalidInput, Conflict],
        extensions=schema_extensions(settings),
        scalar_overrides=SCALAR_OVERRIDES,
        config=StrawberryConfig(auto_camel_case=True, default_resolver=resolve_stored_field),
        execution_context_class=CompiledExecutor if compiled else EventScopedExecutor,
    )
    describe(schema._schema)  # noqa: SLF001 - graphql-core's schema, which the SDL prints
    return schema
