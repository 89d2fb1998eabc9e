"""Test support shared by the apps' race and fault tests."""

import contextlib
import socket
import threading
import time
from collections.abc import Callable

from django.db import connection


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
