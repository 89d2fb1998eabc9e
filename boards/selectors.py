"""Reads with access checks. Outsiders get 404, never a hint that a board exists."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connection, models
from django.db.models import Count, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Col
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from accounts.models import Profile
from accounts.preferences import remember
from boards.filters import ItemFilters, filtered
from boards.models import (
    NOT_SPLIT,
    BacklogItem,
    Board,
    ChecklistEntry,
    Criterion,
    CriterionKind,
    Invitation,
    InvitationState,
    Membership,
    Role,
    SavedFilter,
    Status,
)
from scrum_app.ids import row_or_404

# The roles as a sentence names them (Russian writes them in lower case there, the labels capitalised).
ROLE_NAMES = {
    Role.PRODUCT_OWNER: pgettext_lazy("role in a sentence", "Product Owner"),
    Role.SCRUM_MASTER: pgettext_lazy("role in a sentence", "Scrum Master"),
    Role.DEVELOPER: pgettext_lazy("role in a sentence", "Developer"),
}


def membership_for(*, user: AbstractBaseUser | AnonymousUser, slug: str) -> Membership:
    """The caller's membership of the board `slug`, with the board loaded; 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404(_("No such board."))
    # Every board request starts here, so the query is kept lean: no ordering (the pair is unique) and no join to
    # the user, who is already at hand.
    membership = Membership.objects.select_related("board").filter(board__slug=slug, user=user).order_by()[:1]
    membership = next(iter(membership), None)
    if membership is None:
        raise Http404(_("No such board."))
    membership.user = user
    return membership


def membership_for_token(*, key: str, slug: str) -> Membership | None:
    """The membership of the board `slug` held by the user of the API token `key`, with the board, the user, the
    token and the user's preferences (accounts.preferences) loaded, in one query; None when the token is unknown or
    its user is not a member.

    It decides nothing about the user: the caller refuses an inactive one, as DRF's token authentication does.
    """
    query = _token_membership_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(query.sql, [slug, key])
        row = cursor.fetchone()
    if row is None:
        return None
    membership, board, user, token = query.instances(row[:-2])
    membership.board, membership.user, user.auth_token = board, user, token
    language, time_zone = row[-2:]
    remember(user, language=language, time_zone=time_zone)
    return membership


Converters = list[tuple[Col, list[Callable[..., Any]]]]


@dataclass(frozen=True)
class _RowQuery:
    """A SELECT of several models' every column, and how to turn its row into their instances as the ORM does."""

    sql: str
    parts: tuple[tuple[type[models.Model], Converters], ...]

    def instances(self, row: Sequence[Any]) -> list[models.Model]:
        found, start = [], 0
        for model, columns in self.parts:
            values = list(row[start : start + len(columns)])
            start += len(columns)
            for index, (col, converters) in enumerate(columns):
                for convert in converters:
                    values[index] = convert(values[index], col, connection)
            found.append(model.from_db(DEFAULT_DB_ALIAS, None, values))
        return found


@cache
def _token_membership_query(vendor: str) -> _RowQuery:
    """membership_for_token's SELECT, written once per process from the models' own tables, columns and converters.

    Every API request on a board runs it first. Built through the ORM on each request it cost four times the CPU of
    this (0.8 ms against 0.2 ms, docs/benchmarks.md), most of it compiling the same four-table SELECT again.
    """
    from rest_framework.authtoken.models import Token  # the model DRF's token authentication reads

    user_model = get_user_model()
    q = connection.ops.quote_name
    columns, parts = [], []
    for model, alias in ((Membership, "m"), (Board, "b"), (user_model, "u"), (Token, "t")):
        if model._meta.parents:  # multi-table inheritance: its columns are in several tables
            raise ImproperlyConfigured(f"membership_for_token reads {model.__name__} from one table only.")
        converters: Converters = []
        for field in model._meta.concrete_fields:
            columns.append(f"{alias}.{q(field.column)}")
            col = field.get_col(alias)
            converters.append((col, [*connection.ops.get_db_converters(col), *col.get_db_converters(connection)]))
        parts.append((model, converters))

    def column(model: type[models.Model], name: str) -> str:
        return q(model._meta.get_field(name).column)

    table = {model: q(model._meta.db_table) for model in (Membership, Board, user_model, Token, Profile)}
    user_pk = q(user_model._meta.pk.column)
    # Then the user's language and time zone (NULL without a profile): every answer is in their language.
    columns += [f"p.{column(Profile, 'language')}", f"p.{column(Profile, 'time_zone')}"]
    # Identifiers from the models' metadata, quoted; the slug and the key go as parameters.
    sql = (
        f"SELECT {', '.join(columns)} FROM {table[Membership]} m"  # noqa: S608
        f" JOIN {table[Board]} b ON b.{q(Board._meta.pk.column)} = m.{column(Membership, 'board')}"
        f" JOIN {table[user_model]} u ON u.{user_pk} = m.{column(Membership, 'user')}"
        f" JOIN {table[Token]} t ON t.{column(Token, 'user')} = u.{user_pk}"
        f" LEFT JOIN {table[Profile]} p ON p.{column(Profile, 'user')} = u.{user_pk}"
        f" WHERE b.{column(Board, 'slug')} = %s AND t.{q(Token._meta.pk.column)} = %s"
    )
    return _RowQuery(sql=sql, parts=tuple(parts))


