"""Boards, their members and the product backlog.

Rules that must hold under races live here as database constraints (one Product Owner per board, one position per
item, allowed story points); the services turn their violations into clear errors.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

# The planning-poker deck's numeric cards: the only story points an item may carry.
POINT_VALUES: tuple[int, ...] = (1, 2, 3, 5, 8, 13, 20, 40, 100)
# Items estimated above this are too big for one sprint and should be split.
SPLIT_ABOVE_POINTS = 13
DEFAULT_WORKING_DAYS: tuple[int, ...] = (1, 2, 3, 4, 5)  # ISO weekdays, Monday = 1


def default_working_days() -> list[int]:
    return list(DEFAULT_WORKING_DAYS)


class Role(models.TextChoices):
    PRODUCT_OWNER = "product_owner", "Product Owner"
    SCRUM_MASTER = "scrum_master", "Scrum Master"
    DEVELOPER = "developer", "Developer"


class Status(models.TextChoices):
    """Board columns, in flow order. The weight is the column's index (To do 0 … Done 4)."""

    TODO = "todo", "To do"
    IN_PROGRESS = "in_progress", "In progress"
    TESTING = "testing", "In testing"
    PO_REVIEW = "po_review", "PO review"
    DONE = "done", "Done"

    @property
    def weight(self) -> int:
        return list(Status).index(self)


STATUS_WEIGHTS: dict[str, int] = {status.value: status.weight for status in Status}


class Kind(models.TextChoices):
    STORY = "story", "Story"
    BUG = "bug", "Bug"
    CHORE = "chore", "Chore"


class Board(models.Model):
    """A Scrum team's workspace."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True, max_length=5000)
    sprint_length_weeks = models.PositiveSmallIntegerField(default=2)
    retro_vote_budget = models.PositiveSmallIntegerField(default=2)
    working_days = models.JSONField(default=default_working_days)
    time_zone = models.CharField(max_length=64, default="UTC")
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised (services.items_changed) in the same transaction as every write that changes what the items endpoint
    # answers; its cached pages are keyed by it, so no process serves a page older than the data it reads.
    # The database default lets the release before this column create boards too.
    items_version = models.BigIntegerField(default=0, db_default=0, editable=False)
    # The version of the settings (and WIP limits): raised by every change of them (scrum_app.versions), so a save
    # made from an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
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
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.DEVELOPER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
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
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Revoked"


class Invitation(models.Model):
    """A Scrum Master's offer of a role on a board; only an accepted one makes a member.

    `user` is the invitee when the name typed matched a user, else null: an invitation nobody can accept, stored so
    that the Scrum Master gets the same answer whether the name exists or not. (Invitations by e-mail will name no
    user either.) `username` is the name as the Scrum Master sees it on the members page.
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    username = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.DEVELOPER)
    state = models.CharField(max_length=10, choices=InvitationState.choices, default=InvitationState.INVITED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True, help_text="When it was accepted, declined or revoked.")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "user"],
                condition=Q(state=InvitationState.INVITED),
                name="invitation_one_pending_per_user_and_board",
            ),
            models.UniqueConstraint(
                fields=["board", "username"],
                condition=Q(state=InvitationState.INVITED),
                name="invitation_one_pending_per_name_and_board",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_valid"),
            models.CheckConstraint(condition=Q(state__in=InvitationState.values), name="invitation_state_valid"),
        ]
        indexes = [models.Index(fields=["user", "state"], name="invitation_user_state")]

    def __str__(self) -> str:
        return f"{self.username} invited as {self.get_role_display()} to {self.board} ({self.state})"


class WipLimit(models.Model):
    """An optional work-in-progress limit for one column of one board."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="wip_limits")
    status = models.CharField(max_length=20, choices=Status.choices)
    limit = models.PositiveSmallIntegerField()

    class Meta:
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

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STORY)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=20000)
    acceptance_criteria = models.TextField(blank=True, max_length=20000)
    points = models.PositiveSmallIntegerField(null=True, blank=True, choices=[(p, str(p)) for p in POINT_VALUES])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TODO)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_items"
    )
    ready = models.BooleanField(default=False, help_text="Definition of Ready met")
    rank = models.BigIntegerField()
    sprint = models.ForeignKey("sprints.Sprint", null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every edit of the item's own fields (scrum_app.versions), not by moves in the backlog or between
    # sprints: a writer names the version it edited and a stale write is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["board", "rank"], name="item_one_position_per_rank"),
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


class ItemEvent(models.Model):
    """One recorded change of an item's status, points or sprint, written with the change itself."""

    class Field(models.TextChoices):
        CREATED = "created", "Created"
        STATUS = "status", "Status"
        POINTS = "points", "Points"
        SPRINT = "sprint", "Sprint"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="item_events")
    item = models.ForeignKey(BacklogItem, on_delete=models.CASCADE, related_name="events")
    field = models.CharField(max_length=20, choices=Field.choices)
    old_value = models.CharField(max_length=50, blank=True, default="")
    new_value = models.CharField(max_length=50, blank=True, default="")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["item", "at"], name="item_event_item_at")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.field}: {self.old_value!r} → {self.new_value!r}"
