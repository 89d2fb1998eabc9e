"""Who a comment tells: the members it mentions (at once by e-mail, by default), the item's watchers, never its
author; an edit tells only those it newly mentions; commenting watches the item. Through the API, as a client
would; e-mail checked in the locmem outbox after the commit."""

import pytest
from django.core import mail

from boards.tests.api_client import api_as
from notifications.models import Notification, Watch
from notifications.services import watch

pytestmark = pytest.mark.django_db


def comments_url(item):
    return f"/api/v1/boards/apollo/items/{item.pk}/comments/"


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_a_mention_is_one_notification_and_one_email_and_watchers_hear_of_the_comment(
    team, item, django_capture_on_commit_callbacks
):
    watch(user=team.sm.user, item_id=item.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(team.po).post(comments_url(item), {"text": "Can you look, @dave?"}, format="json")
    assert response.status_code == 201, response.content
    assert told("mention") == ["dave"]
    assert told("comment") == ["sam"]  # the watcher; not paula, who wrote it
    mention = Notification.objects.get(kind="mention")
    assert (mention.actor, mention.item_id, mention.text) == (team.po.user, item.pk, "Export")
    [message] = mail.outbox  # mentions are e-mailed at once; comments go to the daily digest
    assert message.to == ["dave@example.com"]
    assert "paula" in message.subject
    assert f"/b/apollo/items/{item.pk}/" in message.body
    assert Watch.objects.filter(user=team.po.user, item=item).exists()  # commenting watches


def test_a_mentioned_watcher_hears_once_as_a_mention(team, item):
    watch(user=team.dev.user, item_id=item.pk)
    api_as(team.po).post(comments_url(item), {"text": "@dave and @sam, a look?"}, format="json")
    assert told("mention") == ["dave", "sam"]
    assert told("comment") == []


def test_an_edit_tells_only_those_it_newly_mentions_and_no_watcher(team, item, django_capture_on_commit_callbacks):
    watch(user=team.sm.user, item_id=item.pk)
    client = api_as(team.po)
    with django_capture_on_commit_callbacks(execute=True):
        comment = client.post(comments_url(item), {"text": "Ping @dave"}, format="json").json()
        for text in ("Ping @dave again", "Ping @dave and @sam", "Ping @dave and @sam, fixed a typo"):
            assert (
                client.patch(f"{comments_url(item)}{comment['id']}/", {"text": text}, format="json").status_code == 200
            )
    assert told("mention") == ["dave", "sam"]
    assert told("comment") == ["sam"]  # once, for the new comment
    assert sorted(to for message in mail.outbox for to in message.to) == ["dave@example.com", "sam@example.com"]


def test_nobody_is_told_of_their_own_comment_nor_an_outsider_of_anything(team, item):
    api_as(team.dev).post(
        comments_url(item), {"text": "Note to self @dave, and @olga who is not a member"}, format="json"
    )
    assert Notification.objects.count() == 0
