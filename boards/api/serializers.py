"""Input and output shapes of the boards API. They only parse and shape: every rule lives in boards.services.

Input serializers list their fields explicitly and are StrictInput (scrum_app.api_input): any other key is a 400
naming it, so a client can never write the board, the rank, the creator or the sprint of an item by sending them.
"""

from collections.abc import Callable
from datetime import datetime
from operator import itemgetter
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from boards.api.checklist_serializers import ChecklistEntryOut
from boards.filters import NAMES, filters_from
from boards.models import (
    ITEM_TEXT_LIMITS,
    POINT_VALUES,
    SPLIT_ABOVE_POINTS,
    STATUS_WEIGHTS,
    BacklogItem,
    Board,
    Criterion,
    InvitationState,
    Kind,
    Label,
    Membership,
    Role,
    Status,
)
from boards.selectors import item_checklists, item_checks
from boards.selectors_labels import epic_progress, label_names_of
from boards.services.labels import labels_named
from boards.services.split import split_titles_check
from scrum_app.api_input import StrictInput
from scrum_app.api_versions import version_in, version_out
from scrum_app.errors import InvalidInput
from scrum_app.ids import MAX_ID

# --- boards -----------------------------------------------------------------------------------------------------


class WipLimitsField(serializers.DictField):
    """`{"in_progress": 3, "testing": null}`: a limit per column; null clears one."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.IntegerField(min_value=1, max_value=999, allow_null=True), **kwargs)

    def to_internal_value(self, data: Any) -> dict[str, int | None]:
        value = super().to_internal_value(data)
        unknown = sorted(set(value) - set(Status.values))
        if unknown:
            raise serializers.ValidationError(
                gettext("Unknown column %(status)r; use one of %(statuses)s.")
                % {"status": unknown[0], "statuses": ", ".join(Status.values)}
            )
        return value


class BoardOut(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    sprint_length_weeks = serializers.IntegerField(read_only=True)
    retro_vote_budget = serializers.IntegerField(read_only=True)
    refinement_minutes = serializers.IntegerField(
        read_only=True, help_text="The length a refinement timer starts with when the Scrum Master names none."
    )
    working_days = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    time_zone = serializers.CharField(read_only=True)
    wip_limits = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField(help_text="The caller's role on this board.")
    created_at = serializers.DateTimeField(read_only=True)
    version = version_out()

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}, "example": {"in_progress": 3}})
    def get_wip_limits(self, board: Board) -> dict[str, int]:
        # Read through the prefetch cache (`.all()`), so a list of boards costs one query for all their limits.
        return {limit.status: limit.limit for limit in board.wip_limits.all()}

    @extend_schema_field(serializers.ChoiceField(choices=Role.choices))
    def get_role(self, board: Board) -> str:
        return getattr(board, "my_role", None) or self.context["role"]


class BoardSettingsIn(StrictInput):
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    sprint_length_weeks = serializers.IntegerField(min_value=1, max_value=4, required=False)
    retro_vote_budget = serializers.IntegerField(min_value=1, max_value=20, required=False)
    refinement_minutes = serializers.IntegerField(min_value=5, max_value=240, required=False)
    working_days = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7), min_length=1, max_length=7, required=False
    )
    time_zone = serializers.CharField(max_length=64, required=False)
    wip_limits = WipLimitsField(required=False)


class BoardUpdateIn(BoardSettingsIn):
    version = version_in()


class BoardCreateIn(BoardSettingsIn):
    slug = serializers.SlugField(max_length=60, required=False, allow_blank=True)


# --- members ----------------------------------------------------------------------------------------------------


class MemberOut(serializers.Serializer):
    username = serializers.CharField(source="user.username", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    joined_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Membership


class InvitationIn(StrictInput):
    username = serializers.CharField(
        max_length=150, required=False, allow_blank=True, help_text="The user to invite; or give `email` instead."
    )
    email = serializers.EmailField(
        max_length=254,
        required=False,
        allow_blank=True,
        help_text="The address to send a link to (it works once, for 7 days); or give `username` instead.",
    )
    role = serializers.ChoiceField(choices=Role.choices, default=Role.DEVELOPER)


class InvitationOut(serializers.Serializer):
    """An invitation as its board's Scrum Master sees it: the same shape whether the name or address is a user's or
    not."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True, help_text="Empty for an invitation by e-mail.")
    email = serializers.CharField(read_only=True, help_text="Empty for an invitation by username.")
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    state = serializers.ChoiceField(choices=InvitationState.choices, read_only=True)
    expires_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When the link of an invitation by e-mail stops working."
    )


