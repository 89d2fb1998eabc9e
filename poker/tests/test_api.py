import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory
from poker import services
from poker.models import Vote


def url(session=None, action=""):
    base = "/api/v1/boards/apollo/poker/"
    if session is None:
        return base
    return f"{base}{session.pk}/{action + '/' if action else ''}"


def test_it_starts_a_session_with_the_given_items(team, items):
    response = api_as(team.sm.user).post(url(), {"items": [items[1].pk, items[0].pk]}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["item"]["id"] == items[1].pk
    assert [e["title"] for e in body["queue"]] == ["Login"]
    assert body["revealed"] is False


def test_a_developer_starting_a_session_is_forbidden(team, items):
    assert api_as(team.dev.user).post(url(), {}, format="json").status_code == 403


def test_starting_with_a_foreign_item_names_the_field(team, items):
    response = api_as(team.sm.user).post(url(), {"items": [BacklogItemFactory().pk]}, format="json")
    assert response.status_code == 400
    assert "items" in response.json()


def test_the_round_shows_who_voted_but_never_a_card_before_the_reveal(team, session):
    assert api_as(team.dev.user).post(url(session, "vote"), {"card": "13"}, format="json").status_code == 200
    body = api_as(team.po.user).get(url(session)).json()
    assert {v["username"]: v["voted"] for v in body["voters"]} == {"dave": True, "paula": False, "sam": False}
    assert body["cards"] is None
    assert body["my_card"] is None
    assert "'13'" not in str(body)  # the card as a value anywhere; an id may hold the digits 13
    assert api_as(team.dev.user).get(url(session)).json()["my_card"] == "13"


def test_cards_appear_once_revealed(team, session):
    api_as(team.dev.user).post(url(session, "vote"), {"card": "coffee"}, format="json")
    api_as(team.po.user).post(url(session, "vote"), {"card": "5"}, format="json")
    body = api_as(team.sm.user).post(url(session, "reveal")).json()
    assert body["revealed"] is True
    assert sorted((c["username"], c["card"]) for c in body["cards"]) == [("dave", "coffee"), ("paula", "5")]
    assert body["stats"]["suggestion"] == 5
    assert body["stats"]["distribution"] == {"5": 1, "coffee": 1}


def test_a_card_outside_the_deck_is_400(team, session):
    response = api_as(team.dev.user).post(url(session, "vote"), {"card": "4"}, format="json")
    assert response.status_code == 400
    assert "card" in response.json()
    assert not Vote.objects.exists()


def test_every_deck_card_string_is_accepted(team, session):
    for card in ["1", "2", "3", "5", "8", "13", "20", "40", "100", "coffee", "infinity", "?"]:
        assert api_as(team.dev.user).post(url(session, "vote"), {"card": card}, format="json").status_code == 200


def test_a_vote_after_the_reveal_is_409(team, session):
    api_as(team.sm.user).post(url(session, "reveal"))
    assert api_as(team.dev.user).post(url(session, "vote"), {"card": "3"}, format="json").status_code == 409


def test_a_non_member_gets_404(team, session):
    assert api_as(team.outsider).get(url(session)).status_code == 404
    assert api_as(team.outsider).post(url(session, "vote"), {"card": "3"}, format="json").status_code == 404
    assert api_as(team.outsider).get(url()).status_code == 404


def test_anonymous_callers_are_refused(team, session):
    assert api_as().get(url(session)).status_code in (401, 403)


def test_a_developer_revealing_is_403(team, session):
    response = api_as(team.dev.user).post(url(session, "reveal"))
    assert response.status_code == 403
    assert "Scrum Master or the Product Owner" in response.json()["detail"]


def test_revote_accept_and_next(team, session, items):
    client = api_as(team.sm.user)
    client.post(url(session, "reveal"))
    assert client.post(url(session, "revote")).json()["round"] == 2
    client.post(url(session, "reveal"))
    body = client.post(url(session, "accept"), {"points": 8}, format="json").json()
    assert body["item"]["title"] == "Search"
    items[0].refresh_from_db()
    assert items[0].points == 8
    assert client.post(url(session, "next")).json()["item"]["title"] == "Export"


def test_accepting_an_off_deck_estimate_is_400(team, session):
    client = api_as(team.sm.user)
    client.post(url(session, "reveal"))
    response = client.post(url(session, "accept"), {"points": 7}, format="json")
    assert response.status_code == 400
    assert "points" in response.json()


def test_the_session_list_shows_results_in_constant_queries(team, items):
    client = api_as(team.sm.user)

    def list_queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url())
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()

    for _ in range(5):
        services.session_start(acting=team.sm, title="Quick")
    few, body = list_queries()
    assert body["count"] == 5
    assert body["results"][0]["results"][0]["title"] == "Quick"
    for _ in range(50):
        services.session_start(acting=team.sm, title="Quick")
    assert list_queries()[0] == few


def test_a_session_of_another_board_is_404(team, session):
    other = BacklogItemFactory()
    from boards.tests.factories import MembershipFactory

    boss = MembershipFactory(board=other.board, role="scrum_master")
    foreign = services.session_start(acting=boss)
    assert api_as(team.sm.user).get(url(foreign)).status_code == 404


@pytest.mark.parametrize("body", [{"countdown_seconds": 1}, {"items": "all"}])
def test_bad_start_input_names_the_field(team, items, body):
    response = api_as(team.sm.user).post(url(), body, format="json")
    assert response.status_code == 400
    assert next(iter(body)) in response.json()