def require_role(membership: Membership, *roles: str, action: str) -> None:
    """403 naming the roles needed, unless the member holds one of them.

    `action` is what the roles may do, translated by the caller, e.g. `_("change the board settings")`.
    """
    if membership.role in roles:
        return
    names = str(ROLE_NAMES[roles[0]])
    for role in roles[1:]:
        names = _("%(roles)s or the %(role)s") % {"roles": names, "role": ROLE_NAMES[role]}
    raise PermissionDenied(
        _("Only the %(roles)s can %(action)s; you are a %(role)s.")
        % {"roles": names, "action": action, "role": ROLE_NAMES[membership.role]}
    )


def boards_for_user(*, user: AbstractBaseUser) -> QuerySet[Board]:
    """The user's boards with their member and item counts (one query).

    The counts are subqueries: counting through the joins would count only the user's own membership and multiply
    members by items.
    """

    def count_of(model: type[models.Model]) -> Subquery:
        rows = model.objects.filter(board=OuterRef("pk")).order_by().values("board").annotate(n=Count("pk"))
        return Coalesce(Subquery(rows.values("n")), 0)

    return (
        Board.objects.filter(pk__in=Membership.objects.filter(user=user).values("board_id"))
        .annotate(member_count=count_of(Membership), item_count=count_of(BacklogItem))
        .order_by("name")
    )


def members_of(*, board: Board) -> QuerySet[Membership]:
    return Membership.objects.filter(board=board).select_related("user").order_by("user__username")


def member_by_username(*, board: Board, username: str) -> Membership:
    membership = members_of(board=board).filter(user__username=username).first()
    if membership is None:
        raise Http404(_("No such member on this board."))
    return membership


def _pending() -> QuerySet[Invitation]:
    """Invitations waiting for an answer: not answered, and their link (if any) not past its time."""
    return Invitation.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()), state=InvitationState.INVITED
    )


def invitations_for_user(*, user: AbstractBaseUser) -> QuerySet[Invitation]:
    """The invitations waiting for the user's answer, oldest first, with their boards and who sent them."""
    return _pending().filter(user=user).select_related("board", "created_by").order_by("created_at", "pk")


def invitations_of_board(*, board: Board) -> QuerySet[Invitation]:
    """The board's pending invitations, by name, then by address: for its Scrum Master's eyes (they name people who
    are not members)."""
    return _pending().filter(board=board).order_by("username", "email", "pk")


def invitation_for_link(*, token: str) -> Invitation:
    """The invitation whose link carries `token` (open or not: the page says what became of it), with its board and
    who sent it; 404 for a token no invitation has."""
    invitation = (
        Invitation.objects.select_related("board", "created_by").filter(token_hash=Invitation.hash_token(token)).first()
    )
    if invitation is None:
        raise Http404(_("This invitation link is not valid. Ask for a new invitation."))
    return invitation


def item_for_board(*, board: Board, item_id: int | str) -> BacklogItem:
    """The item `item_id` of this board; an id from another board is as missing as an unknown one."""
    return row_or_404(items_of(board=board).select_related("created_by"), item_id, missing=_("No such item."))


def items_of(*, board: Board) -> QuerySet[BacklogItem]:
    return BacklogItem.objects.filter(board=board).select_related("assignee", "sprint").order_by("rank")


def backlog(*, board: Board, filters: ItemFilters | None = None) -> QuerySet[BacklogItem]:
    """The board's items in priority order (with a search, best match first), narrowed by `filters`
    (boards.filters); split items have left it."""
    return filtered(items_of(board=board).filter(NOT_SPLIT), filters)


def saved_filters_of(*, membership: Membership) -> QuerySet[SavedFilter]:
    """The member's own saved filters of their board, by name."""
    return SavedFilter.objects.filter(user=membership.user, board=membership.board_id).order_by("name", "pk")


@dataclass
class Column:
    status: str
    label: str
    weight: int
    items: list[BacklogItem]
    limit: int | None

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.count > self.limit


