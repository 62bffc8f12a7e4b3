"""Structured JSON logs and Prometheus metrics, owned by one app instance."""

from __future__ import annotations

import logging
import sys
from typing import Any

import orjson
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from pymongo import monitoring

_RESERVED = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}

MAX_FIELD_CHARS = 500
"""Longest text field of a log line: a client can name its operation with 900 kB."""


def truncated(value: object) -> object:
    """`value`, with a text cut to `MAX_FIELD_CHARS` and its full length said."""
    if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
        return f"{value[:MAX_FIELD_CHARS]}... ({len(value)} characters)"
    return value


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Render the record as a JSON line."""
        entry: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": truncated(record.getMessage()),
        }
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

    def observe_operation(self, operation_type: str, outcome: str, seconds: float) -> None:
        """Count one GraphQL operation and its latency."""
        self.graphql_requests.labels(operation_type, outcome).inc()
        self.graphql_latency.labels(operation_type, outcome).observe(seconds)

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)


class CommandMetrics(monitoring.CommandListener):
    """Counts database commands by name and outcome (PyMongo command monitoring)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        """Nothing to do when a command starts."""

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        """Count a successful command."""
        self.metrics.db_commands.labels(event.command_name, "success").inc()

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        """Count a failed command."""
        self.metrics.db_commands.labels(event.command_name, "error").inc()
