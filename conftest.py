"""Persona fixtures shared by every app's tests: a board with its Product Owner, Scrum Master, a developer, and an
outsider who is on no board of theirs."""

import os
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractBaseUser

from boards.models import Board, Membership, Role
from boards.tests.factories import BoardFactory, MembershipFactory, UserFactory


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


@dataclass
class Team:
    board: Board
    po: Membership
    sm: Membership
    dev: Membership
    outsider: AbstractBaseUser


@pytest.fixture
def team(db) -> Team:
    board = BoardFactory(name="Apollo", slug="apollo")
    return Team(
        board=board,
        po=MembershipFactory(board=board, user=UserFactory(username="paula"), role=Role.PRODUCT_OWNER),
        sm=MembershipFactory(board=board, user=UserFactory(username="sam"), role=Role.SCRUM_MASTER),
        dev=MembershipFactory(board=board, user=UserFactory(username="dave"), role=Role.DEVELOPER),
        outsider=UserFactory(username="olga"),
    )


@pytest.fixture(autouse=True)
def _no_lost_live_topics():
    """A test whose publishes failed leaves its topics to be resynced by a thread of this process; the next test,
    on the same "board:apollo", would hear that resync. Each test starts and ends with none."""
    from live.bus import forget_lost_topics

    forget_lost_topics()
    yield
    forget_lost_topics()


@pytest.fixture(autouse=True)
def _no_cached_item_pages() -> None:
    """Each test starts with no cached items page: a board of an earlier test can have the same id and version."""
    from django.core.cache import caches

    caches["items_pages"].clear()


@pytest.fixture(autouse=True)
def _english_and_the_sites_zone():
    """Each test starts in English and the site's time zone. A request leaves its language (LocaleMiddleware never
    deactivates) and its user's zone active in the thread: the next test would read Russian, or Moscow time."""
    from django.utils import timezone, translation

    translation.deactivate()
    timezone.deactivate()
    yield
    translation.deactivate()
    timezone.deactivate()


def postgres_only() -> pytest.MarkDecorator:
    """Skip a test that needs PostgreSQL's row locks when the suite runs on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    return pytest.mark.skipif(
        not url.startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL: set DATABASE_URL=postgres://… (row locks and real concurrency)",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    """With NO_SKIP=1 (CI), a skipped test fails: CI must run everything, PostgreSQL and Chromium included."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("NO_SKIP") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under NO_SKIP=1: {report.longrepr}"
