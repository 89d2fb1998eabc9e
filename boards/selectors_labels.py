"""Reads of labels and epics: a board's labels, the label names of a page of items, each epic's progress.

Each reads a whole page's worth in one query, so a list shows labels and progress in a number of queries that does
not grow with its rows.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext as _

from boards.models import NOT_SPLIT, BacklogItem, Board, ItemLabel, Kind, Label, Status
from scrum_app.ids import row_or_404


def labels_of(*, board: Board) -> QuerySet[Label]:
    """The board's labels by name, whatever its case."""
    return Label.objects.filter(board=board).order_by(Lower("name"), "pk")


def label_for_board(*, board: Board, label_id: int | str) -> Label:
    """The label `label_id` of this board; another board's is as missing as an unknown one."""
    return row_or_404(labels_of(board=board), label_id, missing=_("No such label."))


def label_names_of(item_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each item's label names, by name whatever its case: `{item_id: [name, …]}` (one query)."""
    names: dict[int, list[str]] = {item_id: [] for item_id in item_ids}
    if names:
        rows = (
            ItemLabel.objects.filter(item_id__in=list(names))
            .order_by(Lower("label__name"), "label_id")
            .values_list("item_id", "label__name")
        )
        for item_id, name in rows:
            names[item_id].append(name)
    return names


def labels_on(item_ids: Iterable[int]) -> dict[int, list[Label]]:
    """Each item's labels (name and colour), by name: `{item_id: [Label, …]}` (one query), for chips."""
    found: dict[int, list[Label]] = {item_id: [] for item_id in item_ids}
    if found:
        rows = (
            ItemLabel.objects.filter(item_id__in=list(found))
            .select_related("label")
            .only("item_id", "label__name", "label__color")
            .order_by(Lower("label__name"), "label_id")
        )
        for row in rows:
            found[row.item_id].append(row.label)
    return found


@dataclass(frozen=True)
class Progress:
    """How far an epic's items have come: Done items and their points, of all its items in the backlog."""

    items_done: int = 0
    items_total: int = 0
    points_done: int = 0
    points_total: int = 0

    @property
    def percent(self) -> int:
        """Points done of total when its items are estimated, else items done of total; 0 with no items."""
        if self.points_total:
            return round(100 * self.points_done / self.points_total)
        return round(100 * self.items_done / self.items_total) if self.items_total else 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def epic_progress(epic_ids: Iterable[int]) -> dict[int, Progress]:
    """Each epic's progress, `{epic_id: Progress}`, for any number of epics in one query. Items split into parts
    have left the backlog: their parts count instead."""
    ids = list(epic_ids)
    progress = {epic_id: Progress() for epic_id in ids}
    if not ids:
        return progress
    done = Q(status=Status.DONE)
    rows = (
        BacklogItem.objects.filter(NOT_SPLIT, epic_id__in=ids)
        .order_by()
        .values("epic_id")
        .annotate(
            items_total=Count("pk"),
            items_done=Count("pk", filter=done),
            points_total=Coalesce(Sum("points"), 0),
            points_done=Coalesce(Sum("points", filter=done), 0),
        )
    )
    for row in rows:
        epic_id = row.pop("epic_id")
        progress[epic_id] = Progress(**row)
    return progress


def epics_of(*, board: Board) -> list[BacklogItem]:
    """The board's epics in backlog order, each with its `progress` (two queries)."""
    epics = list(
        BacklogItem.objects.filter(NOT_SPLIT, board=board, kind=Kind.EPIC)
        .only("title", "status", "rank", "board_id")
        .order_by("rank")
    )
    progress = epic_progress(epic.pk for epic in epics)
    for epic in epics:
        epic.progress = progress[epic.pk]
    return epics


def epic_items(*, epic: BacklogItem) -> QuerySet[BacklogItem]:
    """The epic's items in the backlog, in backlog order."""
    return BacklogItem.objects.filter(NOT_SPLIT, epic=epic).select_related("assignee").order_by("rank")


def epic_choices(*, board: Board) -> list[tuple[int, str]]:
    """The board's epics as a form offers them: `(id, "#id title")`, in backlog order."""
    rows = (
        BacklogItem.objects.filter(NOT_SPLIT, board=board, kind=Kind.EPIC).order_by("rank").values_list("pk", "title")
    )
    return [(pk, f"#{pk} {title}") for pk, title in rows]
