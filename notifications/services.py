"""Writes of notifications and watches (Contract 2 of issue 16; docs/notifications.md).

The rules every caller gets: one notification per person and action key, ever (a retried action creates nothing and
sends no second e-mail); nobody hears of their own action; nobody outside the board hears of it (except the person
invited to it). The e-mail, when the person wants it at once, is queued in the same transaction.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
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


@dataclass(frozen=True)
class News:
    """One notification to make: for `recipient_id`, about `item_id` (or the board), under `key`."""

    recipient_id: int
    item_id: int | None
    text: str
    key: str


def _clean(text: str) -> str:
    return " ".join(str(text).split())[: Notification.TEXT_LIMIT]


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
    user_ids = {user.pk for user in recipients if user is not None and user.pk is not None}
    notify_each(
        kind=kind,
        actor=actor,
        board_id=board_id,
        news=[News(recipient_id=user_id, item_id=item_id, text=text, key=key) for user_id in sorted(user_ids)],
    )


@transaction.atomic
def notify_each(*, kind: str, actor: AbstractBaseUser | None, board_id: int, news: Iterable[News]) -> None:
    """notify() for many at once (a bulk edit of 500 items): the same rules, in the same few queries whatever the
    number; a person with several new notifications of one kind at once gets one e-mail listing them."""
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    actor_id = actor.pk if actor is not None else None
    news = [n for n in news if n.recipient_id is not None and n.recipient_id != actor_id]
    if not news:
        return
    user_ids = {n.recipient_id for n in news}
    if kind != NotificationKind.INVITED:
        user_ids = set(
            User.objects.filter(pk__in=user_ids, memberships__board_id=board_id).values_list("pk", flat=True)
        )
    wanted = {(n.recipient_id, n.key[:200]): n for n in news if n.recipient_id in user_ids}
    if not wanted:
        return
    recipients, keys = {r for r, _k in wanted}, {k for _r, k in wanted}
    known = set(
        Notification.objects.filter(recipient_id__in=recipients, key__in=keys).values_list("recipient_id", "key")
    )
    rows = [
        Notification(
            recipient_id=recipient_id,
            kind=kind,
            board_id=board_id,
            item_id=n.item_id,
            actor_id=actor_id,
            text=_clean(n.text),
            key=key,
        )
        for (recipient_id, key), n in wanted.items()
        if (recipient_id, key) not in known
    ]
    if not rows:
        return  # a retry: everyone was told already
    # A parallel request making the same ones between the read above and this insert: its rows win, these are skipped
    # (the unique constraint, notification_one_per_recipient_and_key).
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    # Ours to e-mail: the rows of these keys no e-mail told of yet. A parallel request's rows are committed with
    # their e-mail already marked (or their reader wants none at once), so none goes twice.
    made = list(
        Notification.objects.filter(
            recipient_id__in=recipients, key__in={row.key for row in rows}, emailed_at__isnull=True, kind=kind
        )
    )
    for user_id in sorted({n.recipient_id for n in made}):
        publish(f"user:{user_id}", "notification.created")
    at_once = immediate_recipients(user_ids={n.recipient_id for n in made}, kind=kind)
    if at_once:
        from notifications.emails import email_notifications

        email_notifications([n for n in made if n.recipient_id in at_once])


def immediate_recipients(*, user_ids: set[int], kind: str) -> set[int]:
    """Those of `user_ids` who want `kind` e-mailed at once (chosen, or by default)."""
    chosen = dict(EmailPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list("user_id", "choice"))
    default = default_email_choice(kind)
    return {user_id for user_id in user_ids if chosen.get(user_id, default) == EmailChoice.IMMEDIATELY}


def notify_watchers(
    *,
    kind: str,
    item_id: int,
    board_id: int,
    actor: AbstractBaseUser | None,
    text: str,
    key: str,
    told: Iterable[AbstractBaseUser] = (),
) -> None:
    """notify() everyone who watches the item, but those `told` of the same action already (a comment's watchers
    who are also mentioned in it hear of it once, as a mention)."""
    skip = {user.pk for user in told}
    notify_watchers_each(kind=kind, board_id=board_id, actor=actor, items=[(item_id, text, key)], skip=skip)


def notify_watchers_each(
    *,
    kind: str,
    board_id: int,
    actor: AbstractBaseUser | None,
    items: Iterable[tuple[int, str, str]],
    skip: set[int] = frozenset(),
) -> None:
    """notify_watchers() for many items at once: `items` are (item id, text, key); users whose id is in `skip` are
    left out."""
    items = list(items)
    watchers = Watch.objects.filter(item_id__in=[item_id for item_id, _t, _k in items]).values_list(
        "item_id", "user_id"
    )
    by_item: dict[int, list[int]] = {}
    for item_id, user_id in watchers:
        by_item.setdefault(item_id, []).append(user_id)
    news = [
        News(recipient_id=user_id, item_id=item_id, text=text, key=key)
        for item_id, text, key in items
        for user_id in by_item.get(item_id, [])
        if user_id not in skip
    ]
    notify_each(kind=kind, actor=actor, board_id=board_id, news=news)


def watch(*, user: AbstractBaseUser, item_id: int) -> None:
    """`user` hears of the item's status changes and comments from now on (watching twice is watching)."""
    Watch.objects.bulk_create([Watch(user_id=user.pk, item_id=item_id)], ignore_conflicts=True)


def watch_items(*, watches: Iterable[tuple[int, int]]) -> None:
    """Many (user id, item id) watches at once (a bulk of new items): one query."""
    rows = [Watch(user_id=user_id, item_id=item_id) for user_id, item_id in set(watches) if user_id and item_id]
    if rows:
        Watch.objects.bulk_create(rows, ignore_conflicts=True)


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
