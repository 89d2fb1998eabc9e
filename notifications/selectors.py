"""Reads of a person's notifications: only their own, and only of boards they are still a member of (an invitation
excepted: it is about a board they are not on yet)."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from notifications.models import Notification, NotificationKind, Watch
from scrum_app.ids import row_or_404


def notifications_of(*, user: AbstractBaseUser, unread: bool = False) -> QuerySet[Notification]:
    """The reader's notifications, newest first, with what a list shows (board, item, actor) in the same query."""
    found = Notification.objects.filter(recipient_id=user.pk).filter(
        Q(kind=NotificationKind.INVITED) | Q(board_id__in=user.memberships.values("board_id"))
    )
    if unread:
        found = found.filter(read_at__isnull=True)
    return found.select_related("board", "item", "actor").only(
        "kind",
        "text",
        "created_at",
        "read_at",
        "item_id",
        "board__slug",
        "board__name",
        "item__title",
        "actor__username",
    )


def unread_count(*, user: AbstractBaseUser) -> int:
    return notifications_of(user=user, unread=True).count()


def notification_of(*, user: AbstractBaseUser, notification_id: int | str) -> Notification:
    """One of the reader's notifications, or 404 (someone else's, or of a board they left)."""
    return row_or_404(notifications_of(user=user), notification_id, missing=_("No such notification."))


def is_watching(*, user: AbstractBaseUser, item_id: int) -> bool:
    return Watch.objects.filter(user_id=user.pk, item_id=item_id).exists()
