"""Notification e-mails: one at once, or a day's in a digest, in the recipient's language, with a one-click
unsubscribe from that kind (RFC 8058). Sent by the background worker (scrum_app.mail); docs/notifications.md.

E-mails carry what the notification shows in the app and a link to the page; that page still asks for a login and
checks the reader is a member. Everything a person typed is escaped in the HTML part.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from notifications.models import EmailChoice, EmailPreference, Notification, NotificationKind, default_email_choice
from notifications.texts import headline, link
from scrum_app.mail import send_mail_later

User = get_user_model()
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
# A digest tells of what happened since the last one; older notifications that no e-mail told of stay in the app.
DIGEST_REACH = timedelta(days=7)


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_target(token: str) -> tuple[int, str] | None:
    """(user id, kind) of a token this site signed, or None for anything else."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, kind = int(data["u"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (user_id, kind) if kind in NotificationKind.values else None


def _language(profile_language: str | None) -> str:
    return profile_language or settings.LANGUAGE_CODE


def _recipients(user_ids: Iterable[int]) -> dict[int, dict]:
    """{user id: {"email", "profile__language"}} of the active users with an address among `user_ids`."""
    rows = (
        User.objects.filter(pk__in=set(user_ids), is_active=True)
        .exclude(email="")
        .values("pk", "email", "profile__language")
    )
    return {row["pk"]: row for row in rows}


def _unsubscribe_headers(url: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _unsubscribe_url(user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def _entry(notification: Notification) -> dict[str, str]:
    return {
        "headline": headline(notification),
        "text": notification.text,
        "board": notification.board.name,
        "url": settings.SITE_URL + link(notification, notification.board.slug),
    }


def email_notifications(notifications: Iterable[Notification]) -> None:
    """Queue the e-mails of new notifications whose readers want their kind at once: one per reader, listing them
    when one action told a reader of several (a bulk edit). Each is marked as e-mailed."""
    ids = [n.pk for n in notifications]
    found = list(Notification.objects.filter(pk__in=ids).select_related("board", "actor").order_by("created_at", "pk"))
    by_reader: dict[int, list[Notification]] = defaultdict(list)
    for notification in found:
        by_reader[notification.recipient_id].append(notification)
    recipients = _recipients(by_reader)
    for user_id, told in by_reader.items():
        if user_id in recipients:
            _email_at_once(recipients[user_id], told)
    Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())


def _email_at_once(recipient: dict, told: list[Notification]) -> None:
    language = _language(recipient["profile__language"])
    kind = told[0].kind
    unsubscribe = _unsubscribe_url(recipient["pk"], kind)
    with translation.override(language):
        entries = [_entry(n) for n in told]
        context = {
            "entry": entries[0],
            "entries": entries,
            "unsubscribe": unsubscribe,
            "kind": NotificationKind(kind).label,
        }
        if len(entries) == 1:
            subject = f"[{entries[0]['board']}] {entries[0]['headline']}"
        else:
            subject = f"[{entries[0]['board']}] " + ngettext(
                "%(count)d new notification", "%(count)d new notifications", len(entries)
            ) % {"count": len(entries)}
        send_mail_later(
            to=[recipient["email"]],
            subject=" ".join(subject.split()),
            text=render_to_string("notifications/email/notification.txt", context),
            html=render_to_string("notifications/email/notification.html", context),
            headers=_unsubscribe_headers(unsubscribe),
            language=language,
        )


def _digest_kinds(user_ids: set[int]) -> dict[int, set[str]]:
    """Which kinds each user wants in a digest."""
    chosen: dict[int, dict[str, str]] = defaultdict(dict)
    for user_id, kind, choice in EmailPreference.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "kind", "choice"
    ):
        chosen[user_id][kind] = choice
    return {
        user_id: {
            kind
            for kind in NotificationKind.values
            if chosen[user_id].get(kind, default_email_choice(kind)) == EmailChoice.DIGEST
        }
        for user_id in user_ids
    }


def send_digests() -> int:
    """Queue today's digest for everyone who has notifications no e-mail told of yet, of kinds they want in a
    digest; returns how many digests. Running it twice sends nothing twice: each notification is marked as told."""
    since = timezone.now() - DIGEST_REACH
    pending = Notification.objects.filter(emailed_at__isnull=True, created_at__gte=since)
    user_ids = set(pending.values_list("recipient_id", flat=True).distinct())
    sent = 0
    for user_id, kinds in _digest_kinds(user_ids).items():
        if kinds:
            sent += _send_digest(user_id, kinds, since)
    return sent


@transaction.atomic
def _send_digest(user_id: int, kinds: set[str], since: object) -> int:
    recipient = _recipients([user_id]).get(user_id)
    candidates = Notification.objects.select_for_update(of=("self",)).filter(
        recipient_id=user_id, emailed_at__isnull=True, created_at__gte=since, kind__in=kinds
    )
    member_of = User.objects.get(pk=user_id).memberships.values("board_id")
    visible = candidates.filter(board_id__in=member_of) | candidates.filter(kind=NotificationKind.INVITED)
    found = list(visible.select_related("board", "actor").order_by("created_at", "pk"))
    if not found:
        return 0
    Notification.objects.filter(pk__in=[n.pk for n in found]).update(emailed_at=timezone.now())
    unread = [n for n in found if n.read_at is None]
    if recipient is None or not unread:
        return 0
    language = _language(recipient["profile__language"])
    # One unsubscribe link per digest: it stops the digest of the kind most of it is made of.
    main_kind = max(kinds, key=lambda kind: sum(n.kind == kind for n in unread))
    unsubscribe = _unsubscribe_url(user_id, main_kind)
    with translation.override(language):
        context = {
            "entries": [_entry(n) for n in unread],
            "unsubscribe": unsubscribe,
            "kind": NotificationKind(main_kind).label,
            "settings_url": settings.SITE_URL + reverse("notifications:settings"),
        }
        send_mail_later(
            to=[recipient["email"]],
            subject=ngettext(
                "Your daily digest: %(count)d notification", "Your daily digest: %(count)d notifications", len(unread)
            )
            % {"count": len(unread)},
            text=render_to_string("notifications/email/digest.txt", context),
            html=render_to_string("notifications/email/digest.html", context),
            headers=_unsubscribe_headers(unsubscribe),
            language=language,
        )
    return 1
