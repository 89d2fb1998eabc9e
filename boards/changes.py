"""Marking a board's items as changed, so the items endpoint never serves a page older than the data.

The items endpoint caches its rendered pages under the board's `items_version` (boards.api.page_cache). Every write
that changes what the endpoint answers (an item's fields, rank or sprint, an item created or deleted, a username shown
as assignee or creator, a member removed or renamed, whom the `assignee` filter names) raises the version in its own
transaction, so the new version and the new data commit together: a reader that sees the new version reads the new
data, whatever process it runs in.

This is cache invalidation, not locking: a writer first locks the board through boards.locks (whose order every
write follows), then raises the version of the board it holds.
"""

from django.db.models import F, Q

from boards.locks import lock_boards
from boards.models import BacklogItem, Board, Membership


def items_changed(*, board_id: int) -> None:
    """The board's items change in this transaction: pages cached before it are never served again."""
    Board.objects.filter(pk=board_id).update(items_version=F("items_version") + 1)


def items_changed_for_user(*, user_id: int) -> None:
    """The user's username changes or the user goes: mark every board whose items show them (assignee or creator)
    or where they are a member (the items list's `assignee` filter takes a member's username). It locks those boards
    first (boards.locks.lock_boards): the admin changing a user takes no board lock of its own."""
    shown_on = BacklogItem.objects.filter(Q(assignee_id=user_id) | Q(created_by_id=user_id)).values("board_id")
    member_of = Membership.objects.filter(user_id=user_id).values("board_id")
    locked = lock_boards(Board.objects.filter(Q(pk__in=shown_on) | Q(pk__in=member_of)))
    Board.objects.filter(pk__in=locked).update(items_version=F("items_version") + 1)