def board_columns(*, board: Board, items: Iterable[BacklogItem] | None = None) -> list[Column]:
    """The Scrum board: one column per status, in flow order, with WIP limits (two queries)."""
    limits = dict(board.wip_limits.values_list("status", "limit"))
    by_status: dict[str, list[BacklogItem]] = {status.value: [] for status in Status}
    for item in items if items is not None else items_of(board=board):
        by_status[item.status].append(item)
    return [
        Column(status=s.value, label=s.label, weight=s.weight, items=by_status[s.value], limit=limits.get(s.value))
        for s in Status
    ]


def bottleneck(columns: list[Column]) -> Column | None:
    """The column that holds the flow back: the most over its WIP limit, else the fullest one before Done.

    Done is never a bottleneck: work there has left the flow.
    """
    over = [c for c in columns if c.over_limit]
    if over:
        return max(over, key=lambda c: (c.count - (c.limit or 0), c.weight))
    in_flow = [c for c in columns if c.status not in (Status.TODO, Status.DONE) and c.count]
    if not in_flow:
        return None
    return max(in_flow, key=lambda c: (c.count, c.weight))


def boards_of_member(*, user: AbstractBaseUser) -> QuerySet[Board]:
    """The user's boards, each with the user's role (`my_role`) and its WIP limits prefetched."""
    # The role comes through the same join as the membership filter, so it is the caller's own role.
    return (
        Board.objects.filter(memberships__user=user)
        .annotate(my_role=F("memberships__role"))
        .prefetch_related("wip_limits")
        .order_by("name", "pk")
    )


def refinement_items(*, board: Board) -> QuerySet[BacklogItem]:
    """The backlog not yet ready, in backlog order: what refinement works on. Done items, split ones and those in the
    active sprint are past refining."""
    # "active" is sprints.models.SprintState.ACTIVE's stored value: boards sits below sprints.
    return (
        BacklogItem.objects.filter(NOT_SPLIT, board=board, ready=False)
        .exclude(status=Status.DONE)
        .exclude(sprint__state="active")
        .order_by("rank")
    )


def definitions_of(*, board: Board) -> dict[str, list[dict[str, Any]]]:
    """The board's Definition of Ready and of Done: `{"ready": [{"id", "text"}], "done": [...]}`, in order."""
    lists: dict[str, list[dict[str, Any]]] = {kind: [] for kind in CriterionKind.values}
    for row in Criterion.objects.filter(board=board).order_by("kind", "position", "pk").values("id", "kind", "text"):
        lists[row.pop("kind")].append(row)
    return lists


def item_checks(*, board_id: int, item_ids: Sequence[int]) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Each item's checklists, `{item_id: {"ready": [{"id", "text", "met"}], "done": [...]}}`, in one query for
    any number of items: the board's criteria, each joined to its ticks among these items only."""
    ids = list(item_ids)
    checklists: dict[int, dict[str, list[dict[str, Any]]]] = {
        item_id: {kind: [] for kind in CriterionKind.values} for item_id in ids
    }
    if not ids:
        return checklists
    rows = (
        Criterion.objects.filter(board_id=board_id)
        .annotate(ticks=FilteredRelation("checks", condition=Q(checks__item_id__in=ids)))
        .order_by("kind", "position", "pk")
        .values_list("id", "kind", "text", "ticks__item_id")
    )
    ticked: dict[int, set[int]] = {}
    criteria: dict[int, tuple[str, str]] = {}
    for criterion_id, kind, text, item_id in rows:
        criteria[criterion_id] = (kind, text)
        if item_id is not None:
            ticked.setdefault(criterion_id, set()).add(item_id)
    for criterion_id, (kind, text) in criteria.items():
        met_by = ticked.get(criterion_id, set())
        for item_id in ids:
            checklists[item_id][kind].append({"id": criterion_id, "text": text, "met": item_id in met_by})
    return checklists


def item_checklists(*, item_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Each item's checklist, `{item_id: [{"id", "text", "done"}]}` in order, in one query for any number of items."""
    checklists: dict[int, list[dict[str, Any]]] = {item_id: [] for item_id in item_ids}
    if not checklists:
        return checklists
    rows = (
        ChecklistEntry.objects.filter(item_id__in=list(checklists))
        .order_by("item_id", "position")
        .values_list("item_id", "id", "text", "done")
    )
    for item_id, entry_id, text, done in rows:
        checklists[item_id].append({"id": entry_id, "text": text, "done": done})
    return checklists


def with_checklist_progress(items: QuerySet[BacklogItem]) -> QuerySet[BacklogItem]:
    """`items` with `checklist_total` and `checklist_done`, their checklists' counts, read in the same query (two
    subqueries on the entries' item index): a list shows "3/5" without a query per row."""

    def count(**done: bool) -> Coalesce:
        entries = ChecklistEntry.objects.filter(item=OuterRef("pk"), **done).order_by().values("item")
        return Coalesce(Subquery(entries.annotate(n=Count("pk")).values("n")), 0)

    return items.annotate(checklist_total=count(), checklist_done=count(done=True))
