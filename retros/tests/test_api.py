import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.tests.api_client import api_as
from boards.tests.factories import BoardFactory, MembershipFactory
from retros import services
from retros.models import Action, Card, Retro, Vote
from sprints.services import sprint_create

BASE = "/api/v1/boards/apollo/retros/"


def url(retro=None, rest=""):
    return BASE if retro is None else f"{BASE}{retro.pk}/{rest}"


@pytest.fixture
def writing(retro, move_to):
    return move_to(retro, "write")


@pytest.fixture
def voting(team, writing, move_to):
    cards = [
        services.card_add(acting=team.po, retro=writing, column="pluses", text="Pairing"),
        services.card_add(acting=team.dev, retro=writing, column="minuses", text="Flaky CI", anonymous=True),
    ]
    return move_to(writing, "vote"), cards


# --- list and open --------------------------------------------------------------------------------------------------


def test_it_opens_a_retro_for_the_scrum_master(team, sprint):
    response = api_as(team.sm).post(BASE, {"sprint": 1, "template": "mad_sad_glad", "hidden": True}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["sprint"], body["template"], body["hidden"], body["phase"]) == (1, "mad_sad_glad", True, "review")
    assert [c["key"] for c in body["columns"]] == ["mad", "sad", "glad"]
    assert body["votes_left"] == body["vote_budget"] == 2


@pytest.mark.parametrize("who", ["po", "dev"])
def test_others_opening_a_retro_are_403_naming_the_role(team, sprint, who):
    response = api_as(getattr(team, who)).post(BASE, {"sprint": 1}, format="json")
    assert response.status_code == 403
    assert "Scrum Master" in response.json()["detail"]


def test_a_second_retro_for_a_sprint_is_409(team, retro):
    response = api_as(team.sm).post(BASE, {"sprint": 1}, format="json")
    assert response.status_code == 409
    assert "already has a retro" in response.json()["sprint"][0]


