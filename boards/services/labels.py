"""Writes of labels (a board's own, any member's to add, rename, recolour or delete) and of the labels on an item.

A label's name is unique on its board whatever its case: the check runs under the board's lock, so two members
adding the same name at once get one label and one refusal; the database's constraint backs it for any other
writer. A name holds no comma: the backlog's and the API's `label` filter takes a comma-separated list.
"""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from boards.events import publish_board
from boards.locks import lock_board
from boards.models import BacklogItem, ItemLabel, Label, LabelColor, Membership
from scrum_app.errors import InvalidInput


def label_name_check(name: object) -> str:
    """The name as stored (trimmed), or InvalidInput naming `name`."""
    text = str(name or "").strip()
    if not text:
        raise InvalidInput(_("A label needs a name."), field="name")
    if len(text) > Label.NAME_LIMIT:
        raise InvalidInput(
            _("Keep a label's name to %(limit)d characters.") % {"limit": Label.NAME_LIMIT}, field="name"
        )
    if "," in text:
        raise InvalidInput(_("A label's name cannot hold a comma."), field="name")
    return text


def _color_check(color: object) -> str:
    if color not in LabelColor.values:
        raise InvalidInput(
            _("Pick a colour of the palette: %(colors)s.") % {"colors": ", ".join(LabelColor.values)}, field="color"
        )
    return str(color)


def _name_free(board_id: int, name: str, *, other_than: int | None = None) -> None:
    taken = Label.objects.filter(board_id=board_id).annotate(lower=Lower("name")).filter(lower=name.lower())
    if other_than is not None:
        taken = taken.exclude(pk=other_than)
    if taken.exists():
        raise InvalidInput(_("This board already has a label named %(name)r.") % {"name": name}, field="name")


def _saved(label: Label, **save: object) -> Label:
    """Save, turning the name's constraint (a writer outside the services, racing) into the same refusal."""
    try:
        with transaction.atomic():
            label.save(**save)
    except IntegrityError:
        raise InvalidInput(
            _("This board already has a label named %(name)r.") % {"name": label.name}, field="name"
        ) from None
    return label


@transaction.atomic
def label_create(*, acting: Membership, name: str, color: str = LabelColor.BLUE) -> Label:
    """Add a label to the board. Every member may."""
    name, color = label_name_check(name), _color_check(color)
    lock_board(acting.board_id)
    _name_free(acting.board_id, name)
    label = _saved(Label(board_id=acting.board_id, name=name, color=color))
    publish_board(acting.board, "label.changed", label=label.pk)
    return label


@transaction.atomic
def label_update(*, acting: Membership, label: Label, name: str | None = None, color: str | None = None) -> Label:
    """Rename or recolour a label (its items keep it). Every member may."""
    fields = []
    lock_board(acting.board_id)
    if name is not None:
        label.name = label_name_check(name)
        _name_free(acting.board_id, label.name, other_than=label.pk)
        fields.append("name")
    if color is not None:
        label.color = _color_check(color)
        fields.append("color")
    if fields:
        _saved(label, update_fields=fields)
        publish_board(acting.board, "label.changed", label=label.pk)
    return label


@transaction.atomic
def label_delete(*, acting: Membership, label: Label) -> None:
    """Delete a label: it leaves every item it was on. Every member may."""
    lock_board(acting.board_id)
    label_id = label.pk
    label.delete()
    publish_board(acting.board, "label.changed", label=label_id)


def board_labels(board_id: int) -> dict[str, Label]:
    """The board's labels by their name in lower case: what `labels_named` matches names against."""
    return {label.name.lower(): label for label in Label.objects.filter(board_id=board_id)}


def labels_named(known: dict[str, Label], names: object) -> list[Label]:
    """The labels of `known` (board_labels) by these names, matched whatever their case, in the order given (each
    once); an unknown name is InvalidInput naming `labels`."""
    if not isinstance(names, list | tuple):
        raise InvalidInput(_("Give a list of label names."), field="labels")
    wanted: dict[str, str] = {}
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput(_("Give a list of label names."), field="labels")
        wanted.setdefault(name.strip().lower(), name.strip())
    missing = [name for key, name in wanted.items() if key not in known]
    if missing:
        raise InvalidInput(
            _("No label named %(names)s on this board.") % {"names": ", ".join(repr(n) for n in missing)},
            field="labels",
        )
    return [known[key] for key in wanted]


def item_labels_set(items: Sequence[BacklogItem], labels_by_item: Sequence[Sequence[Label]]) -> None:
    """Put exactly these labels on each item (the caller holds the board's lock and checked the names)."""
    wanted = {item.pk: {label.pk for label in labels} for item, labels in zip(items, labels_by_item, strict=True)}
    current: dict[int, set[int]] = {pk: set() for pk in wanted}
    for item_id, label_id in ItemLabel.objects.filter(item_id__in=list(wanted)).values_list("item_id", "label_id"):
        current[item_id].add(label_id)
    gone = Q()
    for item_id, ids in current.items():
        if ids - wanted[item_id]:
            gone |= Q(item_id=item_id, label_id__in=ids - wanted[item_id])
    if gone:
        ItemLabel.objects.filter(gone).delete()
    board_of = {item.pk: item.board_id for item in items}
    ItemLabel.objects.bulk_create(
        ItemLabel(board_id=board_of[item_id], item_id=item_id, label_id=label_id)
        for item_id, ids in wanted.items()
        for label_id in sorted(ids - current[item_id])
    )
