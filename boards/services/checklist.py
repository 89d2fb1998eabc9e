"""Writes of an item's checklist (its sub-tasks): add, edit, tick, reorder and remove entries. Every member may.

Every write takes the board's lock first (boards.locks), so two members adding or reordering at once are serialised:
each reorder renumbers the item's entries as they are under the lock, and the unique (item, position) constraint
holds whatever else writes. The items endpoint shows the checklist; the database raises the board's items version
itself (boards/migrations/0016_checklist.py).
"""

from django.db import transaction
from django.db.models import F, Max
from django.http import Http404
from django.utils.translation import gettext as _

from boards.events import publish_board
from boards.locks import lock_board
from boards.models import BacklogItem, ChecklistEntry, Membership
from scrum_app.errors import InvalidInput
from scrum_app.text import written_text


def checklist_text_check(text: object) -> str:
    """The entry's text, trimmed; InvalidInput on `text` when it is empty, too long or not storable."""
    return written_text(text, field="text", limit=ChecklistEntry.TEXT_LIMIT)


def _locked_item(acting: Membership, item_id: int) -> int:
    """Lock the board and check the item is on it (404 otherwise); the board's id."""
    board = lock_board(acting.board_id)
    if not BacklogItem.objects.filter(board=board, pk=item_id).exists():
        raise Http404(_("No such item."))
    return board.pk


def _entry(item_id: int, entry_id: int) -> ChecklistEntry:
    entry = ChecklistEntry.objects.filter(item_id=item_id, pk=entry_id).first()
    if entry is None:
        raise Http404(_("No such checklist entry."))
    return entry


@transaction.atomic
def checklist_entry_add(*, acting: Membership, item_id: int, text: str) -> ChecklistEntry:
    """Add an entry at the end of the item's checklist, not done."""
    text = checklist_text_check(text)
    board_id = _locked_item(acting, item_id)
    entries = ChecklistEntry.objects.filter(item_id=item_id)
    if entries.count() >= ChecklistEntry.PER_ITEM_LIMIT:
        raise InvalidInput(
            _("At most %(limit)d checklist entries per item: split the item.")
            % {"limit": ChecklistEntry.PER_ITEM_LIMIT},
            field="text",
        )
    last = entries.aggregate(last=Max("position"))["last"]
    entry = ChecklistEntry.objects.create(
        board_id=board_id, item_id=item_id, text=text, position=0 if last is None else last + 1, created_by=acting.user
    )
    publish_board(acting.board, "item.updated", item=item_id)
    return entry


@transaction.atomic
def checklist_entry_update(
    *,
    acting: Membership,
    item_id: int,
    entry_id: int,
    text: str | None = None,
    done: bool | None = None,
    position: int | None = None,
) -> ChecklistEntry:
    """Change an entry's text, tick or untick it (`done`), or move it to `position` (its index in the checklist, from
    0; the others keep their order around it). Only what is given changes."""
    if text is not None:
        text = checklist_text_check(text)
    if done is not None and not isinstance(done, bool):
        raise InvalidInput(_("Done is true or false."), field="done")
    _locked_item(acting, item_id)
    entry = _entry(item_id, entry_id)
    changed = []
    if text is not None and text != entry.text:
        entry.text = text
        changed.append("text")
    if done is not None and done != entry.done:
        entry.done = done
        changed.append("done")
    if changed:
        entry.save(update_fields=changed)
    if position is not None:
        moved = _reorder(item_id, entry.pk, position)
        entry.position = moved
        changed.append("position")
    if changed:
        publish_board(acting.board, "item.updated", item=item_id)
    return entry


def _reorder(item_id: int, entry_id: int, index: int) -> int:
    """Put the entry at `index` among the item's entries (read under the board's lock) and number them all 0…n-1;
    its new position."""
    order = list(ChecklistEntry.objects.filter(item_id=item_id).order_by("position").values_list("pk", flat=True))
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(order):
        raise InvalidInput(
            _("Position is from 0 to %(last)d.") % {"last": len(order) - 1},
            field="position",
        )
    order.remove(entry_id)
    order.insert(index, entry_id)
    entries = ChecklistEntry.objects.filter(item_id=item_id)
    # First every position out of the way (negative, still distinct), then each to its place: a unique constraint
    # is checked row by row, so renumbering in place could meet a position not yet vacated.
    entries.update(position=-F("position") - 1)
    ChecklistEntry.objects.bulk_update(
        [ChecklistEntry(pk=pk, position=number) for number, pk in enumerate(order)], ["position"]
    )
    return index


@transaction.atomic
def checklist_entry_delete(*, acting: Membership, item_id: int, entry_id: int) -> None:
    """Remove an entry; the others keep their order."""
    _locked_item(acting, item_id)
    _entry(item_id, entry_id).delete()
    publish_board(acting.board, "item.updated", item=item_id)
