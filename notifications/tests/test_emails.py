"""Notification e-mails: in the reader's language, escaped, with a one-click unsubscribe; the daily digest."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from accounts.models import Profile
from boards.tests.factories import BacklogItemFactory
from conftest import postgres_only
from notifications import services
from notifications.emails import send_digests, unsubscribe_token
from notifications.models import EmailPreference, Notification
from notifications.tasks import next_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """`sent(kind, recipient, actor, text, key)`: notify, commit, and return the outbox."""

    def make(team, *, kind="assigned", to=None, text="Fix login", key="k1", item=None):
        with django_capture_on_commit_callbacks(execute=True):
            services.notify(
                kind=kind,
                recipients=[to or team.dev.user],
                actor=team.sm.user,
                board_id=team.board.pk,
                item_id=item.pk if item else None,
                text=text,
                key=key,
            )
        return mail.outbox

    return make


def test_an_email_links_to_the_item_and_carries_a_one_click_unsubscribe(team, sent):
    item = BacklogItemFactory(board=team.board)
    [message] = sent(team, item=item)
    assert message.subject == "[Apollo] sam assigned an item to you"
    assert f"http://127.0.0.1:8000/b/apollo/items/{item.pk}/" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8000/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body
    assert Notification.objects.get().emailed_at is not None


def test_an_email_goes_in_the_readers_language(team, sent):
    Profile.objects.create(user=team.dev.user, language="ru")
    [message] = sent(team)
    assert message.subject == "[Apollo] sam назначил(а) вам задачу"
    assert message.extra_headers["Content-Language"] == "ru"
    assert "Открыть:" in message.body


def test_hostile_text_is_escaped_in_the_html_part(team, sent):
    [message] = sent(team, text='<img src=x onerror="alert(1)">')
    html = message.alternatives[0].content
    assert "<img" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_no_email_for_a_kind_set_to_never_or_digest(team, sent):
    EmailPreference.objects.create(user=team.dev.user, kind="assigned", choice="digest")
    assert sent(team) == []
    assert Notification.objects.count() == 1


def test_one_click_unsubscribe_sets_the_kind_to_never_without_login(team, client):
    url = f"/notifications/unsubscribe/{unsubscribe_token(user_id=team.dev.user.pk, kind='assigned')}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop e-mail of “Items assigned to me”?" in page.content.decode()
    assert not EmailPreference.objects.exists()  # a GET (a mail scanner following links) changes nothing
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert EmailPreference.objects.get(user=team.dev.user, kind="assigned").choice == "never"


@pytest.mark.parametrize("token", ["nonsense", unsubscribe_token(user_id=1, kind="assigned")[:-2] + "xx"])
def test_a_forged_unsubscribe_link_changes_nothing(team, client, token):
    assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 404
    assert not EmailPreference.objects.exists()


def test_the_digest_sends_each_pending_notification_once_and_only_digest_kinds(
    team, sent, django_capture_on_commit_callbacks
):
    sent(team, kind="status", text="Fix login → Done", key="s1")
    sent(team, kind="review", text="Search: Accepted", key="r1")
    EmailPreference.objects.create(user=team.dev.user, kind="review", choice="never")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
        assert send_digests() == 0  # nothing twice
    [message] = mail.outbox
    assert message.subject == "Your daily digest: 1 notification"
    assert "Fix login → Done" in message.body
    assert "Search: Accepted" not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_digest_leaves_out_what_was_read_and_boards_left(team, sent):
    sent(team, kind="status", text="Read already", key="s1")
    Notification.objects.update(read_at="2026-01-01T00:00Z")
    assert send_digests() == 0
    assert mail.outbox == []


def test_the_send_digests_command_says_how_many(team, sent, capsys):
    sent(team, kind="status", key="s1")
    call_command("send_digests")
    assert "1 digests queued." in capsys.readouterr().out


def test_the_next_daily_run_is_the_next_seven_oclock():
    import datetime as dt

    assert next_run(dt.datetime(2026, 12, 5, 6, 59, tzinfo=dt.UTC)).isoformat() == "2026-12-05T07:00:00+00:00"
    assert next_run(dt.datetime(2026, 12, 5, 7, 0, tzinfo=dt.UTC)).isoformat() == "2026-12-06T07:00:00+00:00"


@postgres_only()
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})
def test_scheduling_queues_one_daily_run_however_often_asked(capsys):
    from django_tasks_db.models import DBTaskResult

    call_command("send_digests", schedule=True)
    call_command("send_digests", schedule=True)
    assert DBTaskResult.objects.filter(task_path="notifications.tasks.daily_digests").count() == 1
    assert "Next daily digests" in capsys.readouterr().out
