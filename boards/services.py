"""Every write to boards, members and backlog items. Pages, the API and the admin all come through here.

Each service validates, checks the acting member's role, saves in one transaction and records item history. A write
that changes what the items endpoint answers calls boards.changes.items_changed in its transaction (a new writer of
items, in any app, must too: the endpoint's cached pages are keyed by the version it raises). Every write first locks
the board through boards.locks, which says in what order a write takes its locks.
"""

import zoneinfo
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boards import ranking
from boards.changes import items_changed
from boards.events import publish_board
from boards.locks import lock_board, lock_items, lock_memberships
from boards.models import (
    POINT_VALUES,
    BacklogItem,
    Board,
    Invitation,
    InvitationState,
    ItemEvent,
    Kind,
    Membership,
    Role,
    Status,
    WipLimit,
)
from boards.selectors import require_role
from scrum_app.errors import Conflict, InvalidInput
from scrum_app.versions import check_version, locked_at_version, next_version

User = get_user_model()

BACKLOG_ORDER_ROLES = (Role.PRODUCT_OWNER, Role.SCRUM_MASTER)
ITEM_TEXT_LIMITS = {"title": 200, "description": 20000, "acceptance_criteria": 20000}
# The text fields as an error names them ("Keep description to … characters").
ITEM_TEXT_NAMES = {
    "title": gettext_lazy("title"),
    "description": gettext_lazy("description"),
    "acceptance_criteria": gettext_lazy("acceptance criteria"),
}
# What became of an invitation that is no longer open, as the refusal to answer it says.
_STATE_PAST = {
    InvitationState.ACCEPTED: gettext_lazy("accepted"),
    InvitationState.DECLINED: gettext_lazy("declined"),
    InvitationState.REVOKED: gettext_lazy("revoked"),
    InvitationState.INVITED: gettext_lazy("invited"),
}
BULK_LIMIT = 500


# --- boards -----------------------------------------------------------------------------------------------------


def _validate_board_fields(fields: Mapping[str, Any]) -> None:
    if "name" in fields and not str(fields["name"]).strip():
        raise InvalidInput(_("A board needs a name."), field="name")
    if "name" in fields and len(fields["name"]) > 100:
        raise InvalidInput(_("Keep the name to 100 characters."), field="name")
    if "sprint_length_weeks" in fields and fields["sprint_length_weeks"] not in (1, 2, 3, 4):
        raise InvalidInput(_("Sprints last 1, 2, 3 or 4 weeks."), field="sprint_length_weeks")
    if "retro_vote_budget" in fields and not 1 <= fields["retro_vote_budget"] <= 20:
        raise InvalidInput(_("The vote budget is between 1 and 20."), field="retro_vote_budget")
    if "working_days" in fields:
        days = fields["working_days"]
        if not days or not all(isinstance(d, int) and 1 <= d <= 7 for d in days) or len(set(days)) != len(days):
            raise InvalidInput(
                _("Working days are ISO weekdays 1 (Monday) to 7 (Sunday), at least one."), field="working_days"
            )
    if "time_zone" in fields and fields["time_zone"] not in zoneinfo.available_timezones():
        raise InvalidInput(_("Unknown time zone %(zone)r.") % {"zone": fields["time_zone"]}, field="time_zone")


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "board"
    slug, n = base, 2
    while Board.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def board_create(*, user: AbstractBaseUser, name: str, slug: str = "", **fields: Any) -> Board:
    """Create a board; its creator becomes its Scrum Master."""
    fields = {"name": name, **fields}
    _validate_board_fields(fields)
    if slug:
        if slugify(slug) != slug:
            raise InvalidInput(_("A slug holds only lowercase letters, digits and hyphens."), field="slug")
        if Board.objects.filter(slug=slug).exists():
            raise Conflict(_("The slug %(slug)r is taken.") % {"slug": slug}, field="slug")
    else:
        slug = _unique_slug(name)
    fields["working_days"] = sorted(fields.get("working_days") or [1, 2, 3, 4, 5])
    try:
        with transaction.atomic():
            board = Board.objects.create(slug=slug, **fields)
    except IntegrityError:
        raise Conflict(_("The slug %(slug)r is taken.") % {"slug": slug}, field="slug") from None
    membership_add(board=board, user=user, role=Role.SCRUM_MASTER)
    return board


