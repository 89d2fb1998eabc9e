"""Retrospectives: one per sprint, moved through fixed phases by the Scrum Master; cards, votes and actions.

Rules that must hold under races are constraints (one retro per sprint, an action carried over once); the vote budget
is counted under the retro's row lock (see services).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Template(models.TextChoices):
    PLUSES_MINUSES_ACTIONS = "pluses_minuses_actions", _("Pluses / minuses / actions")
    START_STOP_CONTINUE = "start_stop_continue", _("Start / stop / continue")
    MAD_SAD_GLAD = "mad_sad_glad", _("Mad / sad / glad")


# Each template's columns, in order: (key, label).
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    Template.PLUSES_MINUSES_ACTIONS: (
        ("pluses", pgettext_lazy("retro column", "Pluses")),
        ("minuses", pgettext_lazy("retro column", "Minuses")),
        ("actions", pgettext_lazy("retro column", "Actions")),
    ),
    Template.START_STOP_CONTINUE: (
        ("start", pgettext_lazy("retro column", "Start")),
        ("stop", pgettext_lazy("retro column", "Stop")),
        ("continue", pgettext_lazy("retro column", "Continue")),
    ),
    Template.MAD_SAD_GLAD: (
        ("mad", pgettext_lazy("retro column", "Mad")),
        ("sad", pgettext_lazy("retro column", "Sad")),
        ("glad", pgettext_lazy("retro column", "Glad")),
    ),
}
ALL_COLUMNS = sorted({key for columns in COLUMNS.values() for key, _ in columns})


class Phase(models.TextChoices):
    """In the order a retro goes through them; only ever forward."""

    REVIEW = "review", pgettext_lazy("retro phase", "Review")
    WRITE = "write", pgettext_lazy("retro phase", "Write")
    VOTE = "vote", pgettext_lazy("retro phase", "Vote")
    DISCUSS = "discuss", pgettext_lazy("retro phase", "Discuss")
    CLOSED = "closed", pgettext_lazy("retro phase", "Closed")

    @property
    def step(self) -> int:
        return list(Phase).index(self)

    @property
    def now(self) -> str:
        """Where a retro in this phase stands, as a message says it: "the retro is in <now>"."""
        return str(PHASE_NOW[self])


# "The retro is in vote": the English says the phase's value; Russian needs a phrase of its own for each.
PHASE_NOW = {
    Phase.REVIEW: pgettext_lazy("the retro is in", "review"),
    Phase.WRITE: pgettext_lazy("the retro is in", "write"),
    Phase.VOTE: pgettext_lazy("the retro is in", "vote"),
    Phase.DISCUSS: pgettext_lazy("the retro is in", "discuss"),
    Phase.CLOSED: pgettext_lazy("the retro is in", "closed"),
}


class Retro(models.Model):
    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="retros")
    sprint = models.ForeignKey("sprints.Sprint", on_delete=models.CASCADE, related_name="retros")
    template = models.CharField(max_length=30, choices=Template.choices, default=Template.PLUSES_MINUSES_ACTIONS)
    hidden = models.BooleanField(default=False, help_text=_("While writing, members see only how many cards there are"))
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.REVIEW)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["sprint"], name="retro_one_per_sprint"),
            models.CheckConstraint(condition=Q(template__in=Template.values), name="retro_template_valid"),
            models.CheckConstraint(condition=Q(phase__in=Phase.values), name="retro_phase_valid"),
            models.CheckConstraint(
                condition=~Q(phase=Phase.CLOSED) | Q(closed_at__isnull=False), name="retro_closed_has_closed_at"
            ),
        ]

    def __str__(self) -> str:
        return f"Retro {self.pk}"

    @property
    def step(self) -> int:
        return Phase(self.phase).step

    @property
    def columns(self) -> tuple[tuple[str, str], ...]:
        return COLUMNS[self.template]

    @property
    def closed(self) -> bool:
        return self.phase == Phase.CLOSED


class Card(models.Model):
    retro = models.ForeignKey(Retro, on_delete=models.CASCADE, related_name="cards")
    column = models.CharField(max_length=20)
    text = models.TextField(max_length=1000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    anonymous = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by every edit of the card (scrum_app.versions): an edit from an older version is refused.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(column__in=ALL_COLUMNS), name="retro_card_column_known")]

    def __str__(self) -> str:
        return f"Card {self.pk}"


class Vote(models.Model):
    """One of a member's votes; a member may put several on one card, up to the board's budget per retro."""

    retro = models.ForeignKey(Retro, on_delete=models.CASCADE, related_name="votes")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["retro", "voter"], name="retro_vote_by_voter")]

    def __str__(self) -> str:
        return f"Vote {self.pk} on card {self.card_id}"


class ActionState(models.TextChoices):
    OPEN = "open", pgettext_lazy("action state", "Open")
    DONE = "done", pgettext_lazy("action state", "Done")
    CARRIED = "carried", pgettext_lazy("action state", "Carried over")


class Action(models.Model):
    """An improvement the team commits to; open ones show on the board until done (or carried into a later retro)."""

    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="retro_actions")
    retro = models.ForeignKey(Retro, on_delete=models.CASCADE, related_name="actions")
    card = models.ForeignKey(Card, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    text = models.TextField(max_length=1000)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=ActionState.choices, default=ActionState.OPEN)
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Raised by every change of the action (done, reopened, carried; scrum_app.versions).
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ActionState.values), name="retro_action_state_valid"),
            models.CheckConstraint(
                condition=~Q(state=ActionState.DONE) | Q(done_at__isnull=False), name="retro_action_done_has_done_at"
            ),
        ]
        indexes = [models.Index(fields=["board", "state"], name="retro_action_board_state")]

    def __str__(self) -> str:
        return self.text[:50]
