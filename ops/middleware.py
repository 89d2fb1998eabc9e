"""Middleware that must run before everything else (first in MIDDLEWARE)."""

import contextlib
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from ops.request_id import HEADER, current_request_id, request_id_from
from ops.views import healthz

HEALTHZ_PATH = "/healthz"


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
