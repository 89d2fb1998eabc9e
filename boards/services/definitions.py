"""Writes of a board's Definition of Ready and of Done, and of the ticks items get against them.

An item's `ready` column is kept here, in the same transaction as the tick or the change of the definition that
moves it, so the backlog, the board, planning and the items API read and filter it as a plain column. Every write
takes the board's lock first (boards.locks): two members ticking, a tick and a change of the definition, a move to
Done and an untick are serialised by it, and the unique (item, criterion) constraint holds whatever else writes.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from boards.events import publish_board
from boards.locks import lock_board
from boards.models import BacklogItem, Board, Criterion, CriterionCheck, CriterionKind, Membership, Role
from boards.selectors import require_role
from scrum_app.errors import InvalidInput, UnmetDefinition

DEFINITION_ROLES = (Role.PRODUCT_OWNER, Role.SCRUM_MASTER)
CRITERIA_LIMIT = 30  # per list: a checklist longer than this is no longer read
# A new board's definitions, translated into its creator's language when the board is made.
DEFAULT_CRITERIA: dict[str, tuple[str, ...]] = {
    CriterionKind.READY: (
        gettext_noop("Acceptance criteria written"),
        gettext_noop("Estimated"),
        gettext_noop("At most 13 points (else split it)"),
    ),
    CriterionKind.DONE: (
        gettext_noop("Code reviewed"),
        gettext_noop("Tests pass"),
        gettext_noop("Accepted by the Product Owner"),
    ),
}


def definitions_add_defaults(*, board: Board) -> None:
    """Give a new board the default definitions (board_create), in the language of the request making it."""
    Criterion.objects.bulk_create(
        Criterion(board=board, kind=kind, text=_(text), position=position)
        for kind, texts in DEFAULT_CRITERIA.items()
        for position, text in enumerate(texts)
    )


def _ready_refresh(board_id: int, items: Any = None) -> None:
    """Recompute `ready` (every Ready criterion ticked; an empty Definition of Ready is met) for the board's items,
    or for `items` (a queryset of them). Writes only the rows whose flag changes. Under the board's lock."""
    rows = items if items is not None else BacklogItem.objects.filter(board_id=board_id)
    unmet = Exists(
        Criterion.objects.filter(board_id=board_id, kind=CriterionKind.READY).exclude(
            Exists(CriterionCheck.objects.filter(item=OuterRef(OuterRef("pk")), criterion=OuterRef("pk")))
        )
    )
    rows.filter(ready=True).filter(unmet).update(ready=False)
    rows.filter(ready=False).exclude(unmet).update(ready=True)


def definition_of_ready_exists(*, board_id: int) -> bool:
    return Criterion.objects.filter(board_id=board_id, kind=CriterionKind.READY).exists()


def unmet_done(*, board_id: int, item_id: int | None) -> list[str]:
    """The texts of the Done criteria not ticked for the item (None: a new item, ticked nowhere), in order."""
    criteria = Criterion.objects.filter(board_id=board_id, kind=CriterionKind.DONE)
    if item_id is not None:
        criteria = criteria.exclude(Exists(CriterionCheck.objects.filter(item_id=item_id, criterion=OuterRef("pk"))))
    return list(criteria.order_by("position", "pk").values_list("text", flat=True))


def unmet_done_of_items(*, board_id: int, item_ids: Sequence[int]) -> dict[int, list[str]]:
    """unmet_done for many items in two queries: `{item_id: [unmet text, …]}` for the items with any unmet, in the
    definition's order."""
    criteria = list(
        Criterion.objects.filter(board_id=board_id, kind=CriterionKind.DONE)
        .order_by("position", "pk")
        .values_list("pk", "text")
    )
    if not criteria or not item_ids:
        return {}
    ticked = set(
        CriterionCheck.objects.filter(
            item_id__in=item_ids, criterion_id__in=[pk for pk, _text in criteria]
        ).values_list("item_id", "criterion_id")
    )
    unmet = {item_id: [text for pk, text in criteria if (item_id, pk) not in ticked] for item_id in item_ids}
    return {item_id: texts for item_id, texts in unmet.items() if texts}


def require_done_met(*, board_id: int, item_id: int | None) -> None:
    """Refuse a move to Done while a Done criterion is unticked (an empty Definition of Done checks nothing).
    Called by the item services under the board's lock, so no untick slips in between."""
    unmet = unmet_done(board_id=board_id, item_id=item_id)
    if unmet:
        raise UnmetDefinition(
            _("Not done yet: the Definition of Done is not met (%(unmet)s).") % {"unmet": "; ".join(unmet)},
            unmet=unmet,
        )


def done_ticked(*, board_id: int, item_ids: Sequence[int], actor: AbstractBaseUser | None) -> None:
    """Tick every Done criterion for these items: work an import brings over as finished elsewhere (a Jira issue
    closed there), so that it may arrive Done. Called under the board's lock."""
    done = Criterion.objects.filter(board_id=board_id, kind=CriterionKind.DONE).values_list("pk", flat=True)
    CriterionCheck.objects.bulk_create(
        [
            CriterionCheck(board_id=board_id, item_id=item_id, criterion_id=criterion_id, actor=actor)
            for item_id in item_ids
            for criterion_id in done
        ],
        ignore_conflicts=True,  # already ticked
    )


