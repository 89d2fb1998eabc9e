"""Boards, their members and the product backlog.

Rules that must hold under races live here as database constraints (one Product Owner per board, one position per
item, allowed story points); the services turn their violations into clear errors.
"""

import datetime
import hashlib
import zoneinfo

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Re-exported: every model of the boards app is importable from here.
from boards.label_models import ItemLabel, Label, LabelColor, text_on  # noqa: F401

# The planning-poker deck's numeric cards: the only story points an item may carry.
POINT_VALUES: tuple[int, ...] = (1, 2, 3, 5, 8, 13, 20, 40, 100)
# Items estimated above this are too big for one sprint and should be split.
SPLIT_ABOVE_POINTS = 13
DEFAULT_WORKING_DAYS: tuple[int, ...] = (1, 2, 3, 4, 5)  # ISO weekdays, Monday = 1


def default_working_days() -> list[int]:
    return list(DEFAULT_WORKING_DAYS)


class Role(models.TextChoices):
    PRODUCT_OWNER = "product_owner", _("Product Owner")
    SCRUM_MASTER = "scrum_master", _("Scrum Master")
    DEVELOPER = "developer", _("Developer")


class Status(models.TextChoices):
    """Board columns, in flow order. The weight is the column's index (To do 0 … Done 4)."""

    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    TESTING = "testing", _("In testing")
    PO_REVIEW = "po_review", _("PO review")
    DONE = "done", pgettext_lazy("board column", "Done")

    @property
    def weight(self) -> int:
        return list(Status).index(self)


STATUS_WEIGHTS: dict[str, int] = {status.value: status.weight for status in Status}


class Kind(models.TextChoices):
    STORY = "story", _("Story")
    BUG = "bug", _("Bug")
    CHORE = "chore", _("Chore")
    # Groups other items (their `epic`); belongs to no epic itself (boards.services.items).
    EPIC = "epic", _("Epic")


