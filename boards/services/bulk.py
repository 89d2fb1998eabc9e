"""Many backlog items changed at once (the backlog's bulk edit): the same fields set on every one, all or none.

The rules are item_update's, checked for every item before anything is written: the values are valid, the assignee
is a member (under the board's lock), and no item reaches Done with a criterion of the Definition of Done unticked.
The items change in one UPDATE and their history in one INSERT, their labels (replaced, or some added and some
removed) in one read and at most two writes, so the number of queries does not grow with the number of items. The
sprint is planning's to change (sprints.services_bulk puts this and a sprint move in one transaction).
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boards.events import publish_board
from boards.locks import lock_board, lock_items
from boards.models import BacklogItem, ItemEvent, ItemLabel, Label, Membership, Status
from boards.services.definitions import unmet_done_of_items
from boards.services.item_news import ItemEdit, items_edited_news
from boards.services.items import (
    BULK_LIMIT,
    _check_assignee,
    _differs,
    _event,
    _validate_item_fields,
    assignee_events,
)
from boards.services.labels import board_labels, item_labels_set, labels_named
from scrum_app.errors import InvalidInput, UnmetDefinition
from scrum_app.ids import is_id
from scrum_app.versions import next_version

# The item columns a bulk edit sets, each written alike on every item.
COLUMNS = ("status", "assignee", "points")
# Its label keys, as Jira's bulk edit offers them: `labels` replaces an item's labels with these, `labels_add` adds
# these to what each item has, `labels_remove` takes these off. Each is a list of the board's label names.
LABEL_KEYS = ("labels", "labels_add", "labels_remove")
BULK_FIELDS = (*COLUMNS, *LABEL_KEYS)
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
    The label keys take label names of the board (an unknown name is an InvalidInput naming its key).

    An id that is not an item of the acting member's board is an InvalidInput on `ids` naming it; a move to Done of
    an item whose Definition of Done is not met is an UnmetDefinition naming the first such item in backlog order.
    Returns the items, locked and in backlog order (with no fields, the ids are checked and the items locked only).
    """
    unknown = set(fields) - set(BULK_FIELDS)
    if unknown:
        raise InvalidInput(_("This field cannot be set on many items at once."), field=sorted(unknown)[0])
    columns = {name: value for name, value in fields.items() if name in COLUMNS}
    _validate_item_fields(columns)
    ids = bulk_ids_check(item_ids)
    board = lock_board(acting.board_id)
    _check_assignee(board.pk, columns)
    label_change = _label_change(board.pk, fields)
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
    if columns.get("status") == Status.DONE:
        _require_done_met(board.pk, [item for item in items if item.status != Status.DONE])
    changed = [item for item in items if any(_differs(item, name, value) for name, value in columns.items())]
    relabelled = _relabel(items, label_change) if label_change else []
    if changed:
        before = {item.pk: (item.version, item.status, item.assignee_id) for item in changed}
        _write_columns(acting, changed, columns)
        items_edited_news(board_id=board.pk, actor=acting.user, edits=_edits(changed, before))
    touched = {item.pk for item in changed} | {item.pk for item in relabelled}
    if relabelled:
        # A label is part of the item as the pages and the API show it: its version moves as for a column change.
        BacklogItem.objects.filter(pk__in=[item.pk for item in relabelled if item not in changed]).update(
            updated_by=acting.user, updated_at=timezone.now(), version=next_version()
        )
    if touched:
        publish_board(board, "item.updated", items=[item.pk for item in items if item.pk in touched])
    return items


def _write_columns(acting: Membership, changed: list[BacklogItem], columns: Mapping[str, Any]) -> None:
    """One UPDATE for the items' columns and one INSERT for their history."""
    events = [
        _event(item, name, getattr(item, name), columns[name], acting.user)
        for item in changed
        for name in HISTORY_FIELDS
        if name in columns and columns[name] != getattr(item, name)
    ]
    if "assignee" in columns:
        moved = [item for item in changed if _differs(item, "assignee", columns["assignee"])]
        events += assignee_events(moved, columns["assignee"], acting.user) if moved else []
    BacklogItem.objects.filter(pk__in=[item.pk for item in changed]).update(
        **columns, updated_by=acting.user, updated_at=timezone.now(), version=next_version()
    )
    ItemEvent.objects.bulk_create(events)
    for item in changed:
        for name, value in columns.items():
            setattr(item, name, value)


def _edits(changed: list[BacklogItem], before: dict[int, tuple[int, str, int | None]]) -> list[ItemEdit]:
    """What notifications tell of each changed item: a new assignee, a new status (boards.services.item_news), from
    what it was `before` (version, status, assignee)."""
    edits = []
    for item in changed:
        version, status, assignee_id = before[item.pk]
        edits.append(
            ItemEdit(
                item=item,
                edit=version,
                assignee_id=item.assignee_id if item.assignee_id and item.assignee_id != assignee_id else None,
                status=item.status if item.status != status else None,
            )
        )
    return edits


class _LabelChange:
    """What a bulk does to each item's labels: replace them all, or add some and remove others."""

    def __init__(
        self, known: dict[str, Label], replace: list[Label] | None, add: list[Label], remove: list[Label]
    ) -> None:
        self.by_id = {label.pk: label for label in known.values()}
        self.replace, self.add, self.remove = replace, add, remove

    def applied(self, current: set[int]) -> set[int]:
        if self.replace is not None:
            return {label.pk for label in self.replace}
        return (current | {label.pk for label in self.add}) - {label.pk for label in self.remove}


def _label_change(board_id: int, fields: Mapping[str, Any]) -> _LabelChange | None:
    """The label keys of `fields` as labels of the board (names checked, whatever their case), or None without any.
    `labels` replaces, so it goes alone; a name both added and removed is a contradiction. Each refusal names its key.
    """
    given = [key for key in LABEL_KEYS if key in fields]
    if not given:
        return None
    if "labels" in given and len(given) > 1:
        raise InvalidInput(_("Either replace the labels, or add and remove some; not both at once."), field="labels")
    known = board_labels(board_id)
    found: dict[str, list[Label]] = {}
    for key in given:
        try:
            found[key] = labels_named(known, fields[key])
        except InvalidInput as error:
            error.field = key
            raise
    both = {label.pk for label in found.get("labels_add", [])} & {label.pk for label in found.get("labels_remove", [])}
    if both:
        names = ", ".join(repr(label.name) for label in found["labels_add"] if label.pk in both)
        raise InvalidInput(
            _("A label cannot be both added and removed: %(names)s.") % {"names": names}, field="labels_remove"
        )
    return _LabelChange(known, found.get("labels"), found.get("labels_add", []), found.get("labels_remove", []))


def _relabel(items: list[BacklogItem], change: _LabelChange) -> list[BacklogItem]:
    """Give each item its labels after `change`; returns the items whose labels changed (a query to read them all,
    and at most two to write: the query count does not grow with the number of items)."""
    current: dict[int, set[int]] = {item.pk: set() for item in items}
    for item_id, label_id in ItemLabel.objects.filter(item_id__in=list(current)).values_list("item_id", "label_id"):
        current[item_id].add(label_id)
    wanted = {item.pk: change.applied(current[item.pk]) for item in items}
    relabelled = [item for item in items if wanted[item.pk] != current[item.pk]]
    if relabelled:
        item_labels_set(relabelled, [[change.by_id[pk] for pk in sorted(wanted[item.pk])] for item in relabelled])
    return relabelled


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
