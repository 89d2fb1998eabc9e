"""Test support: the real ASGI app (pages, static files and WebSockets) served by uvicorn on a loopback port.

pytest-django's live_server speaks WSGI only, so it cannot carry the /ws/ sockets that end-to-end tests of live pages
need. Ports come from LIVE_TEST_PORTS (default 8301-8309).

The server runs requests in several threads at once, which SQLite's shared in-memory test database answers with
"table is locked": tests on this server run on PostgreSQL (`live_server_db`).
"""

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from asgiref.sync import SyncToAsync
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connections

from e2e.sessions import logged_in_pages
from scrum_app.testing import TcpGate


def _free_port() -> int:
    first, _, last = os.environ.get("LIVE_TEST_PORTS", "8301-8309").partition("-")
    for port in range(int(first), int(last or first) + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for the ASGI test server")


class AsgiServer:
    def __init__(self) -> None:
        import uvicorn

        from scrum_app.asgi import application

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            ASGIStaticFilesHandler(application),
            host="127.0.0.1",
            port=self.port,
            ws="websockets-sansio",
            lifespan="off",
            log_level="warning",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        # Django runs each request in a thread of its own: let every one close its connection when done.
        self._max_age = connections.settings["default"].get("CONN_MAX_AGE", 0)
        connections.settings["default"]["CONN_MAX_AGE"] = 0
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the ASGI test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        # Views and consumers ran their ORM calls in asgiref's one sync thread: close its connections there.
        executor = SyncToAsync.single_thread_executor
        executor.submit(connections.close_all).result(timeout=10)
        connections.settings["default"]["CONN_MAX_AGE"] = self._max_age


def live_server_db() -> list[pytest.MarkDecorator]:
    """Marks for a test on the ASGI server: PostgreSQL (see above) and a committed test database."""
    from conftest import postgres_only

    return [postgres_only(), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asgi_server(transactional_db: None) -> Iterator[AsgiServer]:
    server = AsgiServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def asgi_logged_in(browser: object, asgi_server: AsgiServer) -> Iterator[Callable[[AbstractBaseUser], object]]:
    """`asgi_logged_in(user)` gives a Playwright page, in its own browser context, logged in as `user`."""
    with logged_in_pages(browser, asgi_server.url) as make:
        yield make


@pytest.fixture
def redis_gate() -> Iterator[TcpGate]:
    """A TcpGate in front of the test Redis (REDIS_URL_TEST's host and port)."""
    url = urlsplit(os.environ.get("REDIS_URL_TEST", "redis://127.0.0.1:6379/11"))
    gate = TcpGate(url.port or 6379, url.hostname or "127.0.0.1")
    yield gate
    gate.close()
