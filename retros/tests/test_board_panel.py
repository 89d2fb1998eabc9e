"""The board page's panel of improvement actions (`{% improvement_actions board %}`) and its tick-done endpoint."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from retros import services
from retros.models import Action

HTMX = {"HX-Request": "true"}
PANEL = "/b/apollo/retros/actions/"


@pytest.fixture
def actions(team, retro, move_to):
    move_to(retro, "discuss")
    return [
        services.action_add(acting=team.sm, retro=retro, text="Fix <b>CI</b>", owner="dave"),
        services.action_add(acting=team.sm, retro=retro, text="Pair more", owner="paula"),
    ]


def test_the_board_page_lists_the_open_actions_and_follows_them_live(client, team, actions):
    services.action_mark(acting=team.dev, action=actions[1], done=True)
    client.force_login(team.dev.user)
    html = client.get("/b/apollo/board/").content.decode()
    panel = html[html.index('class="improvement-actions"') :]
    assert "Fix &lt;b&gt;CI&lt;/b&gt;" in panel and "<b>CI" not in panel
    assert "Pair more" not in panel
    assert '<section class="improvement-actions" data-live-topic="board:apollo"' in html
    assert 'data-live-refresh="retro.action"' in panel
    assert html.index('class="improvement-actions"') > html.index('class="board-live"')


def test_the_panel_partial_is_for_members_only(client, team, actions):
    assert client.get(PANEL).status_code == 302
    client.force_login(team.outsider)
    assert client.get(PANEL).status_code == 404
    assert client.post(f"{PANEL}{actions[0].pk}/done/").status_code == 404
    assert client.get(PANEL, headers=HTMX).status_code == 404
    client.force_login(team.po.user)
    response = client.get(PANEL, headers=HTMX)
    html = response.content.decode()
    assert html.strip().startswith('<div id="improvement-actions"')  # the partial, not the page
    assert "Pair more" in html and "HX-Request" in response["Vary"]


def test_a_plain_visit_to_the_panel_goes_to_the_board_page(client, team, actions):
    client.force_login(team.dev.user)
    response = client.get(PANEL)
    assert (response.status_code, response["Location"]) == (302, "/b/apollo/board/")
    assert "HX-Request" in response["Vary"]


def test_a_member_ticks_an_action_done_from_the_board(client, team, actions):
    client.force_login(team.dev.user)
    response = client.post(f"{PANEL}{actions[0].pk}/done/", headers=HTMX)
    assert response.status_code == 200
    assert "Fix &lt;b&gt;CI" not in response.content.decode()
    assert Action.objects.get(pk=actions[0].pk).state == "done"
    plain = client.post(f"{PANEL}{actions[1].pk}/done/")
    assert (plain.status_code, plain["Location"]) == (302, "/b/apollo/board/")
    assert "No open improvement actions." in client.get(PANEL, headers=HTMX).content.decode()


def test_the_board_page_takes_the_same_queries_for_1_or_30_actions(client, team, retro, move_to):
    move_to(retro, "discuss")
    services.action_add(acting=team.sm, retro=retro, text="First", owner="dave")
    client.force_login(team.dev.user)
    with CaptureQueriesContext(connection) as few:
        client.get("/b/apollo/board/")
    for i in range(29):
        services.action_add(acting=team.sm, retro=retro, text=f"Action {i}", owner="sam")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/b/apollo/board/").content.decode().count("data-action-id") == 30
    assert len(many) == len(few)
