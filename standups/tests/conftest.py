"""A sprint in progress on Apollo, with time frozen on a Monday morning (the board works Monday to Friday, in UTC)."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from boards.tests.factories import BacklogItemFactory
from sprints import services as sprint_services

MONDAY = dt.date(2026, 3, 2)
MONDAY_9AM = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The small burndown is cached by the board's items version; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    """Frozen at 09:00 UTC on Monday 2 March 2026; `clock.move_to(...)` travels on."""
    with time_machine.travel(MONDAY_9AM, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sprint(team, clock):
    """Sprint 1, started this Monday (two weeks, to Sunday 15 March), with two estimated items."""
    items = [BacklogItemFactory(board=team.board, title=title, points=p) for title, p in (("Login", 5), ("Search", 3))]
    planned = sprint_services.sprint_create(acting=team.po, goal="Accounts")
    sprint_services.sprint_add_items(acting=team.po, sprint=planned, item_ids=[i.pk for i in items])
    return sprint_services.sprint_start(acting=team.sm, sprint=planned)
