"""Structured JSON logs and Prometheus metrics, owned by one app instance."""

from __future__ import annotations

import logging
import platform
import sys
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info, generate_latest
from pymongo import monitoring

from app import __version__

_RESERVED = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}

MAX_FIELD_CHARS = 500
"""Longest text field of a log line: a client can name its operation with 900 kB."""


def truncated(value: object) -> object:
    """`value`, with a text cut to `MAX_FIELD_CHARS` and its full length said."""
    if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
        return f"{value[:MAX_FIELD_CHARS]}... ({len(value)} characters)"
    return value


@dataclass(slots=True)
class RequestRecord:
    """What the log line of one request says; its GraphQL operations add theirs as they run."""

    request_id: str
    websocket: bool = False
    operations: list[dict[str, Any]] = field(default_factory=list)


current_request: ContextVar[RequestRecord | None] = ContextVar("current_request", default=None)


def log_timestamp(created: float) -> str:
    """A log record's time: UTC, to the millisecond, ISO 8601 with a `Z`."""
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Render the record as a JSON line."""
        entry: dict[str, Any] = {
            "ts": log_timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": truncated(record.getMessage()),
        }
        request = current_request.get()
        if request is not None:
            entry["request_id"] = request.request_id
        entry.update({k: truncated(v) for k, v in record.__dict__.items() if k not in _RESERVED})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def configure_logging(level: str) -> None:
    """Send every log record to stderr as JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # The per-request line is ours; uvicorn's access log would duplicate it.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


class Metrics:
    """The Prometheus metrics of one app; a registry each, so tests can build many apps."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.graphql_requests = Counter(
            "cadence_graphql_requests",
            "GraphQL operations by operation type and outcome",
            ["operation_type", "outcome"],
            registry=self.registry,
        )
        self.graphql_latency = Histogram(
            "cadence_graphql_request_duration_seconds",
            "GraphQL operation latency by operation type and outcome",
            ["operation_type", "outcome"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        self.db_commands = Counter(
            "cadence_db_commands",
            "Database commands by command name and outcome",
            ["command", "outcome"],
            registry=self.registry,
        )
        self.db_latency = Histogram(
            "cadence_db_command_duration_seconds",
            "Database command latency by command name",
            ["command"],
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
            registry=self.registry,
        )
        self.websocket_connections = Gauge(
            "cadence_websocket_connections",
            "WebSocket connections open now",
            registry=self.registry,
        )
        self.subscriptions = Gauge(
            "cadence_subscriptions",
            "GraphQL subscriptions running now, by field",
            ["field"],
            registry=self.registry,
        )
        self.events_delivered = Counter(
            "cadence_subscription_events_delivered",
            "Events sent to subscribers, by subscription field",
            ["field"],
            registry=self.registry,
        )
        Info("cadence_build", "The running build", registry=self.registry).info(
            {"version": __version__, "python": platform.python_version()}
        )

    def observe_operation(self, operation_type: str, outcome: str, seconds: float) -> None:
        """Count one GraphQL operation and its latency."""
        self.graphql_requests.labels(operation_type, outcome).inc()
        self.graphql_latency.labels(operation_type, outcome).observe(seconds)

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)


class CommandMetrics(monitoring.CommandListener):
    """Counts and times database commands by name (PyMongo command monitoring)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        """Nothing to do when a command starts."""

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        """Count a successful command and its latency."""
        self.metrics.db_commands.labels(event.command_name, "success").inc()
        self.metrics.db_latency.labels(event.command_name).observe(event.duration_micros / 1e6)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        """Count a failed command and its latency."""
        self.metrics.db_commands.labels(event.command_name, "error").inc()
        self.metrics.db_latency.labels(event.command_name).observe(event.duration_micros / 1e6)