@transaction.atomic
def board_update(
    *,
    acting: Membership,
    version: int | None = None,
    wip_limits: Mapping[str, int | None] | None = None,
    **fields: Any,
) -> Board:
    """Change board settings and, with `wip_limits`, the given columns' limits (None clears one): the Scrum Master's
    job, all of it or nothing. With `version` (the one the editor loaded) a stale save raises StaleVersion."""
    require_role(acting, Role.SCRUM_MASTER, action=_("change the board settings"))
    allowed = {"name", "description", "sprint_length_weeks", "retro_vote_budget", "working_days", "time_zone"}
    unknown = set(fields) - allowed
    if unknown:
        raise InvalidInput(_("This setting cannot be changed."), field=sorted(unknown)[0])
    _validate_board_fields(fields)
    lock_board(acting.board_id)  # sprint planning reads the sprint length and time zone under it
    board = acting.board
    locked_at_version(Board.objects.only("version"), pk=board.pk, version=version, what="board's settings")
    if "working_days" in fields:
        fields["working_days"] = sorted(fields["working_days"])
    for name, value in fields.items():
        setattr(board, name, value)
    if wip_limits:
        wip_limits_set(acting=acting, limits=wip_limits)
    board.version = next_version()  # the saved value comes back from the UPDATE
    board.save(update_fields=[*fields, "version"])
    return board


@transaction.atomic
def wip_limit_set(*, acting: Membership, status: str, limit: int | None) -> None:
    """Set or clear (None) one column's WIP limit."""
    require_role(acting, Role.SCRUM_MASTER, action=_("change WIP limits"))
    if status not in Status.values:
        raise InvalidInput(_("Unknown column %(status)r.") % {"status": status}, field="status")
    lock_board(acting.board_id)
    if limit is None:
        WipLimit.objects.filter(board=acting.board, status=status).delete()
        return
    if not isinstance(limit, int) or limit < 1 or limit > 999:
        raise InvalidInput(_("A WIP limit is a whole number from 1 to 999, or empty for none."), field="limit")
    WipLimit.objects.update_or_create(board=acting.board, status=status, defaults={"limit": limit})


@transaction.atomic
def wip_limits_set(*, acting: Membership, limits: Mapping[str, int | None]) -> None:
    """Set or clear several columns' WIP limits at once: all of them, or none when one is invalid.

    An invalid entry raises InvalidInput with the field named `wip_limits.<status>`.
    """
    require_role(acting, Role.SCRUM_MASTER, action=_("change WIP limits"))
    for status, limit in limits.items():
        try:
            wip_limit_set(acting=acting, status=status, limit=limit)
        except InvalidInput as error:
            raise InvalidInput(error.message, field=f"wip_limits.{status}") from None


# --- members ----------------------------------------------------------------------------------------------------


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise InvalidInput(
            _("Unknown role %(role)r; use one of %(roles)s.") % {"role": role, "roles": ", ".join(Role.values)},
            field="role",
        )


def _save_membership(membership: Membership, *, fields: list[str] | None = None) -> Membership:
    try:
        with transaction.atomic():
            if fields:
                membership.save(update_fields=fields)
            else:
                membership.save()
    except IntegrityError:
        if membership.role == Role.PRODUCT_OWNER:
            raise Conflict(_("This board already has a Product Owner."), field="role") from None
        raise Conflict(
            _("%(username)s is already a member of this board.") % {"username": membership.user.username},
            field="username",
        ) from None
    return membership


