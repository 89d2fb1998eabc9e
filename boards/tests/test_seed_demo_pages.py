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
from retros.models import Retro

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


def test_the_retro_list_shows_the_closed_retros_with_their_export(paula):
    page = text(paula.get("/b/demo/retros/"))
    assert "Sprint 3: Estimate together · Pluses / minuses / actions · Closed · Markdown" in page
    assert "Sprint 2: Shape the backlog · Start / stop / continue · Closed · Markdown" in page
    assert "Open a retro" not in page  # the Scrum Master's form


def test_the_closed_retro_summarises_cards_by_votes_and_its_actions(paula):
    retro = Retro.objects.get(sprint__number=3)
    page = text(paula.get(f"/b/demo/retros/{retro.pk}/"))
    assert "Summary Closed" in page and "Export as Markdown" in page
    minuses = page[page.index("Minuses") : page.index("Actions")]
    assert minuses.index("The stand-up ran over 15 minutes most days. anonymous · 3 votes") < minuses.index(
        "Moving items across columns started too late and did not make it. devon · 2 votes"
    )
    actions = page[page.rindex("Actions") :]
    assert "Pair on API stories so that none waits on one person devon · open" in actions
    assert "Start the 15-minute timebox at every stand-up sam · from “The stand-up ran over" in actions
    assert "Review items on the day they reach PO review paula · from “Items waited two days in PO review.” · done" in (
        actions
    )


def test_the_closed_retro_exports_as_markdown(paula):
    retro = Retro.objects.get(sprint__number=3)
    response = paula.get(f"/b/demo/retros/{retro.pk}/export/")
    assert response.status_code == 200
    markdown = response.content.decode()
    assert markdown.startswith("# Retrospective: Demo team, sprint 3\n")
    assert "- The stand-up ran over 15 minutes most days. (3 votes, anonymous)" in markdown
    assert "- [x] Review items on the day they reach PO review (paula)" in markdown
    assert "- [ ] Start the 15-minute timebox at every stand-up (sam)" in markdown


def test_the_board_lists_the_last_retros_open_actions_as_improvement_items(paula):
    page = text(paula.get("/b/demo/board/"))
    improvements = page[page.index("Improvement actions") :]
    assert "Pair on API stories so that none waits on one person devon · from Sprint 3: Estimate together" in (
        improvements
    )
    assert "Start the 15-minute timebox at every stand-up sam · from Sprint 3: Estimate together" in improvements
    assert "Review items on the day they reach PO review" not in improvements  # done


def test_the_scrum_master_opening_the_active_sprints_retro_reviews_those_actions(paula, client_for):
    sam = client_for(get_user_model().objects.get(username="sam"))
    with time_machine.travel(WEDNESDAY, tick=False):
        assert "Sprint 4: Sprint at a glance (active)" in text(sam.get("/b/demo/retros/"))
        response = sam.post("/b/demo/retros/", {"sprint": "4", "template": "start_stop_continue"})
        page = text(sam.get(response["Location"]))
    review = page[page.index("Last retro's actions") :]
    assert "Pair on API stories so that none waits on one person devon · Sprint 3: Estimate together" in review
    assert "Start the 15-minute timebox at every stand-up sam · Sprint 3: Estimate together" in review
    # The one ticked done during the sprint is listed too, as done, with nothing left to press.
    assert "Review items on the day they reach PO review paula · Sprint 3: Estimate together ✓ done by paula" in review
