"""ops.tracing: off without an OTLP endpoint; on, a request is a server span named by its route, and a JSON log line
written inside a span carries that span's trace id beside the request id."""

import json
import logging

import pytest
from django.conf import settings
from django.test import Client
from opentelemetry.instrumentation.django import DjangoInstrumentor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from ops.jsonlog import JsonFormatter, RequestIdFilter
from ops.tracing import setup_tracing

pytestmark = pytest.mark.django_db


@pytest.fixture
def spans():
    exporter = InMemorySpanExporter()
    provider = setup_tracing(exporter=exporter)
    try:
        yield exporter, provider
    finally:
        DjangoInstrumentor().uninstrument()


def test_without_an_endpoint_nothing_is_instrumented(monkeypatch):
    for name in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    before = list(settings.MIDDLEWARE)
    assert setup_tracing() is None
    assert before == settings.MIDDLEWARE


def test_a_request_is_a_server_span_named_by_its_route(spans, team):
    exporter, _provider = spans
    client = Client()  # made after instrumenting: it loads the middleware tracing added
    client.force_login(team.dev.user)
    assert client.get("/b/apollo/").status_code == 200
    [span] = [span for span in exporter.get_finished_spans() if span.attributes.get("http.route") == "b/<slug:slug>/"]
    assert span.kind.name == "SERVER"
    assert span.attributes.get("http.response.status_code", span.attributes.get("http.status_code")) == 200


def test_a_log_line_inside_a_span_carries_its_trace_id(spans):
    _exporter, provider = spans
    with provider.get_tracer("test").start_as_current_span("work") as span:
        record = logging.LogRecord("scrum", logging.WARNING, __file__, 1, "inside", None, None)
        RequestIdFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["trace_id"] == format(span.get_span_context().trace_id, "032x")
    outside = logging.LogRecord("scrum", logging.WARNING, __file__, 1, "outside", None, None)
    RequestIdFilter().filter(outside)
    assert "trace_id" not in json.loads(JsonFormatter().format(outside))
