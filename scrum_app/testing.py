"""Test support shared by the apps' race and fault tests."""

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from html.parser import HTMLParser

from django.db import connection


def postgres_url(database: str | None = None) -> str:
    """A libpq URL of the test's PostgreSQL: its own database, or `database` on the same server (a script or a second
    connection reaches it by this, outside Django's connection)."""
    params = connection.settings_dict
    user, host, port = params["USER"] or "postgres", params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{database or params['NAME']}"


def all_at_once(calls: list[Callable[[], object]]) -> list[Exception]:
    """Run every call in its own thread, released together (each with its own database connection, closed after);
    returns the exceptions raised."""
    barrier = threading.Barrier(len(calls))
    errors: list[Exception] = []

    def run(call: Callable[[], object]) -> None:
        try:
            try:
                # Connect first: opening connections takes longer than the race window and would serialise the calls.
                connection.ensure_connection()
            except Exception:
                barrier.abort()  # the others would wait for this thread forever
                raise
            barrier.wait(timeout=60)
            call()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


class _FormReader(HTMLParser):
    """Collects what a browser would post for the form whose action ends with `action`."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action", "").endswith(self.action)
        elif not self.inside or "name" not in a:
            if tag == "option" and self.inside and self._select and "selected" in a:
                self.fields.append((self._select, a.get("value", "")))
        elif tag == "input" and (a.get("type") not in ("checkbox", "radio") or "checked" in a):
            if a.get("type") not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data


def form_data(html: str, action: str) -> dict[str, list[str]]:
    """What a browser would post from the page's form whose action ends with `action`, as {name: [values]}: the test
    client posts lists as repeated fields. Edit a value as a person would by replacing its list."""
    reader = _FormReader(action)
    reader.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    return data


class TcpGate:
    """A loopback TCP forwarder to a server (Redis) that a test can cut, as if the server died, and open again.

    Cut, it drops every connection it carries and closes each new one at once, as a restarting server does; frozen,
    it holds them open and passes nothing on, as a hung server does. The server itself is never touched (other tests
    use it)."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.is_open = True
        self.frozen = False
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

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                while self.frozen and self.is_open:  # a hung server: the bytes wait, nothing is answered
                    time.sleep(0.05)
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

    def freeze(self) -> None:
        """Keep every connection open but pass nothing on, in either direction: a server that hangs."""
        self.frozen = True

    def close(self) -> None:
        self.cut()
        self.listener.close()
