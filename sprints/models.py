"""Sprints: a time-box of one to four weeks in which the team works a committed scope."""

from django.db import models
from django.db.models import Q


class SprintState(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Sprint(models.Model):
    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="sprints")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=100, blank=True)
    goal = models.TextField(blank=True, max_length=2000)
    start_date = models.DateField()
    end_date = models.DateField()
    state = models.CharField(max_length=10, choices=SprintState.choices, default=SprintState.PLANNED)

    class Meta:
        ordering = ["board", "number"]
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="sprint_number_unique_per_board"),
            models.UniqueConstraint(
                fields=["board"], condition=Q(state=SprintState.ACTIVE), name="sprint_one_active_per_board"
            ),
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="sprint_ends_after_start"),
            models.CheckConstraint(condition=Q(state__in=SprintState.values), name="sprint_state_valid"),
        ]

    def __str__(self) -> str:
        return self.name or f"Sprint {self.number}"
