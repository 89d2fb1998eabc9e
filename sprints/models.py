"""Sprints: a time-box of one to four weeks in which the team works a committed scope."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class SprintState(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Sprint(models.Model):
    """`committed_points` is frozen at the start and `completed_points` at the close, so velocity never shifts when
    items are re-estimated or reopened later."""

    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="sprints")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=100, blank=True)
    goal = models.TextField(blank=True, max_length=2000)
    start_date = models.DateField()
    end_date = models.DateField()
    state = models.CharField(max_length=10, choices=SprintState.choices, default=SprintState.PLANNED)
    committed_points = models.PositiveIntegerField(null=True, blank=True)
    completed_points = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Raised by every change of the sprint's own row (an edit, its start, its close; scrum_app.versions), so an edit
    # made from an older version is refused instead of overwriting. Planning items into it changes the items.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["board", "number"]
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="sprint_number_unique_per_board"),
            models.UniqueConstraint(
                fields=["board"], condition=Q(state=SprintState.ACTIVE), name="sprint_one_active_per_board"
            ),
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="sprint_ends_after_start"),
            models.CheckConstraint(condition=Q(state__in=SprintState.values), name="sprint_state_valid"),
            # A started sprint has its commitment; a closed one its completed points.
            models.CheckConstraint(
                condition=Q(state=SprintState.PLANNED) | Q(started_at__isnull=False, committed_points__isnull=False),
                name="sprint_started_has_commitment",
            ),
            models.CheckConstraint(
                condition=~Q(state=SprintState.CLOSED) | Q(closed_at__isnull=False, completed_points__isnull=False),
                name="sprint_closed_has_completion",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"Sprint {self.number}"

    @property
    def title(self) -> str:
        return f"Sprint {self.number}" + (f": {self.name}" if self.name else "")


class SprintCommitment(models.Model):
    """One item of the scope committed when the sprint started, with its points at that moment."""

    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="commitments")
    item = models.ForeignKey("boards.BacklogItem", on_delete=models.CASCADE, related_name="+")
    points = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sprint", "item"], name="commitment_one_per_item")]

    def __str__(self) -> str:
        return f"{self.sprint}: item {self.item_id} ({self.points})"
