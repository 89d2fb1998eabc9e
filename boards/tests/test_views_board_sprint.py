"""The Scrum board shows the active sprint's items, as teams expect; every item is one click away."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Status
from boards.tests.conftest import HTMX
from boards.tests.factories import BacklogItemFactory
from sprints import services as sprint_services


def start_sprint(team, *items, goal="Ship checkout"):
    sprint = sprint_services.sprint_create(acting=team.po, goal=goal)
    sprint_services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[i.pk for i in items])
    return sprint_services.sprint_start(acting=team.sm, sprint=sprint)


@pytest.fixture
def sprint_and_someday(team):
    """Sprint 1 ("Ship checkout") started with "Pay by card"; "Someday maybe" stays in the backlog."""
    in_sprint = BacklogItemFactory(board=team.board, title="Pay by card", points=3)
    BacklogItemFactory(board=team.board, title="Someday maybe")
    return start_sprint(team, in_sprint)


def test_with_an_active_sprint_it_shows_only_that_sprints_items(team, client_for, sprint_and_someday):
    html = client_for(team.dev.user).get("/b/apollo/board/").content.decode()
    assert "Pay by card" in html
    assert "Someday maybe" not in html
    assert "Sprint 1" in html
    assert "Ship checkout" in html
    assert 'href="/b/apollo/board/?scope=all"' in html


def test_scope_all_shows_every_item_and_a_way_back(team, client_for, sprint_and_someday):
    html = client_for(team.dev.user).get("/b/apollo/board/?scope=all").content.decode()
    assert "Pay by card" in html
    assert "Someday maybe" in html
    assert "Show only Sprint 1" in html
    # The live refresh and the move forms keep showing every item.
    assert 'hx-get="/b/apollo/board/?scope=all"' in html
    assert '<input type="hidden" name="scope" value="all">' in html


def test_without_an_active_sprint_it_shows_every_item(team, client_for):
    BacklogItemFactory(board=team.board, title="Someday maybe")
    html = client_for(team.dev.user).get("/b/apollo/board/").content.decode()
    assert "Someday maybe" in html
    assert "No sprint is active" in html


def test_a_move_answers_with_the_scope_the_page_showed(team, client_for):
    in_sprint = BacklogItemFactory(board=team.board, title="Pay by card", points=3)
    other = BacklogItemFactory(board=team.board, title="Someday maybe")
    start_sprint(team, in_sprint)
    client = client_for(team.dev.user)
    sprint_only = client.post(f"/b/apollo/items/{in_sprint.pk}/status/", {"status": Status.IN_PROGRESS}, **HTMX)
    assert "Someday maybe" not in sprint_only.content.decode()
    every = client.post(f"/b/apollo/items/{other.pk}/status/", {"status": Status.TESTING, "scope": "all"}, **HTMX)
    assert "Someday maybe" in every.content.decode()
    no_js = client.post(f"/b/apollo/items/{other.pk}/status/", {"status": Status.DONE, "scope": "all"})
    assert no_js["Location"] == "/b/apollo/board/?scope=all"


def test_the_sprint_board_runs_the_same_queries_for_5_and_200_items(team, client_for):
    first = [BacklogItemFactory(board=team.board, points=1) for _ in range(5)]
    start_sprint(team, *first)
    client = client_for(team.dev.user)
    with CaptureQueriesContext(connection) as few:
        client.get("/b/apollo/board/")
    sprint = first[0].board.sprints.get(number=1)
    more = [BacklogItemFactory(board=team.board, points=2) for _ in range(195)]
    sprint.items.add(*more)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/b/apollo/board/").content.decode()
    assert html.count('class="card"') == 200
    assert len(many.captured_queries) == len(few.captured_queries)
