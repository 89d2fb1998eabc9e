"""Middleware that must run before everything else (first in MIDDLEWARE)."""

import contextlib
import ipaddress
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ops.request_id import HEADER, current_request_id, request_id_from
from ops.views import healthz

logger = logging.getLogger(__name__)

HEALTHZ_PATH = "/healthz"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# How long a client should wait before trying again after a 503 (PostgreSQL restarts in a few seconds).
RETRY_AFTER_SECONDS = 5
# Statements that change nothing: a read that ran only these may be run again on a fresh connection.
READ_STATEMENTS = ("SELECT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "SET ", "SHOW ")


class RequestIdMiddleware:
    """Gives every request an id (nginx's X-Request-ID, or a new one), echoes it back and tags its log lines."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.META)
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response


class TrustedProxyMiddleware:
    """Behind nginx, REMOTE_ADDR is nginx. When the peer is a trusted proxy, use the client address it reports in
    X-Real-IP (nginx overwrites it with $remote_addr, so a client cannot choose it) — login throttling per address
    depends on this. Any other peer is the client itself and its headers are ignored.

    TRUSTED_PROXY_IPS holds addresses or networks (CIDR): in Compose nginx has no fixed address, but only containers
    on the stack's network can reach the app."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted = [ipaddress.ip_network(entry, strict=False) for entry in settings.TRUSTED_PROXY_IPS]

    def _is_trusted(self, address: str) -> bool:
        try:
            peer = ipaddress.ip_address(address)
        except ValueError:  # a unix socket peer has no address: the proxy on the same host (systemd path)
            return bool(self.trusted) and address == ""
        return any(peer in network for network in self.trusted)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        real_ip = request.META.get("HTTP_X_REAL_IP", "").strip()
        if real_ip and self._is_trusted(request.META.get("REMOTE_ADDR", "")):
            with contextlib.suppress(ValueError):  # not an address: keep the peer's
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(real_ip))
        return self.get_response(request)


class HealthCheckMiddleware:
    """Answers /healthz before host validation and the HTTPS redirect: Docker's HEALTHCHECK and the deploy script
    probe http://localhost:8000/healthz, a host name production's ALLOWED_HOSTS rightly does not list."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.rstrip("/") == HEALTHZ_PATH and request.method in {"GET", "HEAD"}:
            return healthz(request)
        return self.get_response(request)


class DatabaseFaultMiddleware:
    """A database that is restarting, hung or overloaded answers 503 with Retry-After instead of a 500 (JSON under
    /api/, a page without database lookups elsewhere): OperationalError and InterfaceError are what psycopg raises
    for a lost connection, a refused or timed-out connect and a statement cancelled by statement_timeout.

    A read (GET or HEAD) whose connection was lost before it wrote anything runs once more on a fresh connection:
    a request caught by a PostgreSQL restart usually succeeds the second time. A write is never run twice (it may
    have committed before the connection went), and neither is a timed-out read (it would time out again)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.watchdog = WATCHDOG

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with self.watchdog.watching(request):
            if request.method not in SAFE_METHODS:
                return self.get_response(request)
            recorder = WriteRecorder()
            request.database_writes = recorder
            with connection.execute_wrapper(recorder):
                return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        cause = type(exception.__cause__ or exception).__name__
        if _close_if_lost() and self._may_run_again(request):
            logger.warning("database connection lost (%s) during %s; running it once more", cause, request.path)
            request.database_retried = True
            try:
                return _run_view_again(request)
            except (OperationalError, InterfaceError) as again:
                cause = type(again.__cause__ or again).__name__
                _close_if_lost()
        logger.warning("database unavailable (%s): %s %s answered 503", cause, request.method, request.path)
        return database_unavailable_response(request)

    @staticmethod
    def _may_run_again(request: HttpRequest) -> bool:
        recorder = getattr(request, "database_writes", None)
        return (
            recorder is not None
            and not recorder.wrote
            and not getattr(request, "database_retried", False)
            and not getattr(request, "database_stuck", False)  # it would wait as long again
            and not any(conn.in_atomic_block for conn in connections.all(initialized_only=True))
        )


