"""Logged-in browser contexts for end-to-end tests, whatever server (WSGI live server or ASGI) the pages come from."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client


@contextmanager
def logged_in_pages(browser: object, base_url: str) -> Iterator[Callable[[AbstractBaseUser], object]]:
    """Yields `make(user)`: a Playwright page in a fresh context carrying that user's session; closes them all after.

    Any Content Security Policy violation a page reports on its console fails the test that opened it: a blocked
    inline style or script is a broken page that no assertion about its text would catch."""
    contexts = []
    violations: list[str] = []

    def make(user: AbstractBaseUser, **options: object) -> object:
        """`options` go to the browser context: `locale`, `timezone_id`, `viewport`…"""
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=base_url, **options)
        context.set_default_timeout(10_000)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
        context.on("console", lambda message: _note_csp_violation(message, violations))
        contexts.append(context)
        return context.new_page()

    try:
        yield make
    finally:
        for context in contexts:
            context.close()
    assert not violations, "Content Security Policy violations:\n" + "\n".join(violations)


def _note_csp_violation(message: object, violations: list[str]) -> None:
    if "Content Security Policy" in message.text:
        violations.append(f"{message.location.get('url', '')}: {message.text}")
