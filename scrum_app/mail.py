"""Outgoing e-mail: queued in the request, sent by the background worker after the commit (docs/notifications.md).

A request never waits for the mail server, and an e-mail belongs to the transaction that wanted it: with the database
queue (TASKS_BACKEND=db) the task's row is written in that same transaction, so it is committed or rolled back with
the change it tells about, and a crash right after the commit loses nothing. Other backends (the immediate one of
`make run` and the tests) get the task after the commit. A send that fails (the mail server down, a timeout) is tried
again later, each wait twice the last, for about a day; the notification itself is in the database whatever happens.
"""

import logging
from datetime import timedelta
from functools import partial

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django_tasks_db import DatabaseBackend

logger = logging.getLogger(__name__)

# 1, 2, 4 … minutes, at most 6 hours apart: 12 attempts span about a day.
MAX_ATTEMPTS = 12
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number `attempt` (1-based)."""
    return min(FIRST_RETRY * 2 ** (attempt - 1), LONGEST_RETRY)


def send_mail_later(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str | None = None,
    headers: dict[str, str] | None = None,
    language: str | None = None,
) -> None:
    """Queue one e-mail, sent by the background worker after the current transaction commits (never if it
    rolls back). Uses settings.DEFAULT_FROM_EMAIL and the EMAIL_* settings."""
    if not to:
        return
    headers = dict(headers or {})
    if language:
        headers.setdefault("Content-Language", language)
    enqueue = partial(deliver_mail.enqueue, to=list(to), subject=subject, text=text, html=html, headers=headers)
    if isinstance(deliver_mail.get_backend(), DatabaseBackend):
        # The task's row joins the current transaction: the worker sees it only once that commits.
        enqueue()
    else:
        transaction.on_commit(enqueue)


@task
def deliver_mail(
    *, to: list[str], subject: str, text: str, html: str | None, headers: dict[str, str], attempt: int = 1
) -> None:
    """Send one e-mail; when that fails, queue the next attempt after a growing wait (and fail this one)."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers=headers or None)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            logger.exception("E-mail %r to %d recipients not sent after %d attempts", subject, len(to), attempt)
            raise
        logger.warning("E-mail %r not sent (attempt %d), trying again later", subject, attempt, exc_info=True)
        retry = deliver_mail
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + retry_delay(attempt))
        retry.enqueue(to=to, subject=subject, text=text, html=html, headers=headers, attempt=attempt + 1)
        raise
