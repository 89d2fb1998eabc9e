"""Reads of a person's notifications: only their own, and only of boards they are still a member of (an invitation
excepted: it is about a board they are not on yet)."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import Http404

from notifications.models import Notification, NotificationKind, Watch


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


def notification_of(*, user: AbstractBaseUser, notification_id: int) -> Notification:
    """One of the reader's notifications, or 404 (someone else's, or of a board they left)."""
    found = notifications_of(user=user).filter(pk=notification_id).first()
    if found is None:
        raise Http404
    return found


def is_watching(*, user: AbstractBaseUser, item_id: int) -> bool:
    return Watch.objects.filter(user_id=user.pk, item_id=item_id).exists()
