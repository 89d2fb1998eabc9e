"""Writes of backlog items: create (one or many), update with history, delete, and the backlog order."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from boards import ranking
from boards.events import publish_board
from boards.locks import lock_board, lock_items
from boards.models import (
    ITEM_TEXT_LIMITS,
    POINT_VALUES,
    BacklogItem,
    Board,
    ItemEvent,
    Kind,
    Membership,
    Role,
    Status,
)
from boards.selectors import require_role
from boards.services.definitions import definition_of_ready_exists, done_ticked, require_done_met
from boards.services.item_news import ItemEdit, items_created_news, items_edited_news
from boards.services.labels import board_labels, item_labels_set, labels_named
from scrum_app.errors import InvalidInput
from scrum_app.ids import is_id
from scrum_app.versions import check_version, locked_at_version, next_version

BACKLOG_ORDER_ROLES = (Role.PRODUCT_OWNER, Role.SCRUM_MASTER)
# The text fields as an error names them ("Keep description to … characters"): the fields' own verbose names.
ITEM_TEXT_NAMES = {name: BacklogItem._meta.get_field(name).verbose_name for name in ITEM_TEXT_LIMITS}
BULK_LIMIT = 500


def _validate_item_fields(fields: Mapping[str, Any]) -> None:
    """The domain's own checks of the values, whatever the caller already validated (the assignee's membership is
    checked under the board's lock: `_check_assignee`)."""
    if "title" in fields and not str(fields["title"] or "").strip():
        raise InvalidInput(_("An item needs a title."), field="title")
    for name, limit in ITEM_TEXT_LIMITS.items():
        if name in fields and len(fields[name] or "") > limit:
            raise InvalidInput(
                _("Keep %(field)s to %(limit)d characters.") % {"field": ITEM_TEXT_NAMES[name], "limit": limit},
                field=name,
            )
    if "kind" in fields and fields["kind"] not in Kind.values:
        raise InvalidInput(
            _("Unknown kind %(kind)r; use one of %(kinds)s.")
            % {"kind": fields["kind"], "kinds": ", ".join(Kind.values)},
            field="kind",
        )
    if "status" in fields and fields["status"] not in Status.values:
        raise InvalidInput(
            _("Unknown status %(status)r; use one of %(statuses)s.")
            % {"status": fields["status"], "statuses": ", ".join(Status.values)},
            field="status",
        )
    if fields.get("points") is not None and fields["points"] not in POINT_VALUES:
        raise InvalidInput(
            _("Story points are one of %(points)s, or empty.") % {"points": ", ".join(map(str, POINT_VALUES))},
            field="points",
        )


def _check_assignee(board_id: int, fields: Mapping[str, Any], *, member_ids: set[int] | None = None) -> None:
    """The assignee is a member of the board. Called under the board's lock, which a member's removal takes too, so
    an item is never left assigned to someone removed meanwhile.

    `member_ids`, the board's members' user ids when the caller has them, saves a query per assignee.
    """
    assignee = fields.get("assignee")
    if assignee is not None and not (
        assignee.pk in member_ids
        if member_ids is not None
        else Membership.objects.filter(board_id=board_id, user=assignee).exists()
    ):
        raise InvalidInput(
            _("%(username)s is not a member of this board.") % {"username": assignee.username}, field="assignee"
        )


def _epics_of(board_id: int, entries: Sequence[Mapping[str, Any]]) -> dict[int, BacklogItem]:
    """The items the entries name as their epic, of this board only, by id (one query)."""
    ids = {_epic_id(entry["epic"]) for entry in entries if is_id(_epic_id(entry.get("epic")))}
    if not ids:
        return {}
    return {epic.pk: epic for epic in BacklogItem.objects.filter(board_id=board_id, pk__in=ids).only("kind")}


def _epic_id(value: Any) -> Any:
    return value.pk if isinstance(value, BacklogItem) else value


def _check_epic(fields: dict[str, Any], *, kind: str, epics: dict[int, BacklogItem], item_id: int | None) -> None:
    """The item's epic is an epic of its board, and the item no epic itself: `fields["epic"]` (an id or an item) is
    replaced by that epic. Called under the board's lock, which a change of the epic's kind takes too."""
    epic_id = _epic_id(fields.get("epic"))
    if epic_id is None:
        return
    if kind == Kind.EPIC:
        raise InvalidInput(_("An epic cannot belong to an epic."), field="epic")
    epic = epics.get(epic_id) if is_id(epic_id) else None
    if epic is None:
        raise InvalidInput(_("No item %(id)s on this board.") % {"id": epic_id}, field="epic")
    if epic.kind != Kind.EPIC or epic.pk == item_id:
        raise InvalidInput(_("Item #%(id)s is not an epic.") % {"id": epic_id}, field="epic")
    fields["epic"] = epic


