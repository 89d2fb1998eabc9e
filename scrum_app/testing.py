"""Test support shared by the apps' race tests."""

import threading
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
