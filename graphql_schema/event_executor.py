"""graphql-core's executor with subscription events that forget what they memoized.

graphql-core 3.3 runs each subscription event on a shallow copy of the subscription's
executor, so every event shares one `collect_subfields` memo keyed on the identity of that
event's own field lists: two entries an event for `sessionStatusChanged`, kept as long as the
subscription. 1,000 subscribers held for 10 minutes grew the API by about 4 MiB a minute,
all of it these entries (issue #15). Here each event gets a memo of its own, dropped with it,
as a query's execution does.
"""

from __future__ import annotations

from typing import Any

from graphql.execution.executor import Executor
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


class EventScopedExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor; a subscription event's memoized subfields live with the event."""

    def build_per_event_executor(self, payload: Any) -> Executor[Any]:
        """The event's executor, with a fresh subfield memo (not the subscription's)."""
        executor = super().build_per_event_executor(payload)
        if isinstance(executor, EventScopedExecutor):
            executor.forget_collected_subfields()
        return executor

    def forget_collected_subfields(self) -> None:
        """Start this executor's `collect_subfields` memo afresh."""
        self._relevant_sub_fields = {}