@transaction.atomic
def membership_add(*, board: Board, user: AbstractBaseUser, role: str = Role.DEVELOPER) -> Membership:
    """Make `user` a member at once, without asking them: for a board's creator, the demo and scripts.

    People join a board only by accepting an invitation (invitation_create, invitation_accept): no page or API call
    adds anyone directly.
    """
    lock_board(board.pk)
    _check_role(role)
    return _save_membership(Membership(board=board, user=user, role=role))


# --- invitations ------------------------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, acting: Membership, username: str, role: str = Role.DEVELOPER) -> Invitation:
    """Invite the user named `username` to join with `role`; they accept or decline it, and until then it grants
    nothing.

    The answer is the same whether the name belongs to a user or not: a name no user has is stored as an invitation
    too (with no user, so nobody can accept it), and the Scrum Master learns nothing about who has an account. Names
    they can see anyway are refused with 409: a member of the board, a name already invited, a Product Owner when
    the board has one.
    """
    acting = _lock_members(acting, acting, action=_("invite members"))[0]
    _check_role(role)
    username = username.strip()
    if not username:
        raise InvalidInput(_("Name the user to invite."), field="username")
    board = acting.board
    if Membership.objects.filter(board=board, user__username=username).exists():
        raise Conflict(_("%(username)s is already a member of this board.") % {"username": username}, field="username")
    if role == Role.PRODUCT_OWNER and Membership.objects.filter(board=board, role=Role.PRODUCT_OWNER).exists():
        raise Conflict(_("This board already has a Product Owner."), field="role")
    invitation = Invitation(
        board=board,
        user=User.objects.filter(username=username).first(),
        username=username,
        role=role,
        created_by=acting.user,
    )
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise Conflict(
            _("%(username)s is already invited to this board.") % {"username": username}, field="username"
        ) from None
    return invitation


