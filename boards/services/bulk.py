"""Many backlog items changed at once (the backlog's bulk edit): the same fields set on every one, all or none.

The rules are item_update's, checked for every item before anything is written: the values are valid, the assignee
is a member (under the board's lock), and no item reaches Done with a criterion of the Definition of Done unticked.
The items change in one UPDATE and their history in one INSERT, so the number of queries does not grow with the
number of items. The sprint is planning's to change (sprints.services_bulk puts this and a sprint move in one
transaction).
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boards.events import publish_board
from boards.locks import lock_board, lock_items
from boards.models import BacklogItem, ItemEvent, Membership, Status
from boards.services.definitions import unmet_done_of_items
from boards.services.items import (
    BULK_LIMIT,
    _check_assignee,
    _differs,
    _event,
    _validate_item_fields,
    assignee_events,
)
from scrum_app.errors import InvalidInput, UnmetDefinition
from scrum_app.ids import is_id
from scrum_app.versions import next_version

# The item fields a bulk edit sets, each a column written alike on every item. (An item's labels, a relation, will be
# one more key: its check beside _validate_item_fields' and its write after the UPDATE below.)
BULK_FIELDS = ("status", "assignee", "points")
# The fields whose changes enter each item's history, as item_update records them.
HISTORY_FIELDS = ("status", "points")


def bulk_ids_check(item_ids: object) -> list[int]:
    """The ids as a list without repeats, in the order given; InvalidInput on `ids` when they are not 1 to
    BULK_LIMIT item ids."""
    if not isinstance(item_ids, list | tuple) or not all(is_id(value) for value in item_ids):
        raise InvalidInput(_("Items are given as a list of item ids."), field="ids")
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        raise InvalidInput(_("Select at least one item."), field="ids")
    if len(ids) > BULK_LIMIT:
        raise InvalidInput(_("At most %(limit)d items at once.") % {"limit": BULK_LIMIT}, field="ids")
    return ids


@transaction.atomic
def items_bulk_update(*, acting: Membership, item_ids: Sequence[int], fields: Mapping[str, Any]) -> list[BacklogItem]:
    """Set `fields` (of BULK_FIELDS) on every item of `item_ids`, or on none. Every member may, as for one item.

    An id that is not an item of the acting member's board is an InvalidInput on `ids` naming it; a move to Done of
    an item whose Definition of Done is not met is an UnmetDefinition naming the first such item in backlog order.
    Returns the items, locked and in backlog order (with no fields, the ids are checked and the items locked only).
    """
    unknown = set(fields) - set(BULK_FIELDS)
    if unknown:
        raise InvalidInput(_("This field cannot be set on many items at once."), field=sorted(unknown)[0])
    _validate_item_fields(fields)
    ids = bulk_ids_check(item_ids)
    board = lock_board(acting.board_id)
    _check_assignee(board.pk, fields)
    locked = lock_items(
        BacklogItem.objects.filter(board=board, pk__in=ids).only(
            "board_id", "title", "rank", "status", "points", "assignee_id", "sprint_id", "version"
        )
    )
    found = {item.pk for item in locked}
    missing = next((item_id for item_id in ids if item_id not in found), None)
    if missing is not None:
        raise InvalidInput(_("Item %(id)s is not on this board.") % {"id": missing}, field="ids")
    items = sorted(locked, key=lambda item: item.rank)
    if fields.get("status") == Status.DONE:
        _require_done_met(board.pk, [item for item in items if item.status != Status.DONE])
    changed = [item for item in items if any(_differs(item, name, value) for name, value in fields.items())]
    if not changed:
        return items
    events = [
        _event(item, name, getattr(item, name), fields[name], acting.user)
        for item in changed
        for name in HISTORY_FIELDS
        if name in fields and fields[name] != getattr(item, name)
    ]
    if "assignee" in fields:
        moved = [item for item in changed if _differs(item, "assignee", fields["assignee"])]
        events += assignee_events(moved, fields["assignee"], acting.user) if moved else []
    BacklogItem.objects.filter(pk__in=[item.pk for item in changed]).update(
        **fields, updated_by=acting.user, updated_at=timezone.now(), version=next_version()
    )
    ItemEvent.objects.bulk_create(events)
    for item in changed:
        for name, value in fields.items():
            setattr(item, name, value)
    publish_board(board, "item.updated", items=[item.pk for item in changed])
    return items


def _require_done_met(board_id: int, items: list[BacklogItem]) -> None:
    """Refuse the whole bulk when any item would reach Done with its Definition of Done unmet, naming the first."""
    unmet = unmet_done_of_items(board_id=board_id, item_ids=[item.pk for item in items])
    first = next((item for item in items if item.pk in unmet), None)
    if first is not None:
        texts = unmet[first.pk]
        raise UnmetDefinition(
            _(
                "#%(id)s “%(title)s” is not done yet: the Definition of Done is not met (%(unmet)s). "
                "Nothing was changed."
            )
            % {"id": first.pk, "title": first.title, "unmet": "; ".join(texts)},
            unmet=texts,
        )
