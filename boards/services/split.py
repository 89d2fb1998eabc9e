"""Splitting a backlog item into smaller ones (backlog refinement): the parts take its place, the item leaves."""

from collections.abc import Sequence

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from boards import ranking
from boards.events import publish_board
from boards.locks import lock_board, lock_items
from boards.models import ITEM_TEXT_LIMITS, BacklogItem, Board, ItemEvent, ItemLabel, Kind, Membership, Status
from boards.selectors import require_role
from boards.services.definitions import definition_of_ready_exists
from boards.services.items import BACKLOG_ORDER_ROLES, ITEM_TEXT_NAMES, _event
from scrum_app.errors import Conflict, InvalidInput

SPLIT_MIN_PARTS = 2
SPLIT_MAX_PARTS = 20
# sprints.models.SprintState.ACTIVE: boards sits below sprints and reads the state's stored value.
_ACTIVE_SPRINT = "active"


def may_split(item: BacklogItem) -> bool:
    """Whether the item can be split as it stands (item_split checks again under lock): not split, not Done, not in
    the active sprint, not an epic. Reads the item's sprint."""
    return (
        item.split_at is None
        and item.status != Status.DONE
        and item.kind != Kind.EPIC
        and (item.sprint_id is None or item.sprint.state != _ACTIVE_SPRINT)
    )


def split_titles_check(titles: Sequence[str]) -> list[str]:
    """The parts' titles, stripped; InvalidInput naming `titles` (too few, too many) or `titles.<n>` (blank, long)."""
    if len(titles) < SPLIT_MIN_PARTS:
        raise InvalidInput(_("Give at least two titles: an item splits into two or more."), field="titles")
    if len(titles) > SPLIT_MAX_PARTS:
        raise InvalidInput(_("At most %(limit)d parts at once.") % {"limit": SPLIT_MAX_PARTS}, field="titles")
    limit = ITEM_TEXT_LIMITS["title"]
    cleaned = []
    for index, title in enumerate(titles):
        text = str(title or "").strip()
        if not text:
            raise InvalidInput(_("An item needs a title."), field=f"titles.{index}")
        if len(text) > limit:
            raise InvalidInput(
                _("Keep %(field)s to %(limit)d characters.") % {"field": ITEM_TEXT_NAMES["title"], "limit": limit},
                field=f"titles.{index}",
            )
        cleaned.append(text)
    return cleaned


@transaction.atomic
def item_split(*, acting: Membership, item: BacklogItem, titles: Sequence[str]) -> list[BacklogItem]:
    """Split `item` into new items titled `titles`, which take its place in the backlog order, in that order.

    The Product Owner's or the Scrum Master's call, as they order the backlog. The parts copy the item's kind,
    description, epic and labels and come unestimated (re-estimate them); an item in a planned sprint leaves it to
    its parts. The item is kept, marked split, with links to its parts, and leaves the backlog. Under the board's
    lock, so of two splits of one item the second finds it split (Conflict); a Done item, one in the active sprint
    or an epic is not split either.
    """
    require_role(acting, *BACKLOG_ORDER_ROLES, action=_("split items"))
    cleaned = split_titles_check(titles)
    board = lock_board(acting.board_id)
    locked = lock_items(BacklogItem.objects.filter(board=board, pk=item.pk).select_related("sprint"))
    if not locked:
        raise Http404(_("No such item."))
    original = locked[0]
    if original.split_at is not None:
        raise Conflict(_("This item was split already."))
    if original.status == Status.DONE:
        raise Conflict(_("A Done item cannot be split."))
    if original.kind == Kind.EPIC:
        # Its items would stay in an epic that has left the backlog.
        raise Conflict(_("An epic is not split: move some of its items into another epic instead."))
    sprint = original.sprint
    if sprint is not None and sprint.state == _ACTIVE_SPRINT:
        raise Conflict(_("An item in the active sprint cannot be split; split it in backlog refinement before."))
    ranks = _ranks_in_place(board, original, len(cleaned))
    now = timezone.now()
    # A part has nothing ticked: it is ready only when the Definition of Ready is empty (as a new item).
    ready = not definition_of_ready_exists(board_id=board.pk)
    parts = BacklogItem.objects.bulk_create(
        [
            BacklogItem(
                board=board,
                kind=original.kind,
                title=title,
                description=original.description,
                rank=rank,
                sprint=sprint,
                split_from=original,
                epic_id=original.epic_id,
                ready=ready,
                created_by=acting.user,
                updated_by=acting.user,
            )
            for title, rank in zip(cleaned, ranks, strict=True)
        ]
    )
    # The parts keep the item's labels.
    label_ids = list(ItemLabel.objects.filter(item=original).values_list("label_id", flat=True))
    ItemLabel.objects.bulk_create(
        ItemLabel(board=board, item=part, label_id=label_id) for part in parts for label_id in label_ids
    )
    original.split_at = now
    original.sprint = None
    original.updated_by = acting.user
    original.save(update_fields=["split_at", "sprint", "updated_by", "updated_at"])
    events = [_event(part, ItemEvent.Field.CREATED, None, part.status, acting.user) for part in parts]
    events.append(_event(original, ItemEvent.Field.SPLIT, "", ", ".join(f"#{p.pk}" for p in parts)[:50], acting.user))
    if sprint is not None:
        events.append(_event(original, ItemEvent.Field.SPRINT, sprint.number, None, acting.user))
    ItemEvent.objects.bulk_create(events)
    publish_board(board, "item.created", items=[part.pk for part in parts])
    publish_board(board, "item.updated", item=original.pk)
    return parts


def _ranks_in_place(board: Board, original: BacklogItem, count: int) -> list[int]:
    """`count` free ranks, ascending, between `original` and the next item: where the original shows in the backlog.

    The original keeps its rank (it no longer shows). When the gap is too narrow, its neighbourhood is re-spaced
    (boards.ranking.make_room), which parks the original above every item and leaves a gap of at least 2×ROOM below
    the next one. The caller holds the board's lock.
    """
    others = BacklogItem.objects.filter(board=board).exclude(pk=original.pk)
    following = others.filter(rank__gt=original.rank).order_by("rank").values_list("pk", "rank").first()
    if following is None:
        return [original.rank + ranking.STEP * (n + 1) for n in range(count)]
    low, high = original.rank, following[1]
    if high - low <= count:
        ranking.make_room(board, above=original.rank, excluding=original.pk)
        high = BacklogItem.objects.values_list("rank", flat=True).get(pk=following[0])
        low = high - 2 * ranking.ROOM
    spacing = (high - low) // (count + 1)
    return [low + spacing * (n + 1) for n in range(count)]