@transaction.atomic
def check_set(*, acting: Membership, item_id: int, criterion_id: int, met: bool) -> bool:
    """Tick (or untick) one criterion for one item: any member may. A criterion or an item of another board is
    missing (404). Ticking a Ready criterion may make the item ready, unticking one unready. Returns `met`."""
    board = lock_board(acting.board_id)
    if not BacklogItem.objects.filter(board=board, pk=item_id).exists():
        raise Http404(_("No such item."))
    criterion = Criterion.objects.filter(board=board, pk=criterion_id).only("kind").first()
    if criterion is None:
        raise Http404(_("No such criterion on this board."))
    if met:
        _check, created = CriterionCheck.objects.get_or_create(
            item_id=item_id, criterion=criterion, defaults={"board": board, "actor": acting.user}
        )
        changed = created
    else:
        changed = CriterionCheck.objects.filter(item_id=item_id, criterion=criterion).delete()[0] > 0
    if changed and criterion.kind == CriterionKind.READY:
        _ready_refresh(board.pk, BacklogItem.objects.filter(pk=item_id))
    if changed:
        publish_board(board, "item.updated", item=item_id)
    return met


def _clean_list(kind: str, entries: Sequence[Mapping[str, Any]], existing: Mapping[int, Criterion]) -> list[dict]:
    if len(entries) > CRITERIA_LIMIT:
        raise InvalidInput(_("At most %(limit)d criteria in a list.") % {"limit": CRITERIA_LIMIT}, field=kind)
    cleaned, seen = [], set()
    for entry in entries:
        text = str(entry.get("text") or "").strip()
        if not text:
            raise InvalidInput(_("A criterion needs a text."), field=kind)
        if len(text) > Criterion.TEXT_LIMIT:
            raise InvalidInput(
                _("Keep a criterion to %(limit)d characters.") % {"limit": Criterion.TEXT_LIMIT}, field=kind
            )
        criterion_id = entry.get("id")
        if criterion_id is not None:
            found = existing.get(criterion_id)
            if found is None or found.kind != kind or criterion_id in seen:
                raise InvalidInput(
                    _("No criterion %(id)s in this list.") % {"id": criterion_id},
                    field=kind,
                )
            seen.add(criterion_id)
        cleaned.append({"id": criterion_id, "text": text})
    return cleaned


@transaction.atomic
def definitions_set(
    *, acting: Membership, ready: Sequence[Mapping[str, Any]], done: Sequence[Mapping[str, Any]]
) -> None:
    """Replace both lists, in the order given: the Product Owner's or the Scrum Master's call. An entry with an
    `id` keeps that criterion (renamed, moved, its ticks kept); one without is new (ticked nowhere); a criterion
    left out is deleted with its ticks. Every item's `ready` follows in the same transaction."""
    require_role(acting, *DEFINITION_ROLES, action=_("change the Definition of Ready and Done"))
    board = lock_board(acting.board_id)
    definitions_write(board=board, lists={CriterionKind.READY: ready, CriterionKind.DONE: done})


def definitions_write(*, board: Board, lists: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    """Under the board's lock: write the lists given (by kind), leave the others."""
    existing = {c.pk: c for c in Criterion.objects.filter(board=board)}
    cleaned = {kind: _clean_list(kind, entries, existing) for kind, entries in lists.items()}
    kept = {entry["id"] for entries in cleaned.values() for entry in entries if entry["id"] is not None}
    gone = [pk for pk, c in existing.items() if c.kind in cleaned and pk not in kept]
    Criterion.objects.filter(pk__in=gone).delete()
    changed, new = [], []
    for kind, entries in cleaned.items():
        for position, entry in enumerate(entries):
            if entry["id"] is None:
                new.append(Criterion(board=board, kind=kind, text=entry["text"], position=position))
                continue
            criterion = existing[entry["id"]]
            if (criterion.text, criterion.position) != (entry["text"], position):
                criterion.text, criterion.position = entry["text"], position
                changed.append(criterion)
    Criterion.objects.bulk_update(changed, ["text", "position"])
    Criterion.objects.bulk_create(new)
    if gone or new or changed:
        _ready_refresh(board.pk)
        publish_board(board, "item.updated", definitions=True)


@transaction.atomic
def criterion_edit(
    *, acting: Membership, kind: str, action: str, criterion_id: int | None = None, text: str = ""
) -> None:
    """One change to one list, as the settings page makes it: `add` a criterion at the end, `rename`, `delete`,
    or move it `up` or `down`. Read and written under the board's lock, so it applies to the list as it is."""
    require_role(acting, *DEFINITION_ROLES, action=_("change the Definition of Ready and Done"))
    if kind not in CriterionKind.values:
        raise InvalidInput(_("Unknown list %(kind)r.") % {"kind": kind}, field="kind")
    board = lock_board(acting.board_id)
    entries = [
        {"id": c.pk, "text": c.text}
        for c in Criterion.objects.filter(board=board, kind=kind).order_by("position", "pk")
    ]
    if action == "add":
        entries.append({"id": None, "text": text})
    else:
        index = next((i for i, entry in enumerate(entries) if entry["id"] == criterion_id), None)
        if index is None:
            raise Http404(_("No such criterion on this board."))
        if action == "rename":
            entries[index]["text"] = text
        elif action == "delete":
            del entries[index]
        elif action in ("up", "down"):
            other = index - 1 if action == "up" else index + 1
            if 0 <= other < len(entries):
                entries[index], entries[other] = entries[other], entries[index]
        else:
            raise InvalidInput(_("Unknown change %(action)r.") % {"action": action}, field="action")
    definitions_write(board=board, lists={kind: entries})
