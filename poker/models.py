"""Planning poker: sessions, their queue of items, rounds of voting and the votes.

A session holds a queue of entries (a backlog item, or a quick round with a typed title). One entry at a time is
current; each entry has one or more rounds (a re-vote opens a new round and keeps the old). Rules that must hold
under races are constraints: one vote per member per round, one current entry per session.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from boards.models import POINT_VALUES, SPLIT_ABOVE_POINTS
from poker.deck import CARDS


class PokerSession(models.Model):
    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="poker_sessions")
    title = models.CharField(max_length=200, blank=True)
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    facilitator_votes = models.BooleanField(default=True)
    auto_reveal = models.BooleanField(default=True, help_text=_("Reveal once every voter has voted"))
    countdown_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(countdown_seconds__isnull=True) | Q(countdown_seconds__gte=5, countdown_seconds__lte=3600),
                name="poker_countdown_5s_to_1h",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Poker session {self.pk}"


class EntryState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    CURRENT = "current", _("Current")
    ACCEPTED = "accepted", _("Accepted")
    SKIPPED = "skipped", _("Skipped")


class Entry(models.Model):
    """One thing to estimate: a backlog item, or a quick round's typed title (item empty)."""

    session = models.ForeignKey(PokerSession, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey("boards.BacklogItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200)
    position = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=EntryState.choices, default=EntryState.QUEUED)
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    needs_detail = models.BooleanField(default=False)

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="poker_entry_one_per_position"),
            models.UniqueConstraint(
                fields=["session"], condition=Q(state=EntryState.CURRENT), name="poker_one_current_entry"
            ),
            models.CheckConstraint(condition=Q(state__in=EntryState.values), name="poker_entry_state_valid"),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__in=POINT_VALUES), name="poker_entry_points_on_the_deck"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def split_me(self) -> bool:
        return self.points is not None and self.points > SPLIT_ABOVE_POINTS


class Round(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)  # the countdown, when the session has one
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["entry", "number"]
        constraints = [models.UniqueConstraint(fields=["entry", "number"], name="poker_round_number_unique")]

    def __str__(self) -> str:
        return f"{self.entry} round {self.number}"

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None


class Vote(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    card = models.CharField(max_length=10)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "voter"], name="poker_one_vote_per_member_per_round"),
            models.CheckConstraint(condition=Q(card__in=CARDS), name="poker_card_on_the_deck"),
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} voted in {self.round_id}"


class Participant(models.Model):
    """A member's standing in one session: observer or voter, and whether their page is connected."""

    session = models.ForeignKey(PokerSession, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    observer = models.BooleanField(default=False)
    connections = models.PositiveSmallIntegerField(default=0)
    last_seen = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="poker_participant_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.session_id}"
