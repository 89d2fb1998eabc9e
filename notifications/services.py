"""Writes of notifications and watches (Contract 2 of issue 16; docs/notifications.md).

The rules every caller gets: one notification per person and action key, ever (a retried action creates nothing and
sends no second e-mail); nobody hears of their own action; nobody outside the board hears of it (except the person
invited to it). The e-mail, when the person wants it at once, is queued in the same transaction.
"""

import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from live.bus import publish
from notifications.models import (
    EmailChoice,
    EmailPreference,
    Notification,
    NotificationKind,
    Watch,
    default_email_choice,
)
from scrum_app.errors import InvalidInput

logger = logging.getLogger(__name__)
User = get_user_model()


def _members_among(user_ids: set[int], board_id: int) -> set[int]:
    return set(User.objects.filter(pk__in=user_ids, memberships__board_id=board_id).values_list("pk", flat=True))


def _created(*, recipient_id: int, **fields: object) -> Notification | None:
    """The new notification, or None when this person already has one with this key (a retry, or a race)."""
    key = fields["key"]
    if Notification.objects.filter(recipient_id=recipient_id, key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(recipient_id=recipient_id, **fields)
    except IntegrityError:  # a parallel request made it between the check and the insert
        return None


@transaction.atomic
def notify(
    *,
    kind: str,
    recipients: Iterable[AbstractBaseUser],
    actor: AbstractBaseUser | None,
    board_id: int,
    item_id: int | None = None,
    text: str,
    key: str,
) -> None:
    """Tell `recipients` of an action on the board: one notification each per `key`, ever; skips the actor and anyone
    not a member of the board (except for kind "invited"); e-mails those who want this kind at once."""
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    user_ids = {user.pk for user in recipients if user is not None and user.pk is not None}
    if actor is not None:
        user_ids.discard(actor.pk)
    if user_ids and kind != NotificationKind.INVITED:
        user_ids = _members_among(user_ids, board_id)
    text = " ".join(str(text).split())[: Notification.TEXT_LIMIT]
    for user_id in sorted(user_ids):
        notification = _created(
            recipient_id=user_id,
            kind=kind,
            board_id=board_id,
            item_id=item_id,
            actor_id=actor.pk if actor is not None else None,
            text=text,
            key=key[:200],
        )
        if notification is None:
            continue
        publish(f"user:{user_id}", "notification.created", notification=notification.pk)
        if email_choice(user_id=user_id, kind=kind) == EmailChoice.IMMEDIATELY:
            from notifications.emails import email_notification

            email_notification(notification)


def notify_watchers(
    *, kind: str, item_id: int, board_id: int, actor: AbstractBaseUser | None, text: str, key: str
) -> None:
    """notify() everyone who watches the item."""
    watchers = User.objects.filter(watches__item_id=item_id).only("pk")
    notify(kind=kind, recipients=watchers, actor=actor, board_id=board_id, item_id=item_id, text=text, key=key)


def watch(*, user: AbstractBaseUser, item_id: int) -> None:
    """`user` hears of the item's status changes and comments from now on (watching twice is watching)."""
    Watch.objects.bulk_create([Watch(user_id=user.pk, item_id=item_id)], ignore_conflicts=True)


def unwatch(*, user: AbstractBaseUser, item_id: int) -> None:
    Watch.objects.filter(user_id=user.pk, item_id=item_id).delete()


def notification_read(*, notification: Notification) -> Notification:
    """Mark one of the reader's notifications read (the caller found it among theirs: selectors.notification_of)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        publish(f"user:{notification.recipient_id}", "notification.read", notification=notification.pk)
    return notification


def notifications_read_all(*, user: AbstractBaseUser) -> int:
    """Mark every unread notification of `user` read; returns how many."""
    count = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        publish(f"user:{user.pk}", "notification.read")
    return count


def email_choice(*, user_id: int, kind: str) -> str:
    chosen = EmailPreference.objects.filter(user_id=user_id, kind=kind).values_list("choice", flat=True).first()
    return chosen or default_email_choice(kind)


def email_choices_of(*, user: AbstractBaseUser) -> dict[str, str]:
    """Every kind with what `user` chose for it (or the default), in the kinds' order."""
    chosen = dict(EmailPreference.objects.filter(user_id=user.pk).values_list("kind", "choice"))
    return {kind: chosen.get(kind, default_email_choice(kind)) for kind in NotificationKind.values}


@transaction.atomic
def email_choices_set(*, user: AbstractBaseUser, choices: dict[str, object]) -> dict[str, str]:
    """Set how `user` hears of some kinds by e-mail. An unknown kind or choice is refused naming it."""
    for kind, choice in choices.items():
        if kind not in NotificationKind.values:
            raise InvalidInput(_("There is no kind of notification named %(kind)r.") % {"kind": kind}, field=str(kind))
        if choice not in EmailChoice.values:
            raise InvalidInput(
                _("Choose one of: %(choices)s.") % {"choices": ", ".join(EmailChoice.values)}, field=kind
            )
    for kind, choice in choices.items():
        EmailPreference.objects.update_or_create(user_id=user.pk, kind=kind, defaults={"choice": choice})
    return email_choices_of(user=user)


def email_unsubscribe(*, user_id: int, kind: str) -> None:
    """No more e-mail of `kind` to the user (the one-click unsubscribe link; no login)."""
    EmailPreference.objects.update_or_create(user_id=user_id, kind=kind, defaults={"choice": EmailChoice.NEVER})


def may_follow_user(user: AbstractBaseUser | AnonymousUser, key: str) -> bool:
    """Only the person themselves hears of their notifications (live topic "user:<id>")."""
    return str(user.pk) == key
