"""Schema extensions: the per-operation log line and metrics, and configured limits."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from graphql import ASTValidationRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from app.observability import current_request
from graphql_schema.cost import cost_limit_rule
from graphql_schema.errors import ErrorPolicy
from graphql_schema.throttle import HeavyMutationLimiter
from graphql_schema.validation import FiniteNumbersRule

if TYPE_CHECKING:
    from app.settings import Settings
    from graphql_schema.context import Context

log = logging.getLogger("cadence.request")

VALIDATED_DOCUMENTS = 512
"""How many distinct query texts the parser and validation caches keep."""


class OperationObserver(SchemaExtension):
    """The metrics of every GraphQL operation, and what the log says of it.

    Over HTTP the operation joins its request's one log line; over a WebSocket, whose
    connection lasts, each operation writes a line of its own.
    """

    def on_operation(self) -> Iterator[None]:
        """Time the whole operation, parsing and validation included."""
        started = time.perf_counter()
        yield
        seconds = time.perf_counter() - started
        execution = self.execution_context
        try:
            operation_type = execution.operation_type.value
        except RuntimeError:  # the document did not parse
            operation_type = "unknown"
        result = execution.result
        outcome = "error" if result is None or getattr(result, "errors", None) else "success"
        context: Context | None = execution.context
        if context is not None:
            context.metrics.observe_operation(operation_type, outcome, seconds)
        operation = {
            "operation_name": execution.operation_name,
            "operation_type": operation_type,
            "outcome": outcome,
        }
        request = current_request.get()
        if request is not None and not request.websocket:
            request.operations.append(operation)  # the request's own line reports it
        else:
            duration_ms = round(seconds * 1000, 2)
            log.info("graphql operation", extra={**operation, "duration_ms": duration_ms})


def schema_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """The extensions of the schema, as factories (a fresh instance per operation).

    The depth and alias limiters define their validation rule classes when constructed, and
    the validation cache keys on those classes: a limiter built per operation would make every
    request validate from scratch. Their rules are built here, once, and added per operation.
    """
    limits: list[type[ASTValidationRule]] = [
        FiniteNumbersRule,
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
        cost_limit_rule(settings.max_query_cost, settings.max_page_size),
    ]
    factories: list[Callable[[], SchemaExtension]] = [
        OperationObserver,
        ErrorPolicy,
        HeavyMutationLimiter,
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: ParserCache(maxsize=VALIDATED_DOCUMENTS),
        lambda: AddValidationRules(limits),
        lambda: ValidationCache(maxsize=VALIDATED_DOCUMENTS),
    ]
    if not settings.introspection:
        factories.append(DisableIntrospection)
    return factories
