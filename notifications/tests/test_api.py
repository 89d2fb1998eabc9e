"""The notifications API: the caller's own notifications only, paginated; read one or all; e-mail settings; watch."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Membership
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory, BoardFactory
from notifications.models import EmailPreference, Notification, Watch
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


def test_it_lists_my_notifications_newest_first_in_the_contracts_shape(team):
    item = BacklogItemFactory(board=team.board, title="Fix login")
    older = NotificationFactory(recipient=team.dev.user, board=team.board, text="Older")
    newer = NotificationFactory(
        recipient=team.dev.user, board=team.board, item=item, actor=team.sm.user, text="Fix login"
    )
    NotificationFactory(recipient=team.sm.user, board=team.board, text="Not mine")
    response = api_as(team.dev).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [newer.pk, older.pk]
    assert body["results"][0] == {
        "id": newer.pk,
        "kind": "assigned",
        "board": "apollo",
        "item": item.pk,
        "actor": "sam",
        "text": "Fix login",
        "created_at": body["results"][0]["created_at"],
        "read": False,
    }


def test_unread_1_lists_only_the_unread(team):
    NotificationFactory(recipient=team.dev.user, board=team.board, text="Unread")
    read = NotificationFactory(recipient=team.dev.user, board=team.board, text="Read")
    api_as(team.dev).post(f"{URL}{read.pk}/read/")
    assert [r["text"] for r in api_as(team.dev).get(URL, {"unread": "1"}).json()["results"]] == ["Unread"]
    assert len(api_as(team.dev).get(URL, {"unread": "0"}).json()["results"]) == 2


def test_a_bad_unread_value_is_a_400_naming_it(team):
    response = api_as(team.dev).get(URL, {"unread": "perhaps"})
    assert response.status_code == 400
    assert "unread" in response.json()


def test_an_unknown_query_key_is_a_400_naming_it(team):
    response = api_as(team.dev).get(URL, {"board": "apollo"})
    assert response.status_code == 400
    assert "board" in response.json()


def test_notifications_of_a_board_i_left_are_not_listed(team):
    NotificationFactory(recipient=team.dev.user, board=team.board)
    Membership.objects.filter(pk=team.dev.pk).delete()
    assert api_as(team.dev).get(URL).json()["count"] == 0


def test_anonymous_is_401_everywhere(team):
    notification = NotificationFactory(recipient=team.dev.user, board=team.board)
    client = api_as(None)
    assert client.get(URL).status_code == 401
    assert client.post(f"{URL}{notification.pk}/read/").status_code == 401
    assert client.post(f"{URL}read-all/").status_code == 401
    assert client.get(f"{URL}settings/").status_code == 401


def test_marking_read_one_of_mine_and_404_for_anyone_elses(team):
    notification = NotificationFactory(recipient=team.dev.user, board=team.board)
    for other in (team.sm, team.po, team.outsider):
        assert api_as(other).post(f"{URL}{notification.pk}/read/").status_code == 404
    response = api_as(team.dev).post(f"{URL}{notification.pk}/read/")
    assert response.status_code == 200
    assert response.json()["read"] is True
    assert api_as(team.dev).post(f"{URL}{notification.pk}/read/").status_code == 200  # again: no change
    assert api_as(team.dev).post(f"{URL}99999999999999999999/read/").status_code == 404


def test_marking_read_refuses_a_body(team):
    notification = NotificationFactory(recipient=team.dev.user, board=team.board)
    response = api_as(team.dev).post(f"{URL}{notification.pk}/read/", {"read": False}, format="json")
    assert response.status_code == 400


def test_read_all_reads_only_mine(team):
    for _ in range(3):
        NotificationFactory(recipient=team.dev.user, board=team.board)
    NotificationFactory(recipient=team.sm.user, board=team.board)
    response = api_as(team.dev).post(f"{URL}read-all/")
    assert response.json() == {"read": 3}
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_the_list_costs_the_same_queries_for_one_or_many(team, django_assert_max_num_queries):
    other = BoardFactory()
    Membership.objects.create(board=other, user=team.dev.user, role="developer")
    item = BacklogItemFactory(board=team.board)
    NotificationFactory(recipient=team.dev.user, board=team.board, item=item, actor=team.sm.user)
    client = api_as(team.dev)
    client.get(URL)  # the token, once
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for _ in range(20):
        NotificationFactory(recipient=team.dev.user, board=other, item=item, actor=team.po.user)
    with django_assert_max_num_queries(len(one)):
        assert client.get(URL).json()["count"] == 21


def test_email_settings_read_and_change(team):
    client = api_as(team.dev)
    assert client.get(f"{URL}settings/").json()["assigned"] == "immediately"
    response = client.patch(f"{URL}settings/", {"status": "never", "assigned": "digest"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "never"
    assert response.json()["assigned"] == "digest"
    assert response.json()["mention"] == "immediately"
    assert EmailPreference.objects.filter(user=team.dev.user).count() == 2


@pytest.mark.parametrize(("body", "field"), [({"status": "hourly"}, "status"), ({"gossip": "never"}, "gossip")])
def test_bad_email_settings_are_a_400_naming_the_field(team, body, field):
    response = api_as(team.dev).patch(f"{URL}settings/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("who", ["po", "sm", "dev"])
def test_every_member_may_watch_and_unwatch_an_item(team, who):
    item = BacklogItemFactory(board=team.board)
    url = f"/api/v1/boards/apollo/items/{item.pk}/watch/"
    client = api_as(getattr(team, who))
    assert client.get(url).json() == {"watching": False}
    assert client.put(url).json() == {"watching": True}
    assert client.put(url).status_code == 200
    assert client.get(url).json() == {"watching": True}
    assert client.delete(url).json() == {"watching": False}
    assert not Watch.objects.exists()


def test_outsiders_and_anonymous_cannot_watch(team):
    item = BacklogItemFactory(board=team.board)
    url = f"/api/v1/boards/apollo/items/{item.pk}/watch/"
    assert api_as(team.outsider).put(url).status_code == 404
    assert api_as(None).put(url).status_code == 401
    foreign = BacklogItemFactory()
    assert api_as(team.dev).put(f"/api/v1/boards/apollo/items/{foreign.pk}/watch/").status_code == 404
    assert not Watch.objects.exists()
