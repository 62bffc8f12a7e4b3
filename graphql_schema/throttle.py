"""Heavy mutations per runner: so many at once and so many a minute, then a typed "slow down".

Uploads, imports, plan generation and revisions each cost tens to hundreds of milliseconds of
CPU and several writes; one runner sending them in a loop would slow every other runner of the
process. Over the limits the operation is not executed: it answers `SLOW_DOWN` with
`retryAfterSeconds`, and over HTTP status 429 with a `Retry-After` header.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from bson import ObjectId
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
)
from graphql.language import OperationType
from starlette.responses import Response
from strawberry.extensions import SchemaExtension

from graphql_schema.errors import AuthenticationRequiredError

if TYPE_CHECKING:
    from graphql_schema.context import Context

HEAVY_MUTATIONS = frozenset(
    {
        "uploadActivityFile",
        "importActivities",
        "generatePlan",
        "regeneratePlan",
        "adaptPlan",
        "pausePlan",
        "resumePlan",
        "setBlackoutDates",
    }
)
"""Root mutation fields that parse files, match activities or write a whole plan version."""
WINDOW_S = 60.0
HTTP_TOO_MANY_REQUESTS = 429


class RunnerThrottle:
    """Per runner, in this process: heavy operations in flight, and those of the last minute."""

    def __init__(self, max_in_flight: int, per_minute: int) -> None:
        self.max_in_flight = max_in_flight
        self.per_minute = per_minute
        self._in_flight: defaultdict[ObjectId, int] = defaultdict(int)
        self._started: defaultdict[ObjectId, deque[float]] = defaultdict(deque)

    def acquire(self, runner_id: ObjectId, now: float) -> float | None:
        """Start one heavy operation: None when allowed, else how many seconds to wait."""
        started = self._started[runner_id]
        while started and started[0] <= now - WINDOW_S:
            started.popleft()
        if self._in_flight[runner_id] >= self.max_in_flight:
            return 1.0
        if len(started) >= self.per_minute:
            return started[0] + WINDOW_S - now
        self._in_flight[runner_id] += 1
        started.append(now)
        return None

    def release(self, runner_id: ObjectId) -> None:
        """One heavy operation ended."""
        self._in_flight[runner_id] -= 1
        if self._in_flight[runner_id] <= 0:
            del self._in_flight[runner_id]
            if not self._started[runner_id]:
                del self._started[runner_id]


def heavy_fields(operation: OperationDefinitionNode | None) -> list[str]:
    """The heavy root fields a mutation asks for (aliases count each)."""
    if operation is None or operation.operation is not OperationType.MUTATION:
        return []
    return [
        selection.name.value
        for selection in operation.selection_set.selections
        if isinstance(selection, FieldNode) and selection.name.value in HEAVY_MUTATIONS
    ]


class HeavyMutationLimiter(SchemaExtension):
    """Holds a runner's slot for the time of a heavy mutation; refuses it over the limits."""

    async def on_execute(self) -> AsyncIterator[None]:
        """Acquire before executing, release after; answer SLOW_DOWN without executing."""
        execution = self.execution_context
        context: Context = execution.context
        heavy = heavy_fields(_operation(execution.graphql_document, execution.operation_name))
        throttle = getattr(context, "throttle", None)
        if not heavy or throttle is None:
            yield
            return
        try:
            runner_id = await context.runner_id()
        except AuthenticationRequiredError:  # the resolvers answer that
            yield
            return
        wait_s: float | None = None
        acquired = 0
        for _ in heavy:
            wait_s = throttle.acquire(runner_id, time.monotonic())
            if wait_s is not None:
                break
            acquired += 1
        try:
            if wait_s is not None:
                execution.result = _slow_down(context, wait_s)
            yield
        finally:
            for _ in range(acquired):
                throttle.release(runner_id)


def _operation(
    document: DocumentNode | None, operation_name: str | None
) -> OperationDefinitionNode | None:
    if document is None:
        return None
    return next(
        (
            definition
            for definition in document.definitions
            if isinstance(definition, OperationDefinitionNode)
            and (
                operation_name is None
                or (definition.name and definition.name.value == operation_name)
            )
        ),
        None,
    )


def _slow_down(context: Context, wait_s: float) -> ExecutionResult:
    retry_after = max(1, math.ceil(wait_s))
    if isinstance(context.response, Response):
        context.response.status_code = HTTP_TOO_MANY_REQUESTS
        context.response.headers["Retry-After"] = str(retry_after)
    message = (
        "Slow down: too many uploads, imports or plan changes at once or in the last minute; "
        f"try again in {retry_after} s."
    )
    error = GraphQLError(
        message, extensions={"code": "SLOW_DOWN", "retryAfterSeconds": retry_after}
    )
    return ExecutionResult(data=None, errors=[error])
