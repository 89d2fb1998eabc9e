"""What a new user sees on the seeded demo: the pages that show the product all have something to show."""

import datetime as dt
import re
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

from boards.models import BacklogItem

WEDNESDAY = dt.datetime(2026, 3, 11, 14, tzinfo=dt.UTC)


@pytest.fixture
def paula(db, client_for):
    cache.clear()
    with time_machine.travel(WEDNESDAY, tick=False):
        call_command("seed_demo", stdout=StringIO())
        yield client_for(get_user_model().objects.get(username="paula"))
    cache.clear()


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_it_lists_three_closed_sprints_the_active_one_and_the_next(paula):
    page = text(paula.get("/b/demo/sprints/"))
    for number, state in ((5, "Planned"), (4, "Active"), (3, "Closed"), (2, "Closed"), (1, "Closed")):
        assert re.search(rf"Sprint {number}: .*? {state}", page)


def test_the_active_sprint_page_draws_a_remaining_line_and_the_scope_added(paula):
    response = paula.get("/b/demo/sprints/4/")
    points = re.search(r'class="line remaining" points="([^"]+)"', response.content.decode()).group(1)
    heights = [float(pair.split(",")[1]) for pair in points.split()]
    assert len(heights) >= 5 and heights[-1] > heights[0]  # SVG y grows downwards: the line descends
    bug = BacklogItem.objects.get(title="Board column counts are off by one")
    assert f"#{bug.pk} Board column counts are off by one added (+1 points)" in text(response)


def test_the_velocity_page_forecasts_from_the_closed_sprints(paula):
    page = text(paula.get("/b/demo/velocity/"))
    assert "Forecast for the next sprint: 20 points" in page
    assert "Sprint 3: 33 points committed Sprint 3: 28 points completed" in page


def test_the_stand_up_shows_who_spoke_and_the_open_blocker(paula):
    page = text(paula.get("/b/demo/standups/"))
    assert "Not spoken yet: paula, sam" in page
    assert "Open blockers 1" in page
    upgrade = BacklogItem.objects.get(title="Upgrade to Django 6.1")
    assert f"(#{upgrade.pk}) waits for a staging database" in page
    assert f"#{upgrade.pk} Upgrade to Django 6.1" in page
    history = text(paula.get("/b/demo/standups/history/"))
    assert "Tuesday 10 March 4" in history


def test_the_board_shows_the_sprint_and_its_blocker_panel(paula):
    page = text(paula.get("/b/demo/board/"))
    assert "Sprint 4 · Sprint at a glance" in page
    assert "Open blockers 1" in page
    assert "Over WIP limit" in page
