"""Test support: the real ASGI app (pages, static files and WebSockets) served by uvicorn on a loopback port.

pytest-django's live_server speaks WSGI only, so it cannot carry the /ws/ sockets that end-to-end tests of live pages
need. Ports come from LIVE_TEST_PORTS (default 8301-8309).

The server runs requests in several threads at once, which SQLite's shared in-memory test database answers with
"table is locked": tests on this server run on PostgreSQL (`live_server_db`).
"""

import contextlib
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from asgiref.sync import SyncToAsync
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connections

from e2e.sessions import logged_in_pages


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


class TcpGate:
    """A loopback TCP forwarder to a server (Redis) that a test can cut, as if the server died, and open again.

    Cut, it drops every connection it carries and closes each new one at once, as a restarting server does; the
    server itself is never touched (other tests use it)."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.is_open = True
        self._lock = threading.Lock()
        self._carried: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # the gate was closed
                return
            if not self.is_open:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._carried += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.is_open = False
        with self._lock:
            carried, self._carried = self._carried, []
        for end in carried:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def open(self) -> None:
        self.is_open = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture
def redis_gate() -> Iterator[TcpGate]:
    """A TcpGate in front of the test Redis (REDIS_URL_TEST's host and port)."""
    from urllib.parse import urlsplit

    url = urlsplit(os.environ.get("REDIS_URL_TEST", "redis://127.0.0.1:6379/11"))
    gate = TcpGate(url.port or 6379, url.hostname or "127.0.0.1")
    yield gate
    gate.close()