@pytest.mark.parametrize(("body", "field"), [({"sprint": 7}, "sprint"), ({"sprint": 1, "template": "x"}, "template")])
def test_bad_input_when_opening_names_the_field(team, sprint, body, field):
    response = api_as(team.sm).post(BASE, body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_outsiders_and_anonymous_callers_are_kept_out(team, retro):
    assert api_as(team.outsider).get(BASE).status_code == 404
    assert api_as(team.outsider).get(url(retro)).status_code == 404
    assert api_as(team.outsider).post(BASE, {"sprint": 1}, format="json").status_code == 404
    assert api_as(None).get(url(retro)).status_code in (401, 403)


def test_a_retro_of_another_board_is_404(team, retro):
    other = BoardFactory(slug="zeus")
    MembershipFactory(board=other, user=team.dev.user)
    assert api_as(team.dev).get(f"/api/v1/boards/zeus/retros/{retro.pk}/").status_code == 404


def test_the_list_is_paginated_and_its_queries_do_not_grow(team, sprint):
    def add(n):
        for _ in range(n):
            number = sprint_create(acting=team.sm).number
            services.retro_open(acting=team.sm, sprint=number)

    client = api_as(team.dev)
    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(BASE).json()["count"] == 2
    add(20)
    with CaptureQueriesContext(connection) as many:
        body = client.get(BASE).json()
    assert body["count"] == 22
    assert [r["sprint"] for r in body["results"][:2]] == [23, 22]
    assert len(many) == len(few)


# --- phases ---------------------------------------------------------------------------------------------------------


def test_the_scrum_master_moves_the_phase_forward(team, retro):
    assert api_as(team.sm).post(url(retro, "phase/"), {}, format="json").json()["phase"] == "write"
    assert api_as(team.sm).post(url(retro, "phase/"), {"phase": "vote"}, format="json").json()["phase"] == "vote"
    back = api_as(team.sm).post(url(retro, "phase/"), {"phase": "write"}, format="json")
    assert back.status_code == 409
    assert "forward" in back.json()["phase"][0]


def test_a_developer_moving_the_phase_is_403(team, retro):
    response = api_as(team.dev).post(url(retro, "phase/"), {"phase": "vote"}, format="json")
    assert response.status_code == 403
    assert "Scrum Master" in response.json()["detail"]
    assert Retro.objects.get().phase == "review"


def test_an_unknown_phase_is_400_naming_phase(team, retro):
    response = api_as(team.sm).post(url(retro, "phase/"), {"phase": "party"}, format="json")
    assert response.status_code == 400
    assert "phase" in response.json()


# --- cards ----------------------------------------------------------------------------------------------------------


def test_a_member_writes_a_card(team, writing):
    response = api_as(team.dev).post(url(writing, "cards/"), {"column": "pluses", "text": "Demo went well"})
    assert response.status_code == 201
    assert response.json() | {"id": 0} == {
        "id": 0,
        "column": "pluses",
        "text": "Demo went well",
        "author": "dave",
        "anonymous": False,
        "mine": True,
        "my_votes": 0,
        "version": 1,
    }


def test_a_card_in_a_column_the_template_lacks_is_400_naming_column(team, writing):
    response = api_as(team.dev).post(url(writing, "cards/"), {"column": "glad", "text": "Yay"}, format="json")
    assert response.status_code == 400
    assert "column" in response.json()
    assert not Card.objects.exists()


def test_a_card_in_a_closed_retro_is_409(team, retro, move_to):
    move_to(retro, "closed")
    response = api_as(team.dev).post(url(retro, "cards/"), {"column": "pluses", "text": "Late"}, format="json")
    assert response.status_code == 409


def test_hidden_cards_are_absent_from_other_members_answers(team, writing):
    Retro.objects.filter(pk=writing.pk).update(hidden=True)
    api_as(team.dev).post(url(writing, "cards/"), {"column": "minuses", "text": "Secret gripe"}, format="json")
    body = api_as(team.po).get(url(writing)).json()
    assert "Secret gripe" not in str(body)
    assert [(c["key"], c["count"], c["cards"]) for c in body["columns"]][1] == ("minuses", 1, [])
    assert "Secret gripe" in str(api_as(team.dev).get(url(writing)).json())


def test_an_anonymous_card_never_names_its_author(team, voting):
    retro, _ = voting
    for member in (team.po, team.sm):
        card = api_as(member).get(url(retro)).json()["columns"][1]["cards"][0]
        assert (card["text"], card["author"], card["mine"]) == ("Flaky CI", None, False)
        assert "dave" not in str(card)
    own = api_as(team.dev).get(url(retro)).json()["columns"][1]["cards"][0]
    assert (own["author"], own["mine"]) == (None, True)


# --- votes ----------------------------------------------------------------------------------------------------------


def test_voting_over_the_budget_is_409_with_the_votes_left(team, voting):
    retro, (card, _) = voting
    vote_url = url(retro, f"cards/{card.pk}/vote/")
    first = api_as(team.dev).post(vote_url)
    assert (first.status_code, first.json()) == (201, {"card": card.pk, "my_votes": 1, "votes_left": 1})
    assert api_as(team.dev).post(vote_url).json()["votes_left"] == 0
    over = api_as(team.dev).post(vote_url)
    assert over.status_code == 409
    assert over.json()["votes_left"] == 0
    assert "0 votes left" in over.json()["detail"]
    assert Vote.objects.count() == 2


def test_a_vote_is_taken_back_with_delete(team, voting):
    retro, (card, _) = voting
    vote_url = url(retro, f"cards/{card.pk}/vote/")
    api_as(team.dev).post(vote_url)
    response = api_as(team.dev).delete(vote_url)
    assert (response.status_code, response.json()) == (200, {"card": card.pk, "my_votes": 0, "votes_left": 2})
    assert api_as(team.dev).delete(vote_url).status_code == 409


def test_voting_outside_the_vote_phase_is_409(team, writing):
    card = services.card_add(acting=team.po, retro=writing, column="pluses", text="Pairing")
    assert api_as(team.dev).post(url(writing, f"cards/{card.pk}/vote/")).status_code == 409


def test_votes_are_hidden_until_the_vote_ends(team, voting, move_to):
    retro, (card, other) = voting
    api_as(team.po).post(url(retro, f"cards/{other.pk}/vote/"))
    api_as(team.dev).post(url(retro, f"cards/{card.pk}/vote/"))
    cards = [c for col in api_as(team.dev).get(url(retro)).json()["columns"] for c in col["cards"]]
    assert [(c["text"], c["my_votes"], "votes" in c) for c in cards] == [("Pairing", 1, False), ("Flaky CI", 0, False)]
    move_to(retro, "discuss")
    cards = [c for col in api_as(team.dev).get(url(retro)).json()["columns"] for c in col["cards"]]
    assert [(c["text"], c["votes"]) for c in cards] == [("Pairing", 1), ("Flaky CI", 1)]


def test_from_discuss_on_each_columns_cards_come_most_voted_first(team, retro, move_to):
    move_to(retro, "write")
    for text in ("Pairing", "Short stand-ups"):
        services.card_add(acting=team.po, retro=retro, column="pluses", text=text)
    move_to(retro, "vote")
    later = Card.objects.get(text="Short stand-ups")
    api_as(team.dev).post(url(retro, f"cards/{later.pk}/vote/"))
    order = [c["text"] for c in api_as(team.po).get(url(retro)).json()["columns"][0]["cards"]]
    assert order == ["Pairing", "Short stand-ups"]  # during the vote the order tells nothing
    move_to(retro, "discuss")
    cards = api_as(team.po).get(url(retro)).json()["columns"][0]["cards"]
    assert [(c["text"], c["votes"]) for c in cards] == [("Short stand-ups", 1), ("Pairing", 0)]


def test_a_vote_on_a_card_not_in_the_retro_is_404(team, voting):
    retro, _ = voting
    response = api_as(team.dev).post(url(retro, "cards/999999/vote/"))
    assert response.status_code == 404
    assert "No such card" in response.json()["detail"]


# --- actions --------------------------------------------------------------------------------------------------------


def test_actions_are_agreed_with_an_owner_card_and_due_date(team, voting, move_to):
    retro, (card, _) = voting
    move_to(retro, "discuss")
    body = {"text": "Fix CI", "owner": "dave", "card": card.pk, "due": "2026-12-01"}
    response = api_as(team.sm).post(url(retro, "actions/"), body, format="json")
    assert response.status_code == 201
    got = response.json()
    assert (got["owner"], got["card"], got["due"], got["done"], got["state"]) == (
        "dave",
        card.pk,
        "2026-12-01",
        False,
        "open",
    )


def test_an_owner_who_is_not_a_member_is_400_naming_owner(team, retro, move_to):
    move_to(retro, "discuss")
    response = api_as(team.sm).post(url(retro, "actions/"), {"text": "Fix CI", "owner": "olga"}, format="json")
    assert response.status_code == 400
    assert "owner" in response.json()
    assert not Action.objects.exists()


def test_an_action_is_ticked_done_with_patch(team, retro, move_to):
    move_to(retro, "discuss")
    action = services.action_add(acting=team.sm, retro=retro, text="Fix CI", owner="dave")
    response = api_as(team.po).patch(url(retro, f"actions/{action.pk}/"), {"done": True}, format="json")
    assert response.status_code == 200
    assert response.json()["done"] is True
    assert api_as(team.outsider).patch(url(retro, f"actions/{action.pk}/"), {"done": False}).status_code == 404
    assert api_as(team.po).patch(url(retro, "actions/999999/"), {"done": False}).status_code == 404


def test_the_next_retro_reviews_and_carries_the_last_ones_actions(team, retro, move_to):
    move_to(retro, "discuss")
    old = services.action_add(acting=team.sm, retro=retro, text="Fix CI", owner="dave")
    move_to(retro, "closed")
    sprint_create(acting=team.sm)
    following = api_as(team.sm).post(BASE, {"sprint": 2}, format="json").json()
    assert [a["text"] for a in following["review"]] == ["Fix CI"]
    carry = api_as(team.dev).post(f"{BASE}{following['id']}/actions/{old.pk}/carry/")
    assert carry.status_code == 201
    assert (carry.json()["retro"], carry.json()["carried_from"]) == (following["id"], old.pk)
    again = api_as(team.sm).get(f"{BASE}{following['id']}/").json()
    # Still listed, as carried, with nothing left to do about it.
    assert [(a["text"], a["state"]) for a in again["review"]] == [("Fix CI", "carried")]
    assert [a["text"] for a in again["actions"]] == ["Fix CI"]
    patch = api_as(team.dev).patch(url(retro, f"actions/{old.pk}/"), {"done": True}, format="json")
    assert patch.status_code == 409


# --- export ---------------------------------------------------------------------------------------------------------


def test_a_closed_retro_exports_as_markdown_with_the_text_escaped(team, writing, move_to):
    services.card_add(acting=team.dev, retro=writing, column="pluses", text="<img src=x onerror=alert(1)> **wow**")
    move_to(writing, "closed")
    response = api_as(team.dev).get(url(writing, "export/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="retro-apollo-sprint-1.md"'
    text = response.content.decode()
    assert r"\<img src=x onerror=alert(1)\> \*\*wow\*\*" in text
    assert not re.search(r"(?<!\\)[<>*]", text)  # no markup character left unescaped


def test_an_open_retro_is_not_exported(team, retro):
    assert api_as(team.dev).get(url(retro, "export/")).status_code == 409
    assert api_as(team.outsider).get(url(retro, "export/")).status_code == 404


def test_a_script_asking_for_markdown_gets_it_and_its_errors_as_text(team, retro, move_to):
    markdown = {"HTTP_ACCEPT": "text/markdown"}
    refused = api_as(team.dev).get(url(retro, "export/"), **markdown)
    assert refused.status_code == 409
    assert refused["Content-Type"].startswith("text/markdown")
    assert "Only a closed retro is exported" in refused.content.decode()
    move_to(retro, "closed")
    response = api_as(team.dev).get(url(retro, "export/"), **markdown)
    assert (response.status_code, response["Content-Type"]) == (200, "text/markdown; charset=utf-8")
    assert response.content.decode().startswith("# Retrospective: Apollo, sprint 1")
    assert api_as(team.outsider).get(url(retro, "export/"), **markdown).status_code == 404
