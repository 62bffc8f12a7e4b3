"""OpenTelemetry tracing of requests, database commands and Redis, off unless OTEL_* asks.

Tracing is on when `OTEL_TRACES_EXPORTER` names an exporter (`otlp`, `console`, or several
separated by commas) and `OTEL_SDK_DISABLED` is not `true`. Everything else is the SDK's own
reading of the standard variables: `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`,
`OTEL_TRACES_SAMPLER`, `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_BSP_SCHEDULE_DELAY`, ...
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from starlette.applications import Starlette

from app.settings import SettingsError

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter

# The OTLP exporter this package ships speaks HTTP/protobuf.
_EXPORTER_ALIASES = {"otlp": "otlp_proto_http"}


class TracingSettingError(SettingsError):
    """`OTEL_TRACES_EXPORTER` names an exporter that is not installed."""


def exporter_names(environ: Mapping[str, str]) -> list[str]:
    """The exporters the environment asks for; empty when tracing is off."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return []
    names = [n.strip().lower() for n in environ.get("OTEL_TRACES_EXPORTER", "").split(",")]
    return [name for name in names if name and name != "none"]


def _exporter(name: str) -> SpanExporter:
    wanted = _EXPORTER_ALIASES.get(name, name)
    for entry in entry_points(group="opentelemetry_traces_exporter"):
        if entry.name == wanted:
            exporter: SpanExporter = entry.load()()
            return exporter
    msg = f"invalid setting OTEL_TRACES_EXPORTER: no exporter {name!r} (use otlp or console)"
    raise TracingSettingError(msg)


def start_tracing(app: Starlette, environ: Mapping[str, str]) -> TracerProvider | None:
    """Trace the app, PyMongo and Redis when the environment asks; the provider, or None."""
    names = exporter_names(environ)
    if not names:
        return None
    # Imported only when tracing is on: start-up stays as fast without it.
    from opentelemetry import trace  # noqa: PLC0415
    from opentelemetry.instrumentation.pymongo import PymongoInstrumentor  # noqa: PLC0415
    from opentelemetry.instrumentation.redis import RedisInstrumentor  # noqa: PLC0415
    from opentelemetry.instrumentation.starlette import StarletteInstrumentor  # noqa: PLC0415
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource  # noqa: PLC0415
    from opentelemetry.sdk.trace import TracerProvider  # noqa: PLC0415
    from opentelemetry.sdk.trace.export import BatchSpanProcessor  # noqa: PLC0415

    exporters = [_exporter(name) for name in names]
    resource = Resource.create(
        {} if environ.get("OTEL_SERVICE_NAME") else {SERVICE_NAME: "cadence"}
    )
    provider = TracerProvider(resource=resource)
    for exporter in exporters:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    StarletteInstrumentor.instrument_app(app, tracer_provider=provider)
    PymongoInstrumentor().instrument(tracer_provider=provider)
    RedisInstrumentor().instrument(tracer_provider=provider)
    return provider
