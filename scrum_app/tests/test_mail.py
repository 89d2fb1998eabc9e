"""scrum_app.mail: e-mail sent by the worker after the commit, never after a rollback, tried again when it fails."""

from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from conftest import postgres_only
from scrum_app.mail import MAX_ATTEMPTS, retry_delay, send_mail_later

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)


@pytest.mark.django_db
def test_it_sends_after_the_commit_with_headers_and_both_parts(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail_later(
            to=["dev@example.com"],
            subject="Hello",
            text="plain",
            html="<p>rich</p>",
            headers={"List-Unsubscribe": "<https://x/u/>"},
            language="ru",
        )
        assert mail.outbox == []
    [message] = mail.outbox
    assert message.to == ["dev@example.com"]
    assert message.subject == "Hello"
    assert message.body == "plain"
    assert message.alternatives[0].content == "<p>rich</p>"
    assert message.extra_headers["List-Unsubscribe"] == "<https://x/u/>"
    assert message.extra_headers["Content-Language"] == "ru"


@pytest.mark.django_db
def test_it_sends_nothing_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_mail_later(to=["dev@example.com"], subject="Hello", text="plain")
        raise RuntimeError
    assert callbacks == []
    assert mail.outbox == []


def test_it_waits_longer_after_each_failure_up_to_six_hours():
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3)] == [1, 2, 4]
    assert retry_delay(MAX_ATTEMPTS).total_seconds() == 6 * 3600


@postgres_only()
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_it_never_runs_a_task_queued_in_a_transaction_that_rolled_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail_later(to=["dev@example.com"], subject="Rolled back", text="plain")
        raise RuntimeError
    with transaction.atomic():
        send_mail_later(to=["dev@example.com"], subject="Committed", text="plain")
    assert mail.outbox == []  # the request sent nothing itself
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Committed"]
    assert DBTaskResult.objects.count() == 1


@postgres_only()
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_it_tries_a_failed_send_again_later_and_loses_nothing(time_machine):
    time_machine.move_to("2026-12-05 12:00Z", tick=False)
    send_mail_later(to=["dev@example.com"], subject="Flaky server", text="plain")
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("down")):
        run_worker()
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.args_kwargs["kwargs"]["attempt"] == 2
    assert waiting.run_after.isoformat() == "2026-12-05T12:01:00+00:00"

    run_worker()  # not yet due: nothing happens
    assert mail.outbox == []
    time_machine.move_to("2026-12-05 12:02Z", tick=False)
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Flaky server"]


@pytest.mark.django_db
def test_it_gives_up_after_the_last_attempt_and_says_so(caplog):
    with (
        mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("down")) as send,
        caplog.at_level("WARNING", logger="scrum_app.mail"),
        transaction.atomic(),
    ):
        from scrum_app.mail import deliver_mail

        deliver_mail.enqueue(to=["a@example.com"], subject="S", text="t", html=None, headers={})
    assert send.call_count == MAX_ATTEMPTS
    assert "not sent after 12 attempts" in caplog.text
