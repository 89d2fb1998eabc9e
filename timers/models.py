"""Ceremony timers: the Scrum Master starts one for a ceremony with a length; everyone on the board sees it count down.

A timer runs from `started_at` until `ends_at` unless it is stopped first (`stopped_at`). One that ran out is over
without being written to: it is stopped lazily, at its `ends_at`, by the next start of its ceremony (under the board's
lock), so the database's "one running timer per ceremony per board" (stopped_at is null) also holds for run-out ones.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Ceremony(models.TextChoices):
    PLANNING = "planning", pgettext_lazy("ceremony", "Sprint planning")
    STANDUP = "standup", pgettext_lazy("ceremony", "Daily stand-up")
    REVIEW = "review", pgettext_lazy("ceremony", "Sprint review")
    RETRO = "retro", pgettext_lazy("ceremony", "Retrospective")
    REFINEMENT = "refinement", pgettext_lazy("ceremony", "Backlog refinement")


class Timer(models.Model):
    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="timers")
    # The sprint the ceremony belongs to (the one being planned, the active one, the one just closed for its review
    # and retro): the sprint page sums its ceremonies' time. None when the board had no such sprint.
    sprint = models.ForeignKey(
        "sprints.Sprint", null=True, blank=True, on_delete=models.SET_NULL, related_name="timers"
    )
    ceremony = models.CharField(_("ceremony"), max_length=12, choices=Ceremony.choices)
    started_at = models.DateTimeField(_("started at"))
    ends_at = models.DateTimeField(_("ends at"))
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("timer")
        verbose_name_plural = _("timers")
        ordering = ["board", "-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "ceremony"],
                condition=Q(stopped_at__isnull=True),
                name="timer_one_running_per_ceremony",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("started_at")), name="timer_ends_after_start"),
            models.CheckConstraint(
                condition=Q(stopped_at__isnull=True) | Q(stopped_at__gte=F("started_at")),
                name="timer_stops_after_start",
            ),
            models.CheckConstraint(condition=Q(ceremony__in=Ceremony.values), name="timer_ceremony_valid"),
        ]
        indexes = [models.Index(fields=["board", "ceremony", "-started_at"], name="timer_board_ceremony_latest")]

    def __str__(self) -> str:
        return f"{self.ceremony} on {self.board_id} at {self.started_at:%Y-%m-%d %H:%M}"

    def over_at(self) -> datetime.datetime:
        """When it ended or will end: stopped, else its planned end."""
        return self.stopped_at or self.ends_at

    def is_running(self, now: datetime.datetime | None = None) -> bool:
        return self.stopped_at is None and self.ends_at > (now or timezone.now())

    def ran_out(self, now: datetime.datetime | None = None) -> bool:
        return self.stopped_at is None and self.ends_at <= (now or timezone.now())

    def effective_stop(self, now: datetime.datetime | None = None) -> datetime.datetime | None:
        """When it stopped, counting a run-out timer as stopped at its end; None while it runs."""
        return None if self.is_running(now) else self.over_at()

    def duration(self, now: datetime.datetime | None = None) -> datetime.timedelta:
        """The time held so far: up to now while it runs."""
        return (self.effective_stop(now) or (now or timezone.now())) - self.started_at