def _event(item: BacklogItem, field: str, old: object, new: object, actor: AbstractBaseUser | None) -> ItemEvent:
    def text(value: object) -> str:
        return "" if value is None else str(value)

    return ItemEvent(
        board_id=item.board_id,
        item=item,
        field=field,
        old_value=text(old),
        new_value=text(new),
        actor=actor,
        at=timezone.now(),
    )


def _username(user: AbstractBaseUser | None) -> str:
    return user.get_username()[:50] if user is not None else ""


def assignee_events(
    items: Sequence[BacklogItem],
    assignee: AbstractBaseUser | None,
    actor: AbstractBaseUser | None,
    *,
    known: Sequence[BacklogItem] = (),
) -> list[ItemEvent]:
    """The history of `items` (as locked: their `assignee_id`s as stored) passing to `assignee`, old and new by
    username. The old assignees come from `known` (the caller's items, their assignee loaded) when they are the same,
    else from one query for them all."""
    cached = {i.assignee_id: i.assignee for i in known if BacklogItem.assignee.is_cached(i)}
    missing = {i.assignee_id for i in items if i.assignee_id is not None and i.assignee_id not in cached}
    if missing:
        cached.update({user.pk: user for user in get_user_model().objects.filter(pk__in=missing)})
    return [
        _event(i, ItemEvent.Field.ASSIGNEE, _username(cached.get(i.assignee_id)), _username(assignee), actor)
        for i in items
    ]


@transaction.atomic
def item_create(*, board: Board, actor: AbstractBaseUser | None, title: str, **fields: Any) -> BacklogItem:
    """Add an item at the bottom of the backlog. Every member may."""
    return items_bulk_create(board=board, actor=actor, entries=[{"title": title, **fields}])[0]


@transaction.atomic
def items_bulk_create(
    *,
    board: Board,
    actor: AbstractBaseUser | None,
    entries: Sequence[Mapping[str, Any]],
    jira_keys: Sequence[str] | None = None,
) -> list[BacklogItem]:
    """Create all entries at the bottom of the backlog, in order, or none of them. An entry created Done needs an
    empty Definition of Done (a new item has nothing ticked): UnmetDefinition otherwise.

    `jira_keys`, one per entry, is an import's (transfer.jira): each item keeps its issue's key, and an entry Done in
    Jira arrives Done with the Definition of Done ticked, as finished there.

    An invalid entry raises InvalidInput with the field named as `<index>.<field>`.
    """
    if len(entries) > BULK_LIMIT:
        raise InvalidInput(_("At most %(limit)d items at once.") % {"limit": BULK_LIMIT}, field="items")
    # The board's lock keeps two creators from taking the same bottom rank, and the assignees members until commit.
    lock_board(board.pk)
    allowed = {*BacklogItem.EDITABLE, "labels"}
    # One query for the members, one for the labels and one for the epics, not one per entry (a bulk holds 500).
    member_ids = set(Membership.objects.filter(board=board).values_list("user_id", flat=True))
    known_labels = board_labels(board.pk) if any("labels" in entry for entry in entries) else {}
    epics = _epics_of(board.pk, entries)
    entries = [dict(entry) for entry in entries]
    labels = []
    for index, entry in enumerate(entries):
        unknown = set(entry) - allowed
        try:
            if unknown:
                raise InvalidInput(_("This field cannot be set."), field=sorted(unknown)[0])
            _validate_item_fields({"title": "", **entry})
            _check_assignee(board.pk, entry, member_ids=member_ids)
            _check_epic(entry, kind=entry.get("kind", Kind.STORY), epics=epics, item_id=None)
            labels.append(labels_named(known_labels, entry.pop("labels", [])))
        except InvalidInput as error:
            prefix = f"{index}." if len(entries) > 1 else ""
            raise InvalidInput(error.message, field=f"{prefix}{error.field}") from None
    if jira_keys is None and any(entry.get("status") == Status.DONE for entry in entries):
        require_done_met(board_id=board.pk, item_id=None)  # a new item has no ticks
    # A new item has nothing ticked: it is ready only when the Definition of Ready is empty.
    ready = not definition_of_ready_exists(board_id=board.pk)
    rank = ranking.rank_after_last(board)
    items = []
    for offset, entry in enumerate(entries):
        items.append(
            BacklogItem(
                board=board,
                rank=rank + offset * ranking.STEP,
                created_by=actor,
                updated_by=actor,
                ready=ready,
                jira_key=jira_keys[offset] if jira_keys is not None else None,
                **entry,
            )
        )
    created = BacklogItem.objects.bulk_create(items)
    if jira_keys is not None:
        done_ticked(
            board_id=board.pk, item_ids=[item.pk for item in created if item.status == Status.DONE], actor=actor
        )
    if any(labels):
        item_labels_set(created, labels)
    ItemEvent.objects.bulk_create([_event(item, ItemEvent.Field.CREATED, None, item.status, actor) for item in created])
    items_created_news(items=created, actor=actor, notify=jira_keys is None)
    publish_board(board, "item.created", items=[item.pk for item in created])
    return created