class Board(models.Model):
    """A Scrum team's workspace."""

    name = models.CharField(max_length=100, verbose_name=_("name"))
    slug = models.SlugField(max_length=60, unique=True, verbose_name=_("slug"))
    description = models.TextField(blank=True, max_length=5000, verbose_name=_("description"))
    sprint_length_weeks = models.PositiveSmallIntegerField(default=2, verbose_name=_("sprint length (weeks)"))
    retro_vote_budget = models.PositiveSmallIntegerField(default=2, verbose_name=_("retro vote budget"))
    # How long a refinement session's timer starts (the team's choice; the sprint page measures the sprint's
    # refinement against 10-15% of its working time whatever this says).
    refinement_minutes = models.PositiveSmallIntegerField(
        default=60, db_default=60, verbose_name=_("refinement session (minutes)")
    )
    working_days = models.JSONField(default=default_working_days, verbose_name=_("working days"))
    time_zone = models.CharField(max_length=64, default="UTC", verbose_name=_("time zone"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    # Raised by the database itself (triggers, boards/migrations/0008_items_version_triggers.py) in the same
    # transaction as every write that changes what the items endpoint answers, whatever code makes it; the endpoint's
    # cached pages are keyed by it, so no process serves a page older than the data it reads.
    # The database default lets the release before this column create boards too.
    items_version = models.BigIntegerField(default=0, db_default=0, editable=False, verbose_name=_("items version"))
    # The version of the settings (and WIP limits): raised by every change of them (scrum_app.versions), so a save
    # made from an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False, verbose_name=_("version"))

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sprint_length_weeks__gte=1, sprint_length_weeks__lte=4),
                name="board_sprint_length_1_to_4_weeks",
            ),
            models.CheckConstraint(
                condition=Q(retro_vote_budget__gte=1, retro_vote_budget__lte=20),
                name="board_retro_vote_budget_1_to_20",
            ),
            models.CheckConstraint(
                condition=Q(refinement_minutes__gte=5, refinement_minutes__lte=240),
                name="board_refinement_5_to_240_minutes",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def today(self) -> datetime.date:
        """Today's date where the team works (the board's time zone): its stand-up day, its sprints' calendar."""
        return timezone.now().astimezone(zoneinfo.ZoneInfo(self.time_zone)).date()


class Membership(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("board"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.DEVELOPER, verbose_name=_("role"))
    joined_at = models.DateTimeField(auto_now_add=True, verbose_name=_("joined"))

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["board", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["board", "user"], name="membership_one_per_user_and_board"),
            models.UniqueConstraint(
                fields=["board"],
                condition=Q(role=Role.PRODUCT_OWNER),
                name="membership_one_product_owner_per_board",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) on {self.board}"


class InvitationState(models.TextChoices):
    INVITED = "invited", pgettext_lazy("invitation state", "Invited")
    ACCEPTED = "accepted", pgettext_lazy("invitation state", "Accepted")
    DECLINED = "declined", pgettext_lazy("invitation state", "Declined")
    REVOKED = "revoked", pgettext_lazy("invitation state", "Revoked")
    EXPIRED = "expired", pgettext_lazy("invitation state", "Expired")


class Invitation(models.Model):
    """A Scrum Master's offer of a role on a board; only an accepted one makes a member.

    `user` is the invitee when the name typed matched a user, else null: an invitation nobody can accept, stored so
    that the Scrum Master gets the same answer whether the name exists or not. `username` is the name as the Scrum
    Master sees it on the members page.

    An invitation by e-mail has `email` instead of `username`: its link carries a one-time token, of which only the
    SHA-256 is kept (`token_hash`), and works until `expires_at`. Whoever follows the link joins (signing up first
    when they have no account). `user` is set too when one user has that address, so it waits in their invitations.
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("board"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("user"),
    )
    username = models.CharField(max_length=150, blank=True, verbose_name=_("username"))
    # A database default too: the release before this column inserts invitations without it (docs/operations.md,
    # "Migrations").
    email = models.EmailField(blank=True, db_default="", verbose_name=_("e-mail address"))
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True, verbose_name=_("expires"))
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.DEVELOPER, verbose_name=_("role"))
    state = models.CharField(
        max_length=10, choices=InvitationState.choices, default=InvitationState.INVITED, verbose_name=_("state")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    answered_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it was accepted, declined or revoked."), verbose_name=_("answered")
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "user"],
                condition=Q(state=InvitationState.INVITED),
                name="invitation_one_pending_per_user_and_board",
            ),
            models.UniqueConstraint(
                fields=["board", "username"],
                condition=Q(state=InvitationState.INVITED) & ~Q(username=""),
                name="invitation_one_pending_per_name_and_board",
            ),
            models.UniqueConstraint(
                fields=["board", "email"],
                condition=Q(state=InvitationState.INVITED) & ~Q(email=""),
                name="invitation_one_pending_per_email_and_board",
            ),
            models.CheckConstraint(
                condition=(Q(username="") & ~Q(email="")) | (~Q(username="") & Q(email="")),
                name="invitation_names_a_user_or_an_address",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_valid"),
            models.CheckConstraint(condition=Q(state__in=InvitationState.values), name="invitation_state_valid"),
        ]
        indexes = [models.Index(fields=["user", "state"], name="invitation_user_state")]

    def __str__(self) -> str:
        return f"{self.invitee} invited as {self.get_role_display()} to {self.board} ({self.state})"

    @staticmethod
    def hash_token(token: str) -> str:
        """What is stored of a link's token: its SHA-256 (the token is 256 random bits, so no salt or slow hash is
        needed), so a copy of the database cannot be used to join a board."""
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def invitee(self) -> str:
        """Whom the Scrum Master invited, as they typed it: a username or an e-mail address."""
        return self.username or self.email


class WipLimit(models.Model):
    """An optional work-in-progress limit for one column of one board."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="wip_limits", verbose_name=_("board"))
    status = models.CharField(max_length=20, choices=Status.choices, verbose_name=_("status"))
    limit = models.PositiveSmallIntegerField(verbose_name=_("limit"))

    class Meta:
        verbose_name = _("WIP limit")
        verbose_name_plural = _("WIP limits")
        constraints = [
            models.UniqueConstraint(fields=["board", "status"], name="wip_limit_one_per_column"),
            models.CheckConstraint(condition=Q(limit__gte=1), name="wip_limit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.board}: {self.status} ≤ {self.limit}"


class BacklogItem(models.Model):
    """A story, bug or chore in the product backlog.

    `rank` orders the backlog (lower first). Ranks are spaced so that a move writes one row; see services.item_move.
    """

    # What a person sets on an item, in the order the item's form shows it. The services, the forms, the admin and
    # the API's input take their field lists and text limits from here and from the fields below: a new editable
    # field is added here and on the model, and nowhere else.
    # `ready` is not among them: it follows the board's Definition of Ready (boards.services.definitions keeps it).
    EDITABLE = ("title", "kind", "points", "status", "assignee", "epic", "description", "acceptance_criteria")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="items", verbose_name=_("board"))
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STORY, verbose_name=_("kind"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    description = models.TextField(blank=True, max_length=20000, verbose_name=_("description"))
    acceptance_criteria = models.TextField(blank=True, max_length=20000, verbose_name=_("acceptance criteria"))
    points = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=[(p, str(p)) for p in POINT_VALUES], verbose_name=_("story points")
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TODO, verbose_name=_("status"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_items",
        verbose_name=_("assignee"),
    )
    ready = models.BooleanField(default=False, help_text=_("Definition of Ready met"), verbose_name=_("ready"))
    rank = models.BigIntegerField(verbose_name=_("rank"))
    sprint = models.ForeignKey(
        "sprints.Sprint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        verbose_name=_("sprint"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("updated by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))
    # Raised by every edit of the item's own fields (scrum_app.versions), not by moves in the backlog or between
    # sprints: a writer names the version it edited and a stale write is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False, verbose_name=_("version"))
    # A split item (boards.services.item_split) is kept, for its history and links, but has left the backlog: its
    # parts took its place. `split_at` says it was split; every list of the backlog leaves such an item out (NOT_SPLIT).
    split_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parts",
        editable=False,
        verbose_name=_("split from"),
    )
    split_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("split"))
    # The key in Jira when the item came from a Jira import (transfer.jira): a later import of the same
    # file finds it by the key instead of adding it again. NULL, not "", for the items that have none: the key is
    # unique per board among those that have one (item_one_per_jira_key).
    jira_key = models.CharField(  # noqa: DJ001
        max_length=50, null=True, blank=True, editable=False, verbose_name=_("Jira key")
    )
    # The epic (an item of kind epic on the same board, itself in no epic) this item belongs to: the services check
    # it under the board's lock. Deleting the epic leaves its items in none.
    epic = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="epic_items",
        limit_choices_to={"kind": "epic"},
        verbose_name=_("epic"),
    )
    labels = models.ManyToManyField(
        "boards.Label", through="boards.ItemLabel", related_name="items", blank=True, verbose_name=_("labels")
    )
    # The words of the title, criteria and description for full-text search (boards.search), under a GIN index.
    # PostgreSQL fills it itself on every write of those texts (boards/migrations/0015_search.py); never set here.
    # SQLite keeps it empty: search there reads the texts themselves.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("backlog item")
        verbose_name_plural = _("backlog items")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["board", "rank"], name="item_one_position_per_rank"),
            models.UniqueConstraint(
                fields=["board", "jira_key"], condition=Q(jira_key__isnull=False), name="item_one_per_jira_key"
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__in=POINT_VALUES), name="item_points_on_the_deck"
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="item_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="item_kind_valid"),
        ]
        indexes = [models.Index(fields=["board", "status", "rank"], name="item_board_status_rank")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def status_weight(self) -> int:
        return STATUS_WEIGHTS[self.status]

    @property
    def needs_split(self) -> bool:
        return self.points is not None and self.points > SPLIT_ABOVE_POINTS

    @property
    def is_split(self) -> bool:
        return self.split_at is not None

    @property
    def invest_hints(self) -> list[str]:
        """What keeps the item from being a good (INVEST) backlog item: testable, estimable, small."""
        hints = []
        if not self.acceptance_criteria.strip():
            hints.append(_("No acceptance criteria: write how the Product Owner will accept it."))
        if self.points is None:
            hints.append(_("Not estimated yet."))
        if self.needs_split:
            hints.append(_("Over %(points)d points: split it into smaller items.") % {"points": SPLIT_ABOVE_POINTS})
        return hints


# The items still in the backlog: a split item has left it (its parts took its place).
NOT_SPLIT = Q(split_at__isnull=True)


# The editable text fields and their length limits, read off the fields above.
ITEM_TEXT_LIMITS: dict[str, int] = {
    field.name: field.max_length
    for field in BacklogItem._meta.local_fields
    if field.name in BacklogItem.EDITABLE
    and isinstance(field, models.CharField | models.TextField)
    and not field.choices
}


class ItemEvent(models.Model):
    """One recorded change of an item's status, points, sprint or assignee (by username), written with the change
    itself."""

    class Field(models.TextChoices):
        CREATED = "created", pgettext_lazy("item history", "Created")
        SPLIT = "split", pgettext_lazy("item history", "Split")
        STATUS = "status", pgettext_lazy("item history", "Status")
        POINTS = "points", pgettext_lazy("item history", "Points")
        SPRINT = "sprint", pgettext_lazy("item history", "Sprint")
        ASSIGNEE = "assignee", pgettext_lazy("item history", "Assignee")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="item_events", verbose_name=_("board"))
    item = models.ForeignKey(BacklogItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("item"))
    field = models.CharField(max_length=20, choices=Field.choices, verbose_name=_("field"))
    old_value = models.CharField(max_length=50, blank=True, default="", verbose_name=_("old value"))
    new_value = models.CharField(max_length=50, blank=True, default="", verbose_name=_("new value"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("actor")
    )
    at = models.DateTimeField(db_index=True, verbose_name=_("at"))

    class Meta:
        verbose_name = _("item event")
        verbose_name_plural = _("item events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["item", "at"], name="item_event_item_at")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.field}: {self.old_value!r} → {self.new_value!r}"


class CriterionKind(models.TextChoices):
    READY = "ready", _("Definition of Ready")
    DONE = "done", _("Definition of Done")


class Criterion(models.Model):
    """One line of a board's Definition of Ready or of Done, in the order its list shows it.

    An item is ready when every Ready criterion is ticked for it, and cannot reach Done while a Done criterion is
    not (boards.services.definitions).
    """

    TEXT_LIMIT = 200

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("board"))
    kind = models.CharField(max_length=10, choices=CriterionKind.choices, verbose_name=_("list"))
    text = models.CharField(max_length=TEXT_LIMIT, verbose_name=_("text"))
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["board", "kind", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=CriterionKind.values), name="criterion_kind_valid")]

    def __str__(self) -> str:
        return f"{self.board} {self.kind}: {self.text}"


