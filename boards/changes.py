"""Marking a board's items as changed, so the items endpoint never serves a page older than the data.

The items endpoint caches its rendered pages under the board's `items_version` (boards.api.page_cache). Every write
that changes what the endpoint answers (an item's fields, rank or sprint, an item created or deleted, a username shown
as assignee or creator, a member removed or renamed, whom the `assignee` filter names) raises the version in its own
transaction, so the new version and the new data commit together: a reader that sees the new version reads the new
data, whatever process it runs in.

Raising the version takes the board row's lock for the rest of the transaction. Writers take it before locking any
item, sprint or membership row, so two writers always lock in the same order and never deadlock.
"""

from django.db.models import F, Q

from boards.models import BacklogItem, Board, Membership


def items_changed(*, board_id: int) -> None:
    """The board's items change in this transaction: pages cached before it are never served again."""
    Board.objects.filter(pk=board_id).update(items_version=F("items_version") + 1)


def items_changed_for_user(*, user_id: int) -> None:
    """The user's username changes or the user goes: mark every board whose items show them (assignee or creator)
    or where they are a member (the items list's `assignee` filter takes a member's username)."""
    shown_on = BacklogItem.objects.filter(Q(assignee_id=user_id) | Q(created_by_id=user_id)).values("board_id")
    member_of = Membership.objects.filter(user_id=user_id).values("board_id")
    # Locked in id order, so two of these never wait on each other's boards crosswise.
    boards = Board.objects.filter(Q(pk__in=shown_on) | Q(pk__in=member_of)).order_by("pk").select_for_update()
    Board.objects.filter(pk__in=list(boards.values_list("pk", flat=True))).update(items_version=F("items_version") + 1)
