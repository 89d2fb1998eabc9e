"""Test support shared by the apps' race tests."""

import threading
from collections.abc import Callable
from html.parser import HTMLParser

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
