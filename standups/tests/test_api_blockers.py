"""GET /api/v1/boards/{slug}/blockers/?state= and POST …/blockers/{id}/resolve/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.tests.api_client import api_as
from boards.tests.factories import BoardFactory
from standups.models import Blocker
from standups.services import blocker_resolve, standup_entry_save
from standups.tests.conftest import MONDAY

LIST = "/api/v1/boards/apollo/blockers/"


def resolve_url(blocker):
    return f"{LIST}{blocker.pk}/resolve/"


@pytest.fixture
def raised(team, sprint):
    login = team.board.items.get(title="Login")
    standup_entry_save(acting=team.dev, day=MONDAY, blockers=f"Review of #{login.pk}\nStaging is down")
    return list(Blocker.objects.order_by("pk"))


def test_it_lists_open_blockers_paginated_with_who_raised_them_and_the_item(team, raised):
    body = api_as(team.po.user).get(f"{LIST}?state=open").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    first = body["results"][0]
    assert (first["text"], first["raised_by"], first["item"], first["state"]) == (
        raised[0].text,
        "dave",
        team.board.items.get(title="Login").pk,
        "open",
    )
    assert (first["resolved_by"], first["resolved_at"]) == (None, None)


def test_open_is_the_default_and_resolved_and_all_filter(team, raised):
    blocker_resolve(acting=team.sm, blocker=raised[1])
    client = api_as(team.dev.user)
    assert [b["text"] for b in client.get(LIST).json()["results"]] == [raised[0].text]
    resolved = client.get(f"{LIST}?state=resolved").json()["results"]
    assert [(b["text"], b["state"], b["resolved_by"]) for b in resolved] == [("Staging is down", "resolved", "sam")]
    assert client.get(f"{LIST}?state=all").json()["count"] == 2


def test_an_unknown_state_is_400_naming_state(team, raised):
    response = api_as(team.dev.user).get(f"{LIST}?state=closed")
    assert response.status_code == 400
    assert response.json() == {"state": ["state is one of open, resolved, all."]}


def test_anyone_on_the_board_resolves_a_blocker(team, raised):
    response = api_as(team.po.user).post(resolve_url(raised[0]))
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["resolved_by"]) == ("resolved", "paula")
    assert response.json()["resolved_at"] == "2026-03-02T09:00:00Z"


def test_resolving_an_already_resolved_blocker_is_409(team, raised):
    assert api_as(team.dev.user).post(resolve_url(raised[0])).status_code == 200
    again = api_as(team.sm.user).post(resolve_url(raised[0]))
    assert again.status_code == 409
    assert "already resolved by dave" in again.json()["detail"]


def test_a_blocker_of_another_board_is_404(team, raised):
    other = BoardFactory(slug="hermes")
    from boards.tests.factories import MembershipFactory

    MembershipFactory(board=other, user=team.dev.user)
    assert api_as(team.dev.user).post(f"/api/v1/boards/hermes/blockers/{raised[0].pk}/resolve/").status_code == 404
    assert api_as(team.dev.user).post(f"{LIST}999999/resolve/").status_code == 404
    assert Blocker.objects.filter(resolved_at__isnull=True).count() == 2


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("outsider", 404)])
def test_outsiders_and_anonymous_neither_list_nor_resolve(team, raised, who, status):
    user = {"anonymous": None, "outsider": team.outsider}[who]
    assert api_as(user).get(LIST).status_code == status
    assert api_as(user).post(resolve_url(raised[0])).status_code == status
    assert Blocker.objects.filter(resolved_at__isnull=True).count() == 2


def test_listing_costs_the_same_queries_for_2_or_40_blockers(team, raised):
    client = api_as(team.dev)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"{LIST}?state=all").json()["count"] == 2
    standup_entry_save(acting=team.sm, day=MONDAY, blockers="\n".join(f"Blocker {n}" for n in range(38)))
    blocker_resolve(acting=team.po, blocker=Blocker.objects.get(text="Blocker 7"))
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"{LIST}?state=all").json()["count"] == 40
    assert len(many) == len(few)