class InvitedBoardOut(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class MyInvitationOut(serializers.Serializer):
    """An invitation as its invitee sees it."""

    id = serializers.IntegerField(read_only=True)
    board = InvitedBoardOut(read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    state = serializers.ChoiceField(choices=InvitationState.choices, read_only=True)
    invited_by = serializers.CharField(source="created_by.username", read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


class MemberRoleIn(StrictInput):
    role = serializers.ChoiceField(choices=Role.choices)


# --- backlog items ----------------------------------------------------------------------------------------------


class CheckOut(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The criterion's id (POST it to …/checks/ to tick).")
    text = serializers.CharField(read_only=True)
    met = serializers.BooleanField(read_only=True)


class ChecksOut(serializers.Serializer):
    ready = CheckOut(many=True, read_only=True, help_text="The Definition of Ready, ticked or not for this item.")
    done = CheckOut(many=True, read_only=True, help_text="The Definition of Done, ticked or not for this item.")


class ProgressOut(serializers.Serializer):
    items_done = serializers.IntegerField(read_only=True, help_text="Its items that are Done.")
    items_total = serializers.IntegerField(read_only=True, help_text="All its items in the backlog.")
    points_done = serializers.IntegerField(read_only=True, help_text="Story points of its Done items.")
    points_total = serializers.IntegerField(read_only=True, help_text="Story points of all its items.")


class ItemOut(serializers.Serializer):
    """A backlog item. `context` (items_out_context), when given, holds the Definitions' ticks, the checklists, labels
    and epics' progress of the items shown, each read in one query for them all."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    acceptance_criteria = serializers.CharField(read_only=True)
    points = serializers.ChoiceField(choices=POINT_VALUES, allow_null=True, read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    assignee = serializers.CharField(source="assignee.username", allow_null=True, read_only=True)
    ready = serializers.BooleanField(
        read_only=True, help_text="Every criterion of the Definition of Ready ticked (`checks.ready`)."
    )
    rank = serializers.IntegerField(
        read_only=True, help_text="Backlog position: lower comes first. Change it by moving."
    )
    status_weight = serializers.IntegerField(read_only=True, help_text="The column's index: To do 0 … Done 4.")
    needs_split = serializers.BooleanField(read_only=True, help_text="Estimated above 13 points: split it.")
    sprint = serializers.IntegerField(
        source="sprint.number", allow_null=True, read_only=True, help_text="The sprint's number on this board."
    )
    created_by = serializers.CharField(source="created_by.username", allow_null=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    checks = serializers.SerializerMethodField()
    checklist = serializers.SerializerMethodField()
    version = version_out()
    split_from = serializers.IntegerField(
        source="split_from_id", allow_null=True, read_only=True, help_text="The item this one was split from."
    )
    jira_key = serializers.CharField(
        allow_null=True, read_only=True, help_text="The issue's key in Jira, for an item a Jira import brought in."
    )
    labels = serializers.SerializerMethodField()
    epic = serializers.IntegerField(
        source="epic_id", allow_null=True, read_only=True, help_text="The id of the epic this item belongs to."
    )
    progress = serializers.SerializerMethodField()

    class Meta:
        model = BacklogItem

    @extend_schema_field(
        serializers.ListField(child=serializers.CharField(), help_text="The names of its labels, by name.")
    )
    def get_labels(self, item: BacklogItem) -> list[str]:
        found = self.context.get("labels") or {}
        return found[item.pk] if item.pk in found else label_names_of([item.pk])[item.pk]

    @extend_schema_field(
        ProgressOut(
            allow_null=True,
            help_text="An epic's progress over its items (split items count by their parts); null for other kinds.",
        )
    )
    def get_progress(self, item: BacklogItem) -> dict[str, int] | None:
        if item.kind != Kind.EPIC:
            return None
        found = self.context.get("progress") or {}
        return (found[item.pk] if item.pk in found else epic_progress([item.pk])[item.pk]).as_dict()

    @extend_schema_field(ChecksOut)
    def get_checks(self, item: BacklogItem) -> dict[str, list[dict[str, Any]]]:
        found = self.context.get("checks") or {}
        if item.pk not in found:
            found = item_checks(board_id=item.board_id, item_ids=[item.pk])
        return found[item.pk]

    @extend_schema_field(ChecklistEntryOut(many=True))
    def get_checklist(self, item: BacklogItem) -> list[dict[str, Any]]:
        """The item's sub-tasks, in order."""
        found = self.context.get("checklists") or {}
        if item.pk not in found:
            found = item_checklists(item_ids=[item.pk])
        return found[item.pk]


def items_out_context(*, board_id: int, items: list[BacklogItem]) -> dict[str, Any]:
    """ItemOut's context for a list of items: their ticks, checklists, labels and progress in one query each."""
    ids = [item.pk for item in items]
    return {
        "checks": item_checks(board_id=board_id, item_ids=ids),
        "checklists": item_checklists(item_ids=ids),
        "labels": label_names_of(ids),
        "progress": epic_progress(item.pk for item in items if item.kind == Kind.EPIC),
    }


def _iso(value: datetime) -> str:
    """What DRF's DateTimeField writes (current time zone, UTC as "Z"), at a tenth of its cost."""
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# ItemOut's fields computed from others rather than read from a column.
_DERIVED: dict[str, Callable[[dict[str, Any]], Any]] = {
    "status_weight": lambda row: STATUS_WEIGHTS[row["status"]],
    "needs_split": lambda row: row["points"] is not None and row["points"] > SPLIT_ABOVE_POINTS,
    # Put on the rows by item_rows_shown, for a whole page at once.
    "checks": itemgetter("checks"),
    "checklist": itemgetter("checklist"),
    "labels": itemgetter("labels"),
    "progress": itemgetter("progress"),
}


def _column(name: str, field: serializers.Field) -> str:
    """The `values()` lookup a field reads: its source, with relations spelled the ORM's way."""
    return (field.source or name).replace(".", "__")


def _reader(name: str, field: serializers.Field) -> Callable[[dict[str, Any]], Any]:
    if name in _DERIVED:
        return _DERIVED[name]
    column = _column(name, field)
    if isinstance(field, serializers.DateTimeField):
        return lambda row: _iso(row[column])
    return itemgetter(column)


# How the list endpoint reads each of ItemOut's fields from a plain row, derived from ItemOut itself: a field added
# to ItemOut is in the list's rows too, and in the same order.
_ITEM_READERS = tuple((name, _reader(name, field)) for name, field in ItemOut._declared_fields.items())
ITEM_COLUMNS = tuple(_column(name, field) for name, field in ItemOut._declared_fields.items() if name not in _DERIVED)


def item_rows(items: QuerySet[BacklogItem], *extra: str) -> QuerySet[dict[str, Any]]:
    """The list endpoint's rows, read as plain values: no model instances, no per-field serializer calls.

    `item_row` turns one into exactly what ItemOut gives (a test holds them equal). With ItemOut(many=True) over
    model instances instead, a page of 50 read afresh costs 1.8–1.9× the CPU of the whole request
    (docs/benchmarks.md, "Issue 13: hand-written speed paths against the framework"). `extra`: annotations of
    `items` read along (a search's highlights).
    """
    return items.values(*ITEM_COLUMNS, *extra)


def item_row(row: dict[str, Any]) -> dict[str, Any]:
    return {name: read(row) for name, read in _ITEM_READERS}


def item_rows_shown(rows: list[dict[str, Any]], *, board_id: int) -> list[dict[str, Any]]:
    """A page of `item_rows` as the list answers it: each turned by item_row, with its ticks, checklist, labels and
    (for epics) progress read for the whole page in one query each."""
    ids = [row["id"] for row in rows]
    checks, checklists = item_checks(board_id=board_id, item_ids=ids), item_checklists(item_ids=ids)
    labels = label_names_of(ids)
    progress = epic_progress(row["id"] for row in rows if row["kind"] == Kind.EPIC)
    return [
        item_row(
            {
                **row,
                "checks": checks[row["id"]],
                "checklist": checklists[row["id"]],
                "labels": labels[row["id"]],
                "progress": progress[row["id"]].as_dict() if row["id"] in progress else None,
            }
        )
        for row in rows
    ]


@extend_schema_field({"type": "string", "nullable": True, "example": "dave"})
class AssigneeField(serializers.Field):
    """A member's username in, that member's user out; anyone else is refused as not a member of this board.

    The serializer context carries `members`, the board's {username: user}, loaded once per request (a bulk of 500
    items resolves its assignees without a query each).
    """

    default_error_messages = {"invalid": gettext_lazy("Give a member's username, or null.")}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or len(data) > 150:
            self.fail("invalid")
        user = self.context["members"]().get(data)
        if user is None:
            raise serializers.ValidationError(
                gettext("%(username)r is not a member of this board.") % {"username": data}
            )
        return user

    def to_representation(self, value: Any) -> str:
        return value.username


class ItemIn(StrictInput):
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    title = serializers.CharField(max_length=ITEM_TEXT_LIMITS["title"])
    description = serializers.CharField(max_length=ITEM_TEXT_LIMITS["description"], allow_blank=True, required=False)
    acceptance_criteria = serializers.CharField(
        max_length=ITEM_TEXT_LIMITS["acceptance_criteria"], allow_blank=True, required=False
    )
    points = serializers.ChoiceField(choices=POINT_VALUES, allow_null=True, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    assignee = AssigneeField(required=False, help_text="A member's username, or null.")
    epic = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        allow_null=True,
        required=False,
        help_text="The id of an epic of this board (an item of kind epic), or null. An epic belongs to none.",
    )
    labels = serializers.ListField(
        child=serializers.CharField(max_length=Label.NAME_LIMIT),
        max_length=50,
        required=False,
        help_text="Names of labels of this board (any case): the item's labels, all of them. Unknown names: 400.",
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        # `ready` is shown but not written: it follows the Definition of Ready's ticks.
        if isinstance(data, dict) and "ready" in data:
            raise serializers.ValidationError(
                {"ready": [gettext("Ready follows the Definition of Ready: tick its criteria instead.")]}
            )
        return super().to_internal_value(data)


class ItemEditIn(ItemIn):
    version = version_in()


class ItemMoveIn(StrictInput):
    """Exactly one of `before`, `after` or `position`."""

    before = serializers.IntegerField(required=False, help_text="Put the item just before this item.")
    after = serializers.IntegerField(required=False, help_text="Put the item just after this item.")
    position = serializers.ChoiceField(choices=["top", "bottom"], required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if len(attrs) != 1:
            raise serializers.ValidationError({"position": [gettext("Give exactly one of before, after or position.")]})
        return attrs


class ItemFiltersIn(StrictInput):
    """Query parameters of the item list: the filters of boards.filters (read there, as the backlog page reads them;
    answered as `filters`), and the paging parameters. The serializer context carries the `viewer`."""

    page = serializers.CharField(required=False, help_text='A page number from 1, or "last".')
    page_size = serializers.IntegerField(min_value=1, required=False, help_text="Up to 200 (default 50).")

    def get_fields(self) -> dict[str, serializers.Field]:
        text = {name: serializers.CharField(required=False, allow_blank=True, trim_whitespace=False) for name in NAMES}
        return {**text, **super().get_fields()}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        filters, errors = filters_from(attrs, viewer=self.context["viewer"])
        if errors:
            raise serializers.ValidationError({name: [message] for name, message in errors.items()})
        return {"filters": filters, **{name: attrs[name] for name in ("page", "page_size") if name in attrs}}


class HighlightOut(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True, help_text="Up to two fragments; empty when none matched.")
    acceptance_criteria = serializers.CharField(read_only=True, help_text="As `description`.")


class ItemListOut(ItemOut):
    # Not read_only: the schema would list a read-only field as always there, and it is there only with `q`.
    highlight = HighlightOut(
        required=False,
        help_text=(
            "With `q` only: the texts as HTML, escaped, each match in `<mark>…</mark>` (the title whole, the longer "
            "texts as fragments around their matches)."
        ),
    )

    def validate_label(self, value: str) -> tuple[str, ...]:
        names = tuple(name.strip() for name in value.split(",") if name.strip())
        if not names:
            raise serializers.ValidationError(gettext("Give one or more label names."))
        try:
            labels_named(self.context["labels"](), list(names))
        except InvalidInput as error:
            raise serializers.ValidationError(error.message) from None
        return names


class ItemSplitIn(StrictInput):
    titles = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        help_text="The parts' titles, in backlog order: two or more.",
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        """The titles as the service checks them (boards.services.split_titles_check); every error keyed by its
        field as the service names it, `titles` or `titles.<n>` (DRF would nest an entry's under `titles`)."""
        try:
            fields = super().to_internal_value(data)
        except serializers.ValidationError as error:
            detail = error.detail
            nested = detail.get("titles") if isinstance(detail, dict) else None
            if isinstance(nested, dict):
                index, messages = next(iter(nested.items()))
                raise serializers.ValidationError({f"titles.{index}": messages}) from None
            raise
        try:
            fields["titles"] = split_titles_check(fields["titles"])
        except InvalidInput as error:
            raise serializers.ValidationError({error.field: [error.message]}) from None
        return fields


# --- Definitions of Ready and Done ------------------------------------------------------------------------------


class CriterionOut(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)


class DefinitionsOut(serializers.Serializer):
    ready = CriterionOut(many=True, read_only=True, help_text="The Definition of Ready, in order.")
    done = CriterionOut(many=True, read_only=True, help_text="The Definition of Done, in order.")


class CriterionIn(StrictInput):
    id = serializers.IntegerField(
        required=False, min_value=1, max_value=2**53, help_text="Keep this criterion (and its ticks); none: a new one."
    )
    text = serializers.CharField(max_length=Criterion.TEXT_LIMIT)


class DefinitionsIn(StrictInput):
    ready = CriterionIn(many=True, help_text="The whole Definition of Ready: criteria left out are deleted.")
    done = CriterionIn(many=True, help_text="The whole Definition of Done: criteria left out are deleted.")


class CheckIn(StrictInput):
    criterion = serializers.IntegerField(min_value=1, max_value=2**53, help_text="A criterion of this board.")
    met = serializers.BooleanField(help_text="true ticks it, false unticks it.")
