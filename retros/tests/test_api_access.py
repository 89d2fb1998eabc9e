"""Who reaches which retro endpoint: outsiders get 404 everywhere, anonymous callers 401, and the ids of another
board's retro, card or action are as missing as unknown ones, also to someone who is on both boards."""

import pytest

from boards.tests.api_client import api_as
from retros import services
from retros.models import Action, Card, Vote


@pytest.fixture
def apollo(team, retro, move_to):
    """Apollo's retro in its vote phase, with one card."""
    move_to(retro, "write")
    card = services.card_add(acting=team.po, retro=retro, column="pluses", text="Pairing")
    move_to(retro, "vote")
    return retro, card


def endpoints(retro, card, action):
    base = f"/api/v1/boards/apollo/retros/{retro}/"
    return [
        ("get", "/api/v1/boards/apollo/retros/", None),
        ("post", "/api/v1/boards/apollo/retros/", {"sprint": 1}),
        ("get", base, None),
        ("post", f"{base}phase/", {"phase": "discuss"}),
        ("post", f"{base}cards/", {"column": "pluses", "text": "x"}),
        ("post", f"{base}cards/{card}/vote/", None),
        ("delete", f"{base}cards/{card}/vote/", None),
        ("post", f"{base}actions/", {"text": "x", "owner": "dave"}),
        ("patch", f"{base}actions/{action}/", {"done": True}),
        ("post", f"{base}actions/{action}/carry/", None),
        ("get", f"{base}export/", None),
    ]


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_outsiders_get_404_and_anonymous_callers_401_everywhere(team, apollo, zeus, who):
    retro, card = apollo
    client = api_as(team.outsider if who == "outsider" else None)
    for method, path, body in endpoints(retro.pk, card.pk, zeus[2].pk):
        response = getattr(client, method)(path, body, format="json")
        assert response.status_code == (404 if who == "outsider" else 401), (method, path)
    assert Card.objects.count() == 2 and not Vote.objects.exists() and Action.objects.count() == 1


def test_another_boards_retro_card_and_action_are_404_to_a_member_of_both(team, apollo, zeus):
    retro, card = apollo
    their_retro, their_card, their_action = zeus
    client = api_as(team.dev)
    base = f"/api/v1/boards/apollo/retros/{retro.pk}/"
    for method, path in [
        ("get", f"/api/v1/boards/apollo/retros/{their_retro.pk}/"),
        ("get", f"/api/v1/boards/apollo/retros/{their_retro.pk}/export/"),
        ("post", f"{base}cards/{their_card.pk}/vote/"),
        ("delete", f"{base}cards/{their_card.pk}/vote/"),
        ("post", f"{base}cards/999999/vote/"),
        ("patch", f"{base}actions/{their_action.pk}/"),
        ("post", f"{base}actions/{their_action.pk}/carry/"),
    ]:
        body = {"done": True} if method == "patch" else None  # the others read no body (a body is a 400)
        response = getattr(client, method)(path, body, format="json")
        assert response.status_code == 404, (method, path)
    assert not Vote.objects.exists()
    assert Action.objects.get().state == "open"
