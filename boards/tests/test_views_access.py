"""Every board page and action, for the two people who may not use it at all: anonymous visitors and outsiders."""

import pytest

from boards import services
from boards.models import BacklogItem, Board, Invitation, InvitationState, Membership
from boards.tests.conftest import HTMX
from boards.tests.factories import BacklogItemFactory

ENDPOINTS = [
    ("get", "/b/apollo/"),
    ("get", "/b/apollo/board/"),
    ("get", "/b/apollo/settings/"),
    ("post", "/b/apollo/settings/"),
    ("post", "/b/apollo/settings/members/"),
    ("post", "/b/apollo/settings/members/dave/role/"),
    ("post", "/b/apollo/settings/members/dave/remove/"),
    ("post", "/b/apollo/settings/invitations/{invitation}/revoke/"),
    ("post", "/b/apollo/items/new/"),
    ("get", "/b/apollo/items/{item}/"),
    ("post", "/b/apollo/items/{item}/"),
    ("get", "/b/apollo/items/{item}/edit/"),
    ("post", "/b/apollo/items/{item}/edit/"),
    ("post", "/b/apollo/items/{item}/move/"),
    ("post", "/b/apollo/items/{item}/status/"),
    ("get", "/b/apollo/items/{item}/delete/"),
    ("post", "/b/apollo/items/{item}/delete/"),
]
DATA = {
    "title": "Changed",
    "kind": "story",
    "status": "done",
    "position": "top",
    "username": "olga",
    "role": "developer",
}


@pytest.fixture
def item(team):
    return BacklogItemFactory(board=team.board, title="Untouched")


@pytest.fixture
def invitation(team):
    return services.invitation_create(acting=team.sm, username="eve")


def unchanged(team, item, invitation):
    assert Invitation.objects.get(pk=invitation.pk).state == InvitationState.INVITED
    item.refresh_from_db()
    assert (item.title, item.status) == ("Untouched", "todo")
    assert BacklogItem.objects.count() == 1
    assert Membership.objects.filter(board=team.board).count() == 3
    assert Board.objects.get(pk=team.board.pk).name == "Apollo"


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_anonymous_visitors_are_sent_to_log_in(team, item, invitation, client, method, url):
    url = url.format(item=item.pk, invitation=invitation.pk)
    response = getattr(client, method)(url, DATA)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    unchanged(team, item, invitation)


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_outsiders_get_404_as_if_the_board_did_not_exist(team, item, invitation, client_for, method, url, htmx):
    url = url.format(item=item.pk, invitation=invitation.pk)
    response = getattr(client_for(team.outsider), method)(url, DATA, **(HTMX if htmx else {}))
    assert response.status_code == 404
    unchanged(team, item, invitation)
