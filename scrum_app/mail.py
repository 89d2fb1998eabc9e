"""Outgoing e-mail (stand-in: sent in-process after the transaction commits; the background worker replaces it)."""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction


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
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers=headers or {})
    if html is not None:
        message.attach_alternative(html, "text/html")
    transaction.on_commit(message.send)
