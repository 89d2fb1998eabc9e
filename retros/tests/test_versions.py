"""Lost updates on retro cards and actions: ETag on GET, If-Match (412) and body version (409) on PATCH, and the
pages' Done buttons that carry the version they showed."""

import pytest
from django.test import Client

from boards.tests.api_client import api_as
from retros import services
from retros.models import Action, ActionState, Card

BASE = "/api/v1/boards/apollo/retros/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def card(team, retro, move_to):
    move_to(retro, "write")
    return services.card_add(acting=team.dev, retro=retro, column="pluses", text="Pairing")


@pytest.fixture
def action(team, retro, move_to):
    move_to(retro, "write")
    move_to(retro, "discuss")
    return services.action_add(acting=team.sm, retro=retro, text="Fix CI", owner="dave")


def card_url(card):
    return f"{BASE}{card.retro_id}/cards/{card.pk}/"


def action_url(action):
    return f"{BASE}{action.retro_id}/actions/{action.pk}/"


# --- cards ------------------------------------------------------------------------------------------------------


def test_it_answers_a_get_of_a_card_with_its_version_as_etag(team, card):
    response = api_as(team.dev).get(card_url(card))
    assert (response.status_code, response["ETag"]) == (200, '"1"')
    assert response.json()["text"] == "Pairing"


def test_its_author_edits_a_card_and_the_version_rises(team, card):
    response = api_as(team.dev).patch(card_url(card), {"text": "Pairing daily"}, format="json", HTTP_IF_MATCH='"1"')
    assert (response.status_code, response["ETag"]) == (200, '"2"')
    assert Card.objects.get().text == "Pairing daily"


def test_it_refuses_a_stale_card_edit_with_412_and_the_card_as_stored(team, card):
    services.card_edit(acting=team.dev, retro=card.retro, card=card, version=1, text="Pairing daily")
    response = api_as(team.dev).patch(card_url(card), {"column": "minuses"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert (response.json()["text"], response.json()["column"]) == ("Pairing daily", "pluses")
    assert Card.objects.get().column == "pluses"


def test_it_refuses_a_stale_card_version_in_the_body_with_409(team, card):
    services.card_edit(acting=team.dev, retro=card.retro, card=card, version=1, text="Pairing daily")
    response = api_as(team.dev).patch(card_url(card), {"text": "Mine", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["text"] == "Pairing daily"


def test_only_its_author_edits_a_card(team, card):
    response = api_as(team.po).patch(card_url(card), {"text": "Mine"}, format="json")
    assert response.status_code == 403
    assert Card.objects.get().text == "Pairing"


def test_a_card_hidden_while_writing_is_missing_to_the_others(team, sprint):
    retro = services.retro_open(acting=team.sm, sprint=sprint.number, hidden=True)
    services.retro_phase_move(acting=team.sm, retro=retro, phase="write")
    card = services.card_add(acting=team.dev, retro=retro, column="pluses", text="Secret")
    assert api_as(team.po).get(card_url(card)).status_code == 404
    assert api_as(team.dev).get(card_url(card)).status_code == 200


# --- actions ----------------------------------------------------------------------------------------------------


def test_it_answers_a_get_of_an_action_with_its_version_as_etag(team, action):
    response = api_as(team.po).get(action_url(action))
    assert (response.status_code, response["ETag"], response.json()["version"]) == (200, '"1"', 1)


def test_it_refuses_a_stale_if_match_on_an_action_with_412_and_the_action_as_stored(team, action):
    services.action_mark(acting=team.dev, action=action, done=True, version=1)
    services.action_mark(acting=team.dev, action=action, done=False, version=2)
    response = api_as(team.po).patch(action_url(action), {"done": True}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert (response.json()["state"], response.json()["version"]) == ("open", 3)
    assert Action.objects.get().state == ActionState.OPEN


def test_it_refuses_a_stale_action_version_in_the_body_with_409(team, action):
    services.action_mark(acting=team.dev, action=action, done=True, version=1)
    response = api_as(team.po).patch(action_url(action), {"done": False, "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["done"] is True


def test_it_marks_without_a_version_and_answers_the_new_etag(team, action):
    response = api_as(team.po).patch(action_url(action), {"done": True}, format="json")
    assert (response.status_code, response["ETag"]) == (200, '"2"')


def test_the_board_panels_done_button_carries_the_version_and_refuses_a_stale_one(team, action):
    client = Client()
    client.force_login(team.po.user)
    panel = client.get("/b/apollo/retros/actions/", **HTMX).content.decode()
    assert 'name="version" value="1"' in panel
    # Reopened after someone ticked it: the tick this page showed for version 1 must not close it again.
    services.action_mark(acting=team.dev, action=action, done=True, version=1)
    services.action_mark(acting=team.dev, action=action, done=False, version=2)

    response = client.post(f"/b/apollo/retros/actions/{action.pk}/done/", {"version": "1"}, **HTMX)

    assert response.status_code == 409
    assert "Someone else changed this action" in response.content.decode()
    assert Action.objects.get().state == ActionState.OPEN


def test_it_documents_the_card_and_action_stale_answers(team):
    paths = api_as(team.dev).get("/api/v1/schema/?format=json").json()["paths"]
    card = paths["/api/v1/boards/{slug}/retros/{retro_id}/cards/{card_id}/"]
    action = paths["/api/v1/boards/{slug}/retros/{retro_id}/actions/{action_id}/"]
    for operation in (card["patch"], action["patch"]):
        assert {"409", "412"} <= set(operation["responses"])
    assert "ETag" in card["get"]["responses"]["200"]["headers"]
