"""Subscriptions in `/metrics`: how many run now and how many events they sent."""

from __future__ import annotations

import functools
from collections.abc import AsyncGenerator, Callable
from typing import Any, TypeVar

import strawberry

from graphql_schema.context import Context

T = TypeVar("T")


def counted(
    resolver: Callable[..., AsyncGenerator[T, None]],
) -> Callable[..., AsyncGenerator[T, None]]:
    """Count a subscription resolver while it runs and every event it hands to the client."""

    @functools.wraps(resolver)
    async def wrapper(*args: Any, **kwargs: Any) -> AsyncGenerator[T, None]:
        info: strawberry.Info[Context, None] = kwargs["info"]
        metrics = info.context.metrics
        name = info.field_name
        metrics.subscriptions.labels(name).inc()
        try:
            async for item in resolver(*args, **kwargs):
                metrics.events_delivered.labels(name).inc()
                yield item
        finally:
            metrics.subscriptions.labels(name).dec()

    return wrapper
