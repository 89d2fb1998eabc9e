"""Backlog order as spaced integer ranks.

Each item holds a rank; lower ranks come first. Ranks are STEP apart when written, so a move takes the midpoint of
its new neighbours and writes one row. Only when two neighbours have no integer left between them is the board
renumbered, which takes thirty-two moves into the same gap before it happens.
"""

from django.db.models import Max, Min

from boards.models import BacklogItem, Board

STEP = 1 << 32


def rank_after_last(board: Board) -> int:
    top = BacklogItem.objects.filter(board=board).aggregate(top=Max("rank"))["top"]
    return 0 if top is None else top + STEP


def rank_before_first(board: Board, *, excluding: int | None = None) -> int:
    items = BacklogItem.objects.filter(board=board)
    if excluding is not None:
        items = items.exclude(pk=excluding)
    first = items.aggregate(first=Min("rank"))["first"]
    return 0 if first is None else first - STEP


def renumber(board: Board) -> None:
    """Re-space every rank of the board, keeping the order. The caller holds the board's lock.

    The new ranks all lie above the current highest, so no row ever takes a rank another row still holds and the
    (board, rank) uniqueness holds after each row, as PostgreSQL and SQLite both check it.
    """
    items = list(BacklogItem.objects.filter(board=board).order_by("rank").only("pk", "rank"))
    if not items:
        return
    base = items[-1].rank + STEP
    for index, item in enumerate(items):
        item.rank = base + index * STEP
    BacklogItem.objects.bulk_update(items, ["rank"], batch_size=500)
