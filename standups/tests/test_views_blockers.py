"""The open-blockers panel: on the board page (right after its head) and the stand-up page; anyone resolves."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from standups.models import Blocker
from standups.services import blocker_resolve, standup_entry_save
from standups.tests.conftest import MONDAY

BOARD = "/b/apollo/board/"
PANEL = "/b/apollo/standups/blockers/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def resolve_url(blocker):
    return f"{PANEL}{blocker.pk}/resolve/"


@pytest.fixture
def blocker(team, sprint):
    login = team.board.items.get(title="Login")
    standup_entry_save(acting=team.dev, day=MONDAY, blockers=f"Review of #{login.pk} <em>pending</em>")
    return Blocker.objects.get()


def test_the_board_page_shows_open_blockers_right_after_its_head_in_its_live_scope(team, blocker):
    html = client_for(team.po.user).get(BOARD).content.decode()
    head_end = html.index("</div>", html.index('class="page-head"'))
    live_scope = html.index('<div class="board-live" data-live-topic="board:apollo">')
    assert head_end < live_scope < html.index('id="open-blockers"') < html.index('id="board-scope"')
    panel = html.split('id="open-blockers"', 1)[1].split("</section>", 1)[0]
    assert f"Review of #{blocker.item_id} &lt;em&gt;pending&lt;/em&gt;" in panel and "<em>pending" not in html
    assert f'href="/b/apollo/items/{blocker.item_id}/"' in panel
    assert 'data-live-refresh="blocker.raised blocker.resolved blocker.dropped"' in panel
    assert '<span class="count" data-testid="open-blockers-count">1</span>' in panel


def test_a_resolved_blocker_leaves_the_board_page(team, blocker):
    blocker_resolve(acting=team.sm, blocker=blocker)
    html = client_for(team.po.user).get(BOARD).content.decode()
    assert "No open blockers." in html and "pending" not in html


def test_anyone_on_the_board_resolves_through_htmx_and_gets_the_panel_back(team, blocker):
    response = client_for(team.po.user).post(resolve_url(blocker), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="open-blockers"') and "No open blockers." in html
    stored = Blocker.objects.get()
    assert (stored.resolved_by, stored.is_open) == (team.po.user, False)


def test_resolving_without_javascript_goes_back_to_the_page_it_came_from(team, blocker):
    response = client_for(team.dev.user).post(resolve_url(blocker), {"next": "/b/apollo/standups/"})
    assert (response.status_code, response.url) == (302, "/b/apollo/standups/")
    response = client_for(team.dev.user).post(resolve_url(blocker), {"next": "https://evil.example/"})
    assert response.status_code == 409


def test_resolving_twice_is_409_with_the_message_in_the_panel(team, blocker):
    client_for(team.sm.user).post(resolve_url(blocker), **HTMX)
    response = client_for(team.dev.user).post(resolve_url(blocker), **HTMX)
    assert response.status_code == 409
    assert "already resolved by sam" in response.content.decode()


def test_a_plain_redirect_never_leaves_the_site(team, blocker):
    response = client_for(team.dev.user).post(resolve_url(blocker), {"next": "https://evil.example/"})
    assert (response.status_code, response.url) == (302, BOARD)


def test_the_panel_partial_and_resolve_are_members_only(team, blocker):
    assert Client().get(PANEL).status_code == 302
    outsider = client_for(team.outsider)
    assert outsider.get(PANEL).status_code == 404
    assert outsider.post(resolve_url(blocker), **HTMX).status_code == 404
    assert client_for(team.dev.user).get(PANEL, **HTMX).status_code == 200
    assert Blocker.objects.get().is_open


def test_the_panel_answers_htmx_alone_and_sends_a_plain_visit_to_the_stand_up(team, blocker):
    client = client_for(team.dev.user)
    response = client.get(PANEL, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="open-blockers"') and "<html" not in html
    assert "pending" in html and "HX-Request" in response["Vary"]
    response = client.get(PANEL)
    assert (response.status_code, response.url) == (302, "/b/apollo/standups/")
    assert "HX-Request" in response["Vary"]


def test_the_panel_shows_twenty_and_says_how_many_more(team, sprint):
    standup_entry_save(acting=team.dev, day=MONDAY, blockers="\n".join(f"Blocker {n:02}" for n in range(25)))
    html = client_for(team.dev.user).get(PANEL, **HTMX).content.decode()
    assert html.count('class="blocker"') == 20
    assert "Blocker 19" in html and "Blocker 20" not in html
    assert ">25</span>" in html and "And 5 more" in html


def test_the_board_page_costs_the_same_queries_for_1_or_30_open_blockers(team, blocker):
    client = client_for(team.dev.user)
    with CaptureQueriesContext(connection) as few:
        client.get(BOARD)
    standup_entry_save(acting=team.sm, day=MONDAY, blockers="\n".join(f"Blocker {n}" for n in range(29)))
    with CaptureQueriesContext(connection) as many:
        assert ">30</span>" in client.get(BOARD).content.decode()
    assert len(many) == len(few)
