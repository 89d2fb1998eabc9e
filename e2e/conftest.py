"""End-to-end fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright never downloads a browser here: it launches the system Chromium by path. Tests are skipped with a
one-line reason when that binary is missing (CI installs it and runs with NO_SKIP=1, so nothing is skipped there).
"""

import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import AbstractBaseUser

from e2e.sessions import logged_in_pages

# Playwright's sync API runs an event loop in this thread; the ORM calls our tests make in between are still
# plain synchronous calls, so Django's async-safety guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Pages follow Accept-Language: English, whatever the machine's locale, unless a test asks for Russian.
    "--lang=en-US",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in str(item.path.parent.name) or item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("needs Chromium: apt-get install chromium (end-to-end tests)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def logged_in(browser, live_server) -> Iterator[Callable[[AbstractBaseUser], object]]:
    """`logged_in(user)` gives a Playwright page in a fresh browser context with that user's session."""
    with logged_in_pages(browser, live_server.url) as make:
        yield make
