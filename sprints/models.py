"""Sprints: a time-box of one to four weeks in which the team works a committed scope."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class SprintState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("sprint state", "Planned")
    ACTIVE = "active", pgettext_lazy("sprint state", "Active")
    CLOSED = "closed", pgettext_lazy("sprint state", "Closed")


class Sprint(models.Model):
    """`committed_points` is frozen at the start and `completed_points` at the close, so velocity never shifts when
    items are re-estimated or reopened later."""

    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="sprints")
    number = models.PositiveIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    goal = models.TextField(_("goal"), blank=True, max_length=2000)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    state = models.CharField(_("state"), max_length=10, choices=SprintState.choices, default=SprintState.PLANNED)
    committed_points = models.PositiveIntegerField(_("committed points"), null=True, blank=True)
    completed_points = models.PositiveIntegerField(_("completed points"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Raised by every change of the sprint's own row (an edit, its start, its close; scrum_app.versions), so an edit
    # made from an older version is refused instead of overwriting. Planning items into it changes the items.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("sprint")
        verbose_name_plural = _("sprints")
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
        return self.name or gettext("Sprint %(number)s") % {"number": self.number}

    @property
    def title(self) -> str:
        """The sprint as pages name it: "Sprint 4" or "Sprint 4: Name", in the language of the request."""
        if self.name:
            return gettext("Sprint %(number)s: %(name)s") % {"number": self.number, "name": self.name}
        return gettext("Sprint %(number)s") % {"number": self.number}


class SprintCommitment(models.Model):
    """One item of the scope committed when the sprint started, with its points at that moment."""

    sprint = models.ForeignKey(Sprint, verbose_name=_("sprint"), on_delete=models.CASCADE, related_name="commitments")
    item = models.ForeignKey("boards.BacklogItem", verbose_name=_("item"), on_delete=models.CASCADE, related_name="+")
    points = models.PositiveSmallIntegerField(_("points"), null=True, blank=True)

    class Meta:
        verbose_name = _("sprint commitment")
        verbose_name_plural = _("sprint commitments")
        constraints = [models.UniqueConstraint(fields=["sprint", "item"], name="commitment_one_per_item")]

    def __str__(self) -> str:
        return f"{self.sprint}: item {self.item_id} ({self.points})"