def _differs(item: BacklogItem, name: str, value: Any) -> bool:
    if name in ("assignee", "epic"):
        return getattr(item, f"{name}_id") != (value.pk if value is not None else None)
    return getattr(item, name) != value


@transaction.atomic
def item_update(
    *, actor: AbstractBaseUser | None, item: BacklogItem, version: int | None = None, **fields: Any
) -> BacklogItem:
    """Edit an item or move it across columns. Every member may; status and points changes enter its history. It
    reaches Done only with every criterion of the board's Definition of Done ticked (UnmetDefinition otherwise).

    With `version` (the one the editor loaded) a write made from an older version raises StaleVersion and changes
    nothing. The caller has checked that `actor` may see the item's board (pages and API through membership_for).
    """
    allowed = {*BacklogItem.EDITABLE, "labels"}
    unknown = set(fields) - allowed
    if unknown:
        raise InvalidInput(_("This field cannot be changed here."), field=sorted(unknown)[0])
    _validate_item_fields(fields)
    lock_board(item.board_id)
    _check_assignee(item.board_id, fields)
    # Compare against the row as it is under lock, so two editors never both record the same "old" value, nor both
    # save from the same version.
    locked = lock_items(
        BacklogItem.objects.only("board_id", "status", "points", "assignee_id", "kind", "epic_id", "version").filter(
            pk=item.pk
        )
    )
    if not locked:  # deleted since the caller read it
        raise Http404(_("No such item."))
    current = locked[0]
    check_version(current, version, what="item")
    _check_epic_rules(current, fields)
    labels = labels_named(board_labels(item.board_id), fields.pop("labels")) if "labels" in fields else None
    if fields.get("status") == Status.DONE and current.status != Status.DONE:
        require_done_met(board_id=item.board_id, item_id=item.pk)
    events = [
        _event(item, name, getattr(current, name), fields[name], actor)
        for name in ("status", "points")
        if name in fields and fields[name] != getattr(current, name)
    ]
    if "assignee" in fields and _differs(current, "assignee", fields["assignee"]):
        events += assignee_events([current], fields["assignee"], actor, known=[item])
    changed = [name for name, value in fields.items() if _differs(current, name, value) or _differs(item, name, value)]
    for name, value in fields.items():
        setattr(item, name, value)
    item.updated_by = actor
    item.version = next_version()  # the saved value comes back from the UPDATE
    item.save(update_fields=[*changed, "updated_by", "updated_at", "version"])
    if labels is not None:
        item_labels_set([item], [labels])
    ItemEvent.objects.bulk_create(events)
    assignee = fields.get("assignee")
    items_edited_news(
        board_id=item.board_id,
        actor=actor,
        edits=[
            ItemEdit(
                item=item,
                edit=current.version,
                assignee_id=assignee.pk if assignee is not None and assignee.pk != current.assignee_id else None,
                status=fields["status"] if fields.get("status", current.status) != current.status else None,
            )
        ],
    )
    publish_board(item.board if BacklogItem.board.is_cached(item) else item.board_id, "item.updated", item=item.pk)
    return item


def _check_epic_rules(current: BacklogItem, fields: dict[str, Any]) -> None:
    """An edit keeps the epics' rules: the item's epic is an epic of its board, an epic is in no epic, and an epic
    that still has items stays an epic (refused, naming `kind`: its items would be left in a story)."""
    kind = fields.get("kind", current.kind)
    if "epic" in fields:
        _check_epic(fields, kind=kind, epics=_epics_of(current.board_id, [fields]), item_id=current.pk)
    elif kind == Kind.EPIC and current.epic_id is not None:
        raise InvalidInput(_("An epic cannot belong to an epic: take it out of its epic first."), field="epic")
    if current.kind == Kind.EPIC and kind != Kind.EPIC and BacklogItem.objects.filter(epic_id=current.pk).exists():
        raise InvalidInput(_("This epic has items: take them out of it before changing its kind."), field="kind")