def _locked_invitation(invitations: QuerySet[Invitation], invitation_id: int) -> Invitation:
    """One of `invitations`, its row locked until the transaction ends (404 when it is not among them). Its board is
    locked first, as every writer of memberships does (boards.locks)."""
    board_id = invitations.filter(pk=invitation_id).values_list("board_id", flat=True).first()
    if board_id is None:
        raise Http404(_("No such invitation."))
    lock_board(board_id)
    invitation = (
        invitations.select_for_update(of=("self",))
        .select_related("board", "created_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise Http404(_("No such invitation."))
    return invitation


def _answer(invitation: Invitation, state: str) -> None:
    if invitation.state != InvitationState.INVITED:
        raise Conflict(
            _("This invitation is no longer open: it was %(state)s.") % {"state": _STATE_PAST[invitation.state]},
            field="invitation",
        )
    invitation.state = state
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["state", "answered_at"])


@transaction.atomic
def invitation_accept(*, user: AbstractBaseUser, invitation_id: int) -> Invitation:
    """The invitee joins the board with the invited role. Only they may (anyone else gets 404).

    The invitation's row is locked, so accepting twice at once makes one member; a board that got a Product Owner
    since a Product Owner was invited answers 409 and the invitation stays open.
    """
    invitation = _locked_invitation(Invitation.objects.filter(user=user), invitation_id)
    _answer(invitation, InvitationState.ACCEPTED)
    _save_membership(Membership(board=invitation.board, user=user, role=invitation.role))
    return invitation


@transaction.atomic
def invitation_decline(*, user: AbstractBaseUser, invitation_id: int) -> Invitation:
    """The invitee says no: nothing changes on the board. Only they may (anyone else gets 404)."""
    invitation = _locked_invitation(Invitation.objects.filter(user=user), invitation_id)
    _answer(invitation, InvitationState.DECLINED)
    return invitation


@transaction.atomic
def invitation_revoke(*, acting: Membership, invitation_id: int) -> Invitation:
    """The Scrum Master withdraws a pending invitation of their board (one of another board, or answered, is 404)."""
    acting = _lock_members(acting, acting, action=_("revoke invitations"))[0]
    pending = Invitation.objects.filter(board=acting.board, state=InvitationState.INVITED)
    invitation = _locked_invitation(pending, invitation_id)
    _answer(invitation, InvitationState.REVOKED)
    return invitation


def _lock_members(acting: Membership, member: Membership, *, action: str) -> tuple[Membership, Membership]:
    """Lock the board, then the acting Scrum Master's membership and `member`'s; return both as they are now.

    The acting member must still be a Scrum Master under the lock: the member a write changes may be the one acting
    in another request, which has just demoted or removed them. A `member` removed meanwhile is a 404.
    """
    board = lock_board(acting.board_id)
    locked = lock_memberships([acting.pk, member.pk])
    current = locked.get(acting.pk)
    if current is None:
        raise Http404(_("You are no longer a member of this board."))
    require_role(current, Role.SCRUM_MASTER, action=action)
    current.board = board
    target = locked.get(member.pk)
    if target is None or target.board_id != board.pk:
        raise Http404(_("No such member."))
    target.board = board
    return current, target


def _keep_a_scrum_master(membership: Membership) -> None:
    """A board always has a Scrum Master. Called under the board's lock, which every writer of memberships takes."""
    if membership.role != Role.SCRUM_MASTER:
        return
    others = Membership.objects.filter(board_id=membership.board_id, role=Role.SCRUM_MASTER).exclude(pk=membership.pk)
    if not others.exists():
        raise Conflict(_("A board needs at least one Scrum Master; appoint another first."), field="role")


@transaction.atomic
def member_change_role(*, acting: Membership, member: Membership, role: str) -> Membership:
    """Give a member another role (Scrum Master only). The board keeps one Product Owner at most and one Scrum
    Master at least; checked under the board's lock, so two Scrum Masters demoting each other at once demote one."""
    acting, member = _lock_members(acting, member, action=_("change roles"))
    _check_role(role)
    if member.role == role:
        return member
    _keep_a_scrum_master(member)
    member.role = role
    return _save_membership(member, fields=["role"])


@transaction.atomic
def member_remove(*, acting: Membership, member: Membership) -> None:
    """Remove a member (Scrum Master only); their items become unassigned. The last Scrum Master stays."""
    member = _lock_members(acting, member, action=_("remove members"))[1]
    _keep_a_scrum_master(member)
    items_changed(board_id=member.board_id)  # their items lose their assignee
    BacklogItem.objects.filter(board_id=member.board_id, assignee_id=member.user_id).update(
        assignee=None, version=next_version()
    )
    member.delete()


# --- backlog items ----------------------------------------------------------------------------------------------


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


@transaction.atomic
def item_create(*, board: Board, actor: AbstractBaseUser | None, title: str, **fields: Any) -> BacklogItem:
    """Add an item at the bottom of the backlog. Every member may."""
    return items_bulk_create(board=board, actor=actor, entries=[{"title": title, **fields}])[0]


@transaction.atomic
def items_bulk_create(
    *, board: Board, actor: AbstractBaseUser | None, entries: Sequence[Mapping[str, Any]]
) -> list[BacklogItem]:
    """Create all entries at the bottom of the backlog, in order, or none of them.

    An invalid entry raises InvalidInput with the field named as `<index>.<field>`.
    """
    if len(entries) > BULK_LIMIT:
        raise InvalidInput(_("At most %(limit)d items at once.") % {"limit": BULK_LIMIT}, field="items")
    # The board's lock keeps two creators from taking the same bottom rank, and the assignees members until commit.
    lock_board(board.pk)
    items_changed(board_id=board.pk)
    allowed = {"title", "kind", "description", "acceptance_criteria", "points", "status", "assignee", "ready"}
    # One query for the members, not one per assigned entry (a bulk holds up to 500).
    member_ids = set(Membership.objects.filter(board=board).values_list("user_id", flat=True))
    for index, entry in enumerate(entries):
        unknown = set(entry) - allowed
        try:
            if unknown:
                raise InvalidInput(_("This field cannot be set."), field=sorted(unknown)[0])
            _validate_item_fields({"title": "", **entry})
            _check_assignee(board.pk, entry, member_ids=member_ids)
        except InvalidInput as error:
            prefix = f"{index}." if len(entries) > 1 else ""
            raise InvalidInput(error.message, field=f"{prefix}{error.field}") from None
    rank = ranking.rank_after_last(board)
    items = []
    for offset, entry in enumerate(entries):
        items.append(
            BacklogItem(
                board=board,
                rank=rank + offset * ranking.STEP,
                created_by=actor,
                updated_by=actor,
                **entry,
            )
        )
    created = BacklogItem.objects.bulk_create(items)
    ItemEvent.objects.bulk_create([_event(item, ItemEvent.Field.CREATED, None, item.status, actor) for item in created])
    publish_board(board, "item.created", items=[item.pk for item in created])
    return created


def _differs(item: BacklogItem, name: str, value: Any) -> bool:
    if name == "assignee":
        return item.assignee_id != (value.pk if value is not None else None)
    return getattr(item, name) != value


@transaction.atomic
def item_update(
    *, actor: AbstractBaseUser | None, item: BacklogItem, version: int | None = None, **fields: Any
) -> BacklogItem:
    """Edit an item or move it across columns. Every member may; status and points changes enter its history.

    With `version` (the one the editor loaded) a write made from an older version raises StaleVersion and changes
    nothing. The caller has checked that `actor` may see the item's board (pages and API through membership_for).
    """
    allowed = {"title", "kind", "description", "acceptance_criteria", "points", "status", "assignee", "ready"}
    unknown = set(fields) - allowed
    if unknown:
        raise InvalidInput(_("This field cannot be changed here."), field=sorted(unknown)[0])
    _validate_item_fields(fields)
    lock_board(item.board_id)
    items_changed(board_id=item.board_id)
    _check_assignee(item.board_id, fields)
    # Compare against the row as it is under lock, so two editors never both record the same "old" value, nor both
    # save from the same version.
    locked = lock_items(BacklogItem.objects.only("status", "points", "assignee_id", "version").filter(pk=item.pk))
    if not locked:  # deleted since the caller read it
        raise Http404(_("No such item."))
    current = locked[0]
    check_version(current, version, what="item")
    events = [
        _event(item, name, getattr(current, name), fields[name], actor)
        for name in ("status", "points")
        if name in fields and fields[name] != getattr(current, name)
    ]
    changed = [name for name, value in fields.items() if _differs(current, name, value) or _differs(item, name, value)]
    for name, value in fields.items():
        setattr(item, name, value)
    item.updated_by = actor
    item.version = next_version()  # the saved value comes back from the UPDATE
    item.save(update_fields=[*changed, "updated_by", "updated_at", "version"])
    ItemEvent.objects.bulk_create(events)
    publish_board(item.board if BacklogItem.board.is_cached(item) else item.board_id, "item.updated", item=item.pk)
    return item


@transaction.atomic
def item_delete(*, acting: Membership, item: BacklogItem, version: int | None = None) -> None:
    """Delete an item: the Product Owner's or the Scrum Master's call. A stale `version` raises StaleVersion."""
    require_role(acting, *BACKLOG_ORDER_ROLES, action=_("delete items"))
    lock_board(item.board_id)
    items_changed(board_id=item.board_id)
    locked_at_version(BacklogItem.objects.only("version"), pk=item.pk, version=version, what="item")
    item_id = item.pk
    item.delete()
    publish_board(acting.board, "item.deleted", item=item_id)


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
    items_changed(board_id=board.pk)
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
