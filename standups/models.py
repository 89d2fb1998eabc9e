"""Daily stand-ups: one per working day of the active sprint, one entry per member per day, and the blockers the
entries raise.

Rules that must hold under races are constraints: one stand-up per sprint and day, one entry per member per
stand-up, a blocker line once per entry, and a resolved blocker always says when.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TEXT_LIMIT = 2000
BLOCKER_LIMIT = 500


class Standup(models.Model):
    """The stand-up of one day of a sprint, created by its first entry. Its timebox is a ceremony timer (timers)."""

    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="standups")
    sprint = models.ForeignKey("sprints.Sprint", on_delete=models.CASCADE, related_name="standups")
    date = models.DateField()

    class Meta:
        ordering = ["board", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["sprint", "date"], name="standup_one_per_sprint_and_day"),
        ]

    def __str__(self) -> str:
        return f"Stand-up {self.date} ({self.sprint_id})"


class StandupEntry(models.Model):
    """A member's three answers for one day."""

    standup = models.ForeignKey(Standup, on_delete=models.CASCADE, related_name="entries")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    done = models.TextField(blank=True, max_length=TEXT_LIMIT)
    next = models.TextField(blank=True, max_length=TEXT_LIMIT)
    blockers = models.TextField(blank=True, max_length=TEXT_LIMIT)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # Raised by every save of the answers (scrum_app.versions): a save from an older version (the same member in
    # another tab) is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["standup", "created_at", "pk"]
        verbose_name_plural = _("stand-up entries")
        constraints = [
            models.UniqueConstraint(fields=["standup", "member"], name="standup_one_entry_per_member_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} on {self.standup_id}"


class Blocker(models.Model):
    """One non-empty line of an entry's `blockers`, tracked until someone on the board resolves it."""

    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="blockers")
    entry = models.ForeignKey(StandupEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="raised")
    text = models.CharField(max_length=BLOCKER_LIMIT)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField()
    item = models.ForeignKey("boards.BacklogItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["board", "raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "text"], name="blocker_line_once_per_entry"),
            models.CheckConstraint(
                condition=Q(resolved_by__isnull=True) | Q(resolved_at__isnull=False),
                name="blocker_resolved_has_a_time",
            ),
        ]
        indexes = [models.Index(fields=["board", "resolved_at"], name="blocker_board_state")]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