class CriterionCheck(models.Model):
    """A criterion ticked for an item; no row is unticked. The row belongs to its criterion: deleting the
    criterion drops its ticks, renaming it keeps them. `board` (the item's and the criterion's) lets the database
    raise the board's items version on a tick (boards/migrations/0009_definitions.py)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+", verbose_name=_("board"))
    item = models.ForeignKey(BacklogItem, on_delete=models.CASCADE, related_name="checks", verbose_name=_("item"))
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="checks", verbose_name=_("criterion")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("ticked by")
    )
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("ticked"))

    class Meta:
        verbose_name = _("tick")
        verbose_name_plural = _("ticks")
        constraints = [models.UniqueConstraint(fields=["item", "criterion"], name="criterion_check_one_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id} ✔ {self.criterion_id}"


class SavedFilter(models.Model):
    """A member's named filter of a board's backlog: the query string of the backlog page (boards.filters), seen and
    used by its owner only."""

    NAME_LIMIT = 60
    QUERY_LIMIT = 2000

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+", verbose_name=_("board"))
    name = models.CharField(max_length=NAME_LIMIT, verbose_name=_("name"))
    query = models.CharField(max_length=QUERY_LIMIT, verbose_name=_("filter"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [models.UniqueConstraint(fields=["user", "board", "name"], name="saved_filter_one_name_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.board_id}: {self.name}"


# Kept in a module of its own (this one's size); imported here so that Django and `from boards.models import` find it.
from boards.models_checklist import ChecklistEntry as ChecklistEntry  # noqa: E402