class StuckDatabaseWatchdog:
    """PostgreSQL enforces statement_timeout itself, so a server frozen whole (stopped, its disk hung) never fires it
    and psycopg would wait on the socket until gunicorn kills the worker. A request still running
    DATABASE_STUCK_SECONDS after it started has its database socket shut: the statement it waits on fails as a lost
    connection, and the request answers 503 (without running again) while the worker is freed."""

    def __init__(self) -> None:
        self._watched: dict[int, tuple[float, Any, HttpRequest]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def watching(self, request: HttpRequest) -> Iterator[None]:
        limit = getattr(settings, "DATABASE_STUCK_SECONDS", 0)
        if not limit:
            yield
            return
        key = threading.get_ident()
        with self._lock:
            # connections["default"] is this thread's own connection: the one the request waits on.
            self._watched[key] = (time.monotonic() + limit, connections["default"], request)
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="db-watchdog", daemon=True)
                self._thread.start()
        try:
            yield
        finally:
            with self._lock:
                self._watched.pop(key, None)

    def _watch(self) -> None:
        while True:
            time.sleep(0.25)
            now = time.monotonic()
            with self._lock:  # held while shutting: a request that ends meanwhile waits, its socket is not reused
                for key, (deadline, wrapper, request) in list(self._watched.items()):
                    if now >= deadline:
                        del self._watched[key]
                        self._shut(wrapper, request)

    @staticmethod
    def _shut(wrapper: Any, request: HttpRequest) -> None:
        raw = wrapper.connection
        if raw is None:
            return
        request.database_stuck = True  # before the shutdown wakes the request up
        with contextlib.suppress(OSError, ValueError, AttributeError):
            duplicate = socket.socket(fileno=os.dup(raw.fileno()))
            try:
                duplicate.shutdown(socket.SHUT_RDWR)  # acts on the connection, which the original descriptor shares
            finally:
                duplicate.close()
            logger.warning(
                "database stuck: %s %s waited too long; its connection is shut", request.method, request.path
            )


# One watchdog (and one watching thread) per process. Django builds the middleware once per handler, and the test
# client builds a handler per client: a watchdog per middleware left a thread behind for every client made.
WATCHDOG = StuckDatabaseWatchdog()


class WriteRecorder:
    """An execute wrapper noting whether the request ran anything but reads."""

    def __init__(self) -> None:
        self.wrote = False

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict) -> Any:
        if not self.wrote and not sql.lstrip().upper().startswith(READ_STATEMENTS):
            self.wrote = True
        return execute(sql, params, many, context)


def _close_if_lost() -> bool:
    """Close the connections when the default one had been made and has since broken: whatever runs next (this
    request run again, the session's save, the next request) connects afresh. False when connecting failed or a
    statement was cancelled: running again would only wait out the same timeout."""
    raw = connection.connection
    if raw is None or not (getattr(raw, "broken", False) or getattr(raw, "closed", False)):
        return False
    for conn in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            conn.close()
    return True


def _run_view_again(request: HttpRequest) -> HttpResponse:
    match = request.resolver_match
    response = match.func(request, *match.args, **match.kwargs)
    # Rendered here, while a database error can still become a 503 (Django renders a response it gets from
    # process_exception only when the view itself failed, not when rendering did).
    if callable(getattr(response, "render", None)):
        response = response.render()
    return response


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After; the page is rendered without the request, so nothing on it asks the database."""
    # In the language the request asked for (its cookie or Accept-Language: nothing that reads the database), since
    # the database may have failed before LocaleMiddleware, inside this one, chose it.
    with translation.override(translation.get_language_from_request(request)):
        message = _("The database is not answering at the moment. Please try again in a few seconds.")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
