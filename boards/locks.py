"""The row locks a write takes, in one fixed order, so two writers never deadlock.

Boards, memberships and items are locked through these helpers only; a sprint (step 3) and an app's own rows
(step 5) are locked by their app's services, after the board.

The order, whatever the app:

1. the board row (`lock_board`; several boards in id order: `lock_boards`): the first lock of every write to a
   board's settings, members, items, sprints, poker sessions, stand-ups or retros. It alone serialises the board's
   writers, so a check made after it (the assignee is a member, the board keeps a Scrum Master, the next sprint
   number, the bottom rank) still holds when the write commits;
2. membership rows, by id (`lock_memberships`);
3. sprint rows;
4. backlog item rows, by id (`lock_items`);
5. the app's own rows: a poker session, a retro, a day's stand-up, a blocker, an action.

A write takes only the steps it needs, but never an earlier step after a later one. (Holding the board's lock, the
writers of one board are serialised and could not deadlock on later rows among themselves; the order still keeps
them clear of a lock taken without the board's, such as a cascade. One known exception: poker's accept writes the
entry's item after locking its session.) The database raises the board's items version itself when items or members
change (boards/migrations/0008_items_version_triggers.py), writing the board row that the writer has locked already;
a bulk statement that skips the board's lock takes the board row after its items' rows, and PostgreSQL detects and
undoes the deadlock that may make with a writer of the same board, so scripts writing items beside users lock the
boards first (`lock_boards`).
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from boards.models import BacklogItem, Board, Membership


def lock_board(board_id: int) -> Board:
    """Lock the board row for the rest of the transaction and return it as it is now."""
    return Board.objects.select_for_update().get(pk=board_id)


def lock_boards(boards: QuerySet[Board]) -> list[int]:
    """Lock several boards (a user renamed or deleted changes every board showing them) in id order, so two of
    these never wait on each other's boards crosswise; return their ids."""
    return list(boards.select_for_update().order_by("pk").values_list("pk", flat=True))


def lock_boards_of_users(user_ids: Iterable[int]) -> list[int]:
    """Lock every board whose items or members these users' deletion writes (items they are assigned to or created,
    their memberships), in id order, before the deletion's cascade writes those rows; return their ids."""
    ids = set(user_ids)
    shown_on = BacklogItem.objects.filter(Q(assignee_id__in=ids) | Q(created_by_id__in=ids)).values("board_id")
    member_of = Membership.objects.filter(user_id__in=ids).values("board_id")
    return lock_boards(Board.objects.filter(Q(pk__in=shown_on) | Q(pk__in=member_of)))


def lock_memberships(ids: Iterable[int]) -> dict[int, Membership]:
    """Lock these memberships (in id order, after the board) and return the ones still there, by id, users loaded."""
    rows = Membership.objects.select_for_update(of=("self",)).select_related("user").filter(pk__in=set(ids))
    return {membership.pk: membership for membership in rows.order_by("pk")}


def lock_items(items: QuerySet[BacklogItem]) -> list[BacklogItem]:
    """Lock these items (in id order, after the board and the sprint) and return them in id order."""
    return list(items.select_for_update(of=("self",)).order_by("pk"))