@transaction.atomic
def item_delete(*, acting: Membership, item: BacklogItem, version: int | None = None) -> None:
    """Delete an item: the Product Owner's or the Scrum Master's call. A stale `version` raises StaleVersion."""
    require_role(acting, *BACKLOG_ORDER_ROLES, action=_("delete items"))
    item_remove(item=item, version=version)


@transaction.atomic
def item_remove(*, item: BacklogItem, version: int | None = None) -> None:
    """Delete an item for a caller that checked its own permission (item_delete, the admin): the board locked first,
    and everyone on the board's pages told."""
    lock_board(item.board_id)
    locked_at_version(BacklogItem.objects.only("version"), pk=item.pk, version=version, what="item")
    item_id, board_id = item.pk, item.board_id
    item.delete()
    publish_board(item.board if BacklogItem.board.is_cached(item) else board_id, "item.deleted", item=item_id)


@transaction.atomic
def item_move(
    *,
    acting: Membership,
    item_id: int,
    before: int | None = None,
    after: int | None = None,
    position: str | None = None,
) -> int:
    """Put one item before or after another, or at the top or bottom, and return its new rank.

    Writes one item row in five queries; about one move in thirty into the same spot also re-spaces a few
    neighbours (boards.ranking.make_room), never the whole board. Moves on one board are serialised by the board's
    lock (boards.locks), so two people moving at once never produce a duplicate or lost position.
    """
    require_role(acting, *BACKLOG_ORDER_ROLES, action=_("change the backlog order"))
    given = [
        name for name, value in (("before", before), ("after", after), ("position", position)) if value is not None
    ]
    if len(given) != 1:
        raise InvalidInput(
            _("Give exactly one of before, after or position."), field="position" if not given else given[1]
        )
    if position is not None and position not in ("top", "bottom"):
        raise InvalidInput(_("position is top or bottom."), field="position")
    board = lock_board(acting.board_id)  # serialises the board's moves
    if not BacklogItem.objects.filter(board=board, pk=item_id).exists():
        raise Http404(_("No such item."))
    new_rank = _target_rank(board, item_id, before=before, after=after, position=position)
    if isinstance(new_rank, ranking.NoRoom):
        ranking.make_room(board, above=new_rank.above, excluding=item_id)
        new_rank = _target_rank(board, item_id, before=before, after=after, position=position)
    assert isinstance(new_rank, int)  # make_room left room at the gap
    BacklogItem.objects.filter(pk=item_id).update(rank=new_rank, updated_by=acting.user, updated_at=timezone.now())
    publish_board(acting.board, "item.moved", item=item_id)
    return new_rank


def _target_rank(
    board: Board, item_id: int, *, before: int | None, after: int | None, position: str | None
) -> int | ranking.NoRoom:
    """The free rank for the move, or NoRoom naming the gap when the neighbours leave no integer between them."""
    others = BacklogItem.objects.filter(board=board).exclude(pk=item_id)
    if position == "top":
        return ranking.rank_before_first(board, excluding=item_id)
    if position == "bottom":
        last = others.order_by("-rank").values_list("rank", flat=True).first()
        return 0 if last is None else last + ranking.STEP
    anchor_id = before if before is not None else after
    field = "before" if before is not None else "after"
    if anchor_id == item_id:
        raise InvalidInput(_("An item cannot move relative to itself."), field=field)
    anchor_rank = others.filter(pk=anchor_id).values("rank")
    if before is not None:
        pair = list(others.filter(rank__lte=anchor_rank).order_by("-rank").values_list("pk", "rank")[:2])
    else:
        pair = list(others.filter(rank__gte=anchor_rank).order_by("rank").values_list("pk", "rank")[:2])
    if not pair or pair[0][0] != anchor_id:
        raise InvalidInput(_("No item %(id)s on this board.") % {"id": anchor_id}, field=field)
    anchor = pair[0][1]
    if len(pair) == 1:
        return anchor - ranking.STEP if before is not None else anchor + ranking.STEP
    neighbour = pair[1][1]
    if abs(anchor - neighbour) < 2:
        return ranking.NoRoom(above=min(anchor, neighbour))
    return (anchor + neighbour) // 2
