"""The bell, the notifications page, the e-mail settings page, and the item page's Watch button."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Membership
from boards.tests.conftest import HTMX, assert_sends_anonymous_visitors_to_log_in
from boards.tests.factories import BacklogItemFactory, BoardFactory
from notifications.models import EmailPreference, Notification, Watch
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/notifications/", "/notifications/settings/", "/notifications/bell/"])
def test_it_sends_anonymous_visitors_to_log_in(client, url):
    assert_sends_anonymous_visitors_to_log_in(client, url)


def test_every_logged_in_page_has_the_bell_following_my_own_topic(team, client_for):
    page = client_for(team.dev.user).get("/").content.decode()
    assert 'id="bell"' in page
    assert f'data-live-topic="user:{team.dev.user.pk}"' in page
    assert 'id="bell"' not in client_for(None).get("/accounts/login/").content.decode()


def test_the_bell_shows_my_unread_count_only(team, client_for):
    NotificationFactory(recipient=team.dev.user, board=team.board)
    NotificationFactory(recipient=team.dev.user, board=team.board, read_at="2026-01-01T00:00Z")
    NotificationFactory(recipient=team.sm.user, board=team.board)
    response = client_for(team.dev.user).get("/notifications/bell/", **HTMX)
    assert response.status_code == 200
    assert 'data-unread="1"' in response.content.decode()
    assert '<span class="bell-count">1</span>' in response.content.decode()
    # Opened as a page (a new tab): the list instead of a bare fragment.
    assert client_for(team.dev.user).get("/notifications/bell/")["Location"] == "/notifications/"


def test_the_list_shows_my_notifications_with_links_and_nobody_elses(team, client_for):
    item = BacklogItemFactory(board=team.board, title="Fix login")
    NotificationFactory(recipient=team.dev.user, board=team.board, item=item, actor=team.sm.user, text="Fix login")
    NotificationFactory(recipient=team.sm.user, board=team.board, text="Secret of Sam")
    page = client_for(team.dev.user).get("/notifications/").content.decode()
    assert "sam assigned an item to you" in page
    assert f'href="/b/apollo/items/{item.pk}/"' in page
    assert "Secret of Sam" not in page


def test_the_list_leaves_out_boards_i_left(team, client_for):
    NotificationFactory(recipient=team.dev.user, board=team.board, text="Of Apollo")
    Membership.objects.filter(pk=team.dev.pk).delete()
    assert "Of Apollo" not in client_for(team.dev.user).get("/notifications/").content.decode()


def test_hostile_text_is_escaped(team, client_for):
    NotificationFactory(recipient=team.dev.user, board=team.board, text="<script>alert(1)</script>")
    page = client_for(team.dev.user).get("/notifications/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_list_costs_the_same_queries_for_one_or_many(team, client_for):
    other = BoardFactory()
    Membership.objects.create(board=other, user=team.dev.user, role="developer")
    item = BacklogItemFactory(board=team.board)
    NotificationFactory(recipient=team.dev.user, board=team.board, item=item, actor=team.sm.user)
    client = client_for(team.dev.user)
    with CaptureQueriesContext(connection) as one:
        client.get("/notifications/")
    for n in range(20):
        NotificationFactory(recipient=team.dev.user, board=other if n % 2 else team.board, actor=team.po.user)
    with CaptureQueriesContext(connection) as many:
        client.get("/notifications/")
    assert len(many) == len(one)


def test_marking_one_read_answers_the_list_for_htmx_and_404_for_someone_elses(team, client_for):
    mine = NotificationFactory(recipient=team.dev.user, board=team.board)
    theirs = NotificationFactory(recipient=team.sm.user, board=team.board)
    client = client_for(team.dev.user)
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    response = client.post(f"/notifications/{mine.pk}/read/", **HTMX)
    assert response.status_code == 200
    assert 'id="notifications"' in response.content.decode()
    assert response["HX-Trigger"] == "notifications:read"
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_marking_all_read_without_javascript_comes_back_to_the_list(team, client_for):
    NotificationFactory(recipient=team.dev.user, board=team.board)
    response = client_for(team.dev.user).post("/notifications/read-all/")
    assert response["Location"] == "/notifications/"
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_settings_page_shows_every_kind_with_its_choice_and_saves(team, client_for):
    client = client_for(team.dev.user)
    page = client.get("/notifications/settings/").content.decode()
    assert 'name="assigned" value="immediately" aria-label="Items assigned to me: Immediately" checked' in page
    assert 'name="status" value="digest" aria-label="Status changes of items I watch: Daily digest" checked' in page
    response = client.post("/notifications/settings/", {"status": "never", "assigned": "digest"})
    assert response.status_code == 302
    assert dict(EmailPreference.objects.values_list("kind", "choice")) == {"status": "never", "assigned": "digest"}


def test_the_settings_page_refuses_a_bad_choice_and_says_so(team, client_for):
    response = client_for(team.dev.user).post("/notifications/settings/", {"status": "hourly"})
    assert response.status_code == 400
    assert "Choose one of" in response.content.decode()
    assert not EmailPreference.objects.exists()


def test_the_item_page_offers_watch_and_unwatch_to_every_member(team, client_for):
    item = BacklogItemFactory(board=team.board)
    client = client_for(team.po.user)
    url = f"/b/apollo/items/{item.pk}/"
    assert 'name="watch" value="1"' in client.get(url).content.decode()
    assert client.post(f"{url}watch/", {"watch": "1"})["Location"] == url
    assert Watch.objects.filter(user=team.po.user, item=item).exists()
    assert 'name="watch" value="0"' in client.get(url).content.decode()
    client.post(f"{url}watch/", {"watch": "0"})
    assert not Watch.objects.exists()


def test_outsiders_and_anonymous_cannot_watch(team, client_for):
    item = BacklogItemFactory(board=team.board)
    url = f"/b/apollo/items/{item.pk}/watch/"
    assert client_for(team.outsider).post(url, {"watch": "1"}).status_code == 404
    assert client_for(None).post(url, {"watch": "1"}).status_code == 302
    assert not Watch.objects.exists()
