"""The root schema, composed from the domain folders."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types.execution import ExecutionContext

from app.settings import Settings
from graphql_schema.extensions import schema_extensions
from graphql_schema.system.queries import SystemQueries


@strawberry.type
class Query(SystemQueries):
    pass


class CadenceSchema(strawberry.Schema):
    """Strawberry's schema, minus its logging of every error: ErrorPolicy logs what matters."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Client errors (parse, validation, expected failures) are not server log material."""


def build_schema(settings: Settings) -> strawberry.Schema:
    """The executable schema, with the limits and policies the settings ask for."""
    return CadenceSchema(
        query=Query,
        extensions=schema_extensions(settings),
        config=StrawberryConfig(auto_camel_case=True),
    )
