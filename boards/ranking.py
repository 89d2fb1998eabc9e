"""Backlog order as spaced integer ranks.

Each item holds a rank; lower ranks come first. Ranks are STEP apart when written, so a move takes the midpoint of
its new neighbours and writes one row. When two neighbours have no integer left between them (about thirty moves
into the same gap), only their neighbourhood is re-spaced: the fewest items around the gap, widening until they can
lie at least ROOM apart. The rows one move writes depend on how often that spot was used, never on the board's size.
"""

from dataclasses import dataclass

from django.db.models import Max, Min

from boards.models import BacklogItem, Board

STEP = 1 << 32
# The least gap a re-spacing leaves: about twenty more moves into any of its gaps before the next one.
ROOM = 1 << 20


@dataclass(frozen=True)
class NoRoom:
    """No integer is left between the item at rank `above` and the next one: make_room(above=…) first."""

    above: int


def rank_after_last(board: Board) -> int:
    top = BacklogItem.objects.filter(board=board).aggregate(top=Max("rank"))["top"]
    return 0 if top is None else top + STEP


def rank_before_first(board: Board, *, excluding: int | None = None) -> int:
    items = BacklogItem.objects.filter(board=board)
    if excluding is not None:
        items = items.exclude(pk=excluding)
    first = items.aggregate(first=Min("rank"))["first"]
    return 0 if first is None else first - STEP


def make_room(board: Board, *, above: int, excluding: int) -> int:
    """Re-space the items around the gap just above rank `above` (the item `excluding`, being moved, aside) so that
    gap and its neighbours' are at least ROOM wide, keeping the order; returns how many items were re-ranked. The
    moved item is left above every other, for the move to place it.
    The caller holds the board's lock.

    The window starts at two items on each side and doubles until the ranks just outside it leave room for its items
    and one free slot at the gap. A window that reaches an end of the backlog can spread past that end.
    """
    others = BacklogItem.objects.filter(board=board).exclude(pk=excluding)
    width = 2
    while True:
        below = list(others.filter(rank__lte=above).order_by("-rank").values_list("pk", "rank")[: width + 1])
        over = list(others.filter(rank__gt=above).order_by("rank").values_list("pk", "rank")[: width + 1])
        lower, upper = below[:width][::-1], over[:width]
        window = lower + upper
        slots = len(window) + 2  # the window's items and the free slot at the gap, between the two bounds
        low = below[width][1] if len(below) > width else window[0][1] - slots * STEP
        high = over[width][1] if len(over) > width else window[-1][1] + slots * STEP
        spacing = (high - low) // slots
        if spacing >= ROOM:
            break
        width *= 2
    ranks = [low + spacing * (n + 1) for n in range(len(lower))]
    ranks += [low + spacing * (len(lower) + 2 + n) for n in range(len(upper))]
    _rerank(board, [pk for pk, _rank in window], ranks, parked=excluding)
    return len(window)


def _rerank(board: Board, pks: list[int], ranks: list[int], *, parked: int) -> None:
    """Give the items these ranks. Through ranks above the board's highest first: (board, rank) is unique, checked
    row by row in PostgreSQL and SQLite, and a new rank may still be held by another item of the window, or by the
    item being moved (`parked` there until the move gives it its place)."""
    top = BacklogItem.objects.filter(board=board).aggregate(top=Max("rank"))["top"]
    items = [BacklogItem(pk=pk, rank=top + STEP * (n + 1)) for n, pk in enumerate([*pks, parked])]
    BacklogItem.objects.bulk_update(items, ["rank"])
    for item, rank in zip(items, ranks, strict=False):
        item.rank = rank
    BacklogItem.objects.bulk_update(items[: len(ranks)], ["rank"])
