"""The words of a notification, in the reader's language: a headline per kind around the stored `text`."""

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.models import Notification, NotificationKind


def headline(notification: Notification) -> str:
    """ "Ann assigned an item to you", in the active language. Needs the notification's actor loaded."""
    actor = notification.actor.username if notification.actor_id else _("Someone")
    lines = {
        NotificationKind.MENTION: _("%(actor)s mentioned you"),
        NotificationKind.ASSIGNED: _("%(actor)s assigned an item to you"),
        NotificationKind.STATUS: _("%(actor)s changed the status of an item you watch"),
        NotificationKind.COMMENT: _("%(actor)s commented on an item you watch"),
        NotificationKind.INVITED: _("%(actor)s invited you to a board"),
        NotificationKind.REVIEW: _("%(actor)s reviewed your item"),
        NotificationKind.RETRO_ACTION: _("%(actor)s gave you a retro action"),
        NotificationKind.BLOCKER_RESOLVED: _("%(actor)s resolved a blocker you raised"),
    }
    return lines.get(notification.kind, _("%(actor)s did something that concerns you")) % {"actor": actor}


def link(notification: Notification, board_slug: str) -> str:
    """Where the notification leads: its item, else its board (an invitation: the boards page, where it is
    answered). Those pages still ask for a login and check membership."""
    if notification.kind == NotificationKind.INVITED:
        return reverse("boards:list")
    if notification.item_id:
        return reverse("boards:item", args=[board_slug, notification.item_id])
    return reverse("boards:backlog", args=[board_slug])
