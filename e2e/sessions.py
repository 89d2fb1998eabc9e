"""Logged-in browser contexts for end-to-end tests, whatever server (WSGI live server or ASGI) the pages come from."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client


@contextmanager
def logged_in_pages(browser: object, base_url: str) -> Iterator[Callable[[AbstractBaseUser], object]]:
    """Yields `make(user)`: a Playwright page in a fresh context carrying that user's session; closes them all after."""
    contexts = []

    def make(user: AbstractBaseUser) -> object:
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=base_url)
        context.set_default_timeout(10_000)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
        contexts.append(context)
        return context.new_page()

    try:
        yield make
    finally:
        for context in contexts:
            context.close()
