"""What the boards' services tell people: assignments, watched items' status changes, invitations. Through the API,
as a client would; e-mail checked in the locmem outbox after the commit."""

import pytest
from django.core import mail

from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory
from notifications.models import Notification, Watch

pytestmark = pytest.mark.django_db
ITEMS = "/api/v1/boards/apollo/items/"


def test_creating_an_item_watches_it_and_notifies_its_assignee(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = api_as(team.sm).post(ITEMS, {"title": "Fix login", "assignee": "dave"}, format="json").json()
    assert set(Watch.objects.values_list("user__username", flat=True)) == {"sam", "dave"}
    [found] = Notification.objects.all()
    assert (found.kind, found.recipient, found.item_id, found.text) == (
        "assigned",
        team.dev.user,
        item["id"],
        "Fix login",
    )
    [message] = mail.outbox
    assert message.to == ["dave@example.com"]
    assert "sam assigned an item to you" in message.subject
    assert f"/b/apollo/items/{item['id']}/" in message.body


def test_the_same_assignment_sent_twice_is_one_notification_and_one_email(team, django_capture_on_commit_callbacks):
    item = BacklogItemFactory(board=team.board, title="Fix login")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert api_as(team.sm).patch(f"{ITEMS}{item.pk}/", {"assignee": "dave"}, format="json").status_code == 200
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_assigning_oneself_notifies_nobody_but_watches(team):
    item = BacklogItemFactory(board=team.board)
    api_as(team.dev).patch(f"{ITEMS}{item.pk}/", {"assignee": "dave"}, format="json")
    assert not Notification.objects.exists()
    assert Watch.objects.filter(user=team.dev.user, item=item).exists()


def test_a_status_change_notifies_the_watchers_but_not_who_changed_it(team):
    item = api_as(team.dev).post(ITEMS, {"title": "Fix login"}, format="json").json()  # dave watches
    api_as(team.po).put(f"{ITEMS}{item['id']}/watch/")
    api_as(team.sm).patch(f"{ITEMS}{item['id']}/", {"status": "in_progress"}, format="json")
    found = Notification.objects.filter(kind="status")
    assert sorted(found.values_list("recipient__username", flat=True)) == ["dave", "paula"]
    assert {n.text for n in found} == {"Fix login → In progress"}
    assert mail.outbox == []  # status changes go to the daily digest by default


def test_a_bulk_assignment_notifies_each_item_and_emails_the_assignee_once(team, django_capture_on_commit_callbacks):
    items = [BacklogItemFactory(board=team.board, title=f"Story {n}") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(team.sm).post(
            "/api/v1/boards/apollo/items/bulk-update/",
            {"ids": [i.pk for i in items], "set": {"assignee": "dave"}},
            format="json",
        )
    assert response.status_code == 200, response.json()
    assert Notification.objects.filter(recipient=team.dev.user, kind="assigned").count() == 3
    [message] = mail.outbox
    assert "3 new notifications" in message.subject


def test_inviting_an_existing_user_notifies_them_though_not_a_member(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(team.sm).post("/api/v1/boards/apollo/invitations/", {"username": "olga"}, format="json")
    assert response.status_code == 201, response.json()
    [found] = Notification.objects.all()
    assert (found.kind, found.recipient, found.text) == ("invited", team.outsider, "Apollo")
    assert api_as(team.outsider).get("/api/v1/notifications/").json()["count"] == 1
    assert len(mail.outbox) == 1


def test_inviting_a_name_nobody_has_notifies_nobody(team):
    api_as(team.sm).post("/api/v1/boards/apollo/invitations/", {"username": "ghost"}, format="json")
    assert not Notification.objects.exists()
