"""Prometheus metrics at `/metrics`, for the internal network only (docs/operations.md, "Metrics").

What is counted where it happens: requests by route, method and status, their latency and database queries (the
middleware here), open WebSockets and live events sent (live), login failures and throttles (accounts.throttle).
What is read when scraped: the background task queue (django-tasks-db's table), the health checks and the newest
backup (ops.models.BackupRecord).

Under gunicorn a process serves a request and another answers the scrape, so with PROMETHEUS_MULTIPROC_DIR set (the
entrypoint sets it) every process writes its samples to files there and the scrape adds them up (prometheus_client's
multiprocess mode); without it (make run, the tests) the process's own registry answers.

Who may scrape: a peer in METRICS_ALLOWED_IPS (loopback and the private networks by default), judged after
TrustedProxyMiddleware, so a request through nginx is judged by its real client. The public nginx sites refuse
/metrics outright too. Anyone else gets a 404, as for any page they may not see.
"""

import ipaddress
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from ops.health import current_health
from ops.middleware import HEALTHZ_PATH
from ops.models import BackupRecord

METRICS_PATH = "/metrics"

REQUESTS = Counter("scrum_http_requests", "HTTP requests answered.", ["route", "method", "status"])
LATENCY = Histogram(
    "scrum_http_request_duration_seconds",
    "Time to answer an HTTP request, in the app.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
QUERIES = Histogram(
    "scrum_db_queries_per_request",
    "Database queries one HTTP request ran.",
    ["route"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200),
)
WEBSOCKETS = Gauge("scrum_websockets_open", "WebSockets open now (live pages).", multiprocess_mode="livesum")
LIVE_EVENTS = Counter("scrum_live_events", "Live events sent to the channel layer, by topic kind.", ["kind"])
LOGIN_FAILURES = Counter("scrum_login_failures", "Logins refused for a wrong name or password.")
LOGIN_THROTTLED = Counter("scrum_login_throttled", "Logins refused by the failed-login limits (429).")


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def route_of(request: HttpRequest) -> str:
    """The URL pattern that answered (`api/v1/boards/<slug:slug>/items/`), never the path itself: one series per
    route however many boards and items there are."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return match.route
    if request.path_info.startswith(settings.STATIC_URL):
        return "static"
    return "healthz" if request.path_info.rstrip("/") == HEALTHZ_PATH else "unmatched"


class MetricsMiddleware:
    """Counts every request (after TrustedProxyMiddleware, before the rest) and answers /metrics to allowed peers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == METRICS_PATH:
            return metrics_view(request)
        started = time.perf_counter()
        queries = _QueryCounter()
        with connection.execute_wrapper(queries):
            response = self.get_response(request)
        route, method = route_of(request), request.method or "GET"
        LATENCY.labels(route, method).observe(time.perf_counter() - started)
        REQUESTS.labels(route, method, str(response.status_code)).inc()
        QUERIES.labels(route).observe(queries.count)
        return response


def may_scrape(address: str) -> bool:
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(peer in ipaddress.ip_network(network, strict=False) for network in settings.METRICS_ALLOWED_IPS)


def metrics_view(request: HttpRequest) -> HttpResponse:
    if request.method not in {"GET", "HEAD"} or not may_scrape(request.META.get("REMOTE_ADDR", "")):
        return HttpResponseNotFound()
    response = HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


def _registry() -> CollectorRegistry:
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(ReadAtScrape())
    return registry


class ReadAtScrape(Collector):
    """Samples that are the state of shared things, read once per scrape: the task queue and the health checks."""

    def describe(self) -> Iterator[GaugeMetricFamily]:
        # The names alone: registering must not read the database (prometheus_client would collect to learn them).
        yield GaugeMetricFamily("scrum_health_ok", "", labels=["check"])
        yield GaugeMetricFamily("scrum_tasks", "", labels=["status"])
        yield GaugeMetricFamily("scrum_backup_last_success_timestamp_seconds", "")

    def collect(self) -> Iterator[GaugeMetricFamily]:
        health = GaugeMetricFamily(
            "scrum_health_ok", "1 when the check passes (the checks of /healthz).", labels=["check"]
        )
        now = current_health()
        health.add_metric(["database"], 1.0 if now.database == "ok" else 0.0)
        health.add_metric(["redis"], 1.0 if now.redis in {"ok", "not configured"} else 0.0)
        yield health
        yield _task_queue()
        last = BackupRecord.objects.aggregate(last=Max("finished_at"))["last"]
        if last is not None:  # none yet: the series is absent, which the backup alert catches too
            yield GaugeMetricFamily(
                "scrum_backup_last_success_timestamp_seconds",
                "When the newest checked backup finished (deploy/backup.sh), in Unix seconds.",
                value=last.timestamp(),
            )


def _task_queue() -> GaugeMetricFamily:
    family = GaugeMetricFamily(
        "scrum_tasks",
        "Background tasks in the queue's table, by status (READY is the queue's depth).",
        labels=["status"],
    )
    if not apps.is_installed("django_tasks_db"):  # no queue in the database: the family, without samples
        return family
    # Imported here: installed only with the database queue (docs/notifications.md), and models load late.
    from django_tasks_db.models import DBTaskResult

    counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    for status in ("READY", "RUNNING", "FAILED", "SUCCESSFUL"):
        family.add_metric([status], float(counts.get(status, 0)))
    return family


if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    REGISTRY.register(ReadAtScrape())
