"""OpenTelemetry tracing, off unless an OTLP endpoint is set (docs/operations.md, "Traces").

With OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT in the environment, every HTTP request becomes
a server span (Django's instrumentation: the route, the method, the status) sent in batches over OTLP/HTTP to that
collector; the exporter reads the other standard OTEL_* variables itself (headers, timeout, compression), and
OTEL_SERVICE_NAME names the service ("scrum-app"). Without them nothing is imported and nothing changes.

The JSON logs carry the current span's trace id beside the request id (ops.jsonlog), so a log line leads to its
trace and back. Set up in the WSGI and ASGI entry points, before Django loads its middleware (the instrumentation
adds one); under gunicorn that is in each worker, after the fork, so every worker has its own export thread.
"""

import os
from typing import Any

ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")


def tracing_configured() -> bool:
    return any(os.environ.get(name, "").strip() for name in ENDPOINT_VARIABLES)


def setup_tracing(*, exporter: Any = None) -> Any:
    """Instrument Django when an endpoint is configured, or with `exporter` (tests: an in-memory one, spans sent at
    once). Returns the tracer provider, or None when tracing is off."""
    if exporter is None and not tracing_configured():
        return None
    from opentelemetry import trace
    from opentelemetry.instrumentation.django import DjangoInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(
        resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", "scrum-app")})
    )
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        trace.set_tracer_provider(provider)  # once per process: the entry point's call
    else:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    DjangoInstrumentor().instrument(tracer_provider=provider)
    return provider


def current_trace_id() -> str | None:
    """The trace id of the span running now, as 32 hex digits (as collectors show it), or None outside a trace."""
    try:
        from opentelemetry import trace
    except ImportError:  # not installed: nothing traces
        return None
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None
