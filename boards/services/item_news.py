"""Who hears of an item's creation and edits (the notifications app): whoever creates an item or is assigned one
watches it; an assignee is notified; a status change notifies the item's watchers. The item services call these
inside their transaction, so a rolled-back edit notifies nobody; a bulk of 500 items costs the queries of one.

Each notification's key names the item and the version the edit was made on: an edit retried (the same request sent
twice) finds no change the second time, and one notified twice by a race is still one notification.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from boards.models import BacklogItem, Status
from notifications import services as notifications
from notifications.models import NotificationKind
from notifications.services import News


@dataclass(frozen=True)
class ItemEdit:
    """An edit of `item` made on version `edit`: `assignee_id` when it changed to someone, `status` when it changed."""

    item: BacklogItem
    edit: int
    assignee_id: int | None = None
    status: str | None = None


def items_created_news(*, items: Iterable[BacklogItem], actor: AbstractBaseUser | None, notify: bool = True) -> None:
    """The creator and each assignee watch the new items; each assignee is notified (not for an import: `notify`)."""
    items = list(items)
    if not items:
        return
    notifications.watch_items(watches=[(actor.pk if actor else None, item.pk) for item in items])
    assigned = [ItemEdit(item=item, edit=0, assignee_id=item.assignee_id) for item in items if item.assignee_id]
    if assigned and notify:
        items_edited_news(board_id=items[0].board_id, actor=actor, edits=assigned)
    elif assigned:
        notifications.watch_items(watches=[(e.assignee_id, e.item.pk) for e in assigned])


def items_edited_news(*, board_id: int, actor: AbstractBaseUser | None, edits: Iterable[ItemEdit]) -> None:
    edits = list(edits)
    moved = [e for e in edits if e.status is not None]
    if moved:
        notifications.notify_watchers_each(
            kind=NotificationKind.STATUS,
            board_id=board_id,
            actor=actor,
            items=[
                (e.item.pk, f"{e.item.title} → {Status(e.status).label}", f"status:{e.item.pk}:{e.edit}") for e in moved
            ],
        )
    assigned = [e for e in edits if e.assignee_id is not None]
    if assigned:
        notifications.watch_items(watches=[(e.assignee_id, e.item.pk) for e in assigned])
        notifications.notify_each(
            kind=NotificationKind.ASSIGNED,
            actor=actor,
            board_id=board_id,
            news=[
                News(
                    recipient_id=e.assignee_id,
                    item_id=e.item.pk,
                    text=e.item.title,
                    key=f"assigned:{e.item.pk}:{e.edit}",
                )
                for e in assigned
            ],
        )
