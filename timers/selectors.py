"""Reads of timers. Callers reach the board through boards.selectors.membership_for first, so every function here
takes a board the caller may see."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from boards.models import Board
from scrum_app.errors import InvalidInput
from scrum_app.ids import MAX_ID
from sprints.models import Sprint, SprintState
from timers.guides import Guide, sprint_guides
from timers.models import Ceremony, Timer


def ceremony(raw: object) -> str:
    """A ceremony's name as the API and the pages give it, else 400 naming the choices."""
    if raw not in Ceremony.values:
        raise InvalidInput(
            _("ceremony is one of %(choices)s.") % {"choices": ", ".join(Ceremony.values)}, field="ceremony"
        )
    return str(raw)


def ceremony_sprint(*, board: Board, ceremony: str) -> Sprint | None:
    """The sprint a ceremony held now belongs to: planning plans the next planned sprint (else the active one);
    the others belong to the active sprint, and a review or retro held after the close to the sprint just closed."""
    sprints = Sprint.objects.filter(board=board)
    if ceremony == Ceremony.PLANNING:
        found = sprints.filter(state=SprintState.PLANNED).order_by("number").first()
        if found:
            return found
    found = sprints.filter(state=SprintState.ACTIVE).first()
    if found is None and ceremony in (Ceremony.REVIEW, Ceremony.RETRO):
        found = sprints.filter(state=SprintState.CLOSED).order_by("-number").first()
    return found


def timers_of(*, board: Board, ceremony: str | None = None) -> QuerySet[Timer]:
    """The board's timers, newest first, of one ceremony when given."""
    rows = Timer.objects.filter(board=board).select_related("started_by").order_by("-started_at", "-pk")
    return rows.filter(ceremony=ceremony) if ceremony else rows


def timer_for(*, board: Board, timer_id: int | str) -> Timer:
    """The timer `timer_id` of this board; one of another board is as missing as an unknown one."""
    try:
        pk = int(timer_id)
    except (TypeError, ValueError):
        raise Http404(_("No such timer.")) from None
    timer = Timer.objects.filter(pk=pk, board=board).first() if 0 < pk <= MAX_ID else None
    if timer is None:
        raise Http404(_("No such timer."))
    return timer


def day_bounds(board: Board, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first moment of `day` and of the next one, where the team works."""
    zone = zoneinfo.ZoneInfo(board.time_zone)
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    return start, datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)


def timer_of_day(*, board: Board, ceremony: str, day: datetime.date | None = None) -> Timer | None:
    """The ceremony's latest timer started on `day` (the board's today): a ceremony is a meeting of one day, so
    yesterday's "time is up" is no news today."""
    start, end = day_bounds(board, day or board.today())
    return timers_of(board=board, ceremony=ceremony).filter(started_at__gte=start, started_at__lt=end).first()


@dataclass(frozen=True)
class CeremonyTime:
    """The team's time in one ceremony during a sprint, against its guide."""

    ceremony: str
    label: str
    minutes: int
    sessions: int
    guide: Guide

    @property
    def over(self) -> bool:
        return self.minutes > self.guide.high

    @property
    def under(self) -> bool:
        """Below the guide's range (refinement, whose guide is a share, not a maximum)."""
        return self.guide.low < self.guide.high and self.minutes < self.guide.low


def sprint_ceremony_times(*, board: Board, sprint: Sprint) -> list[CeremonyTime]:
    """Each ceremony's recorded minutes in the sprint (a running timer counts up to now) against its guide, in one
    query."""
    now = timezone.now()
    held: dict[str, tuple[datetime.timedelta, int]] = {}
    for timer in Timer.objects.filter(sprint=sprint).only("ceremony", "started_at", "ends_at", "stopped_at"):
        total, count = held.get(timer.ceremony, (datetime.timedelta(), 0))
        held[timer.ceremony] = (total + timer.duration(now), count + 1)
    guides = sprint_guides(board, sprint)
    return [
        CeremonyTime(
            ceremony=value,
            label=str(label),
            minutes=round(held.get(value, (datetime.timedelta(), 0))[0].total_seconds() / 60),
            sessions=held.get(value, (datetime.timedelta(), 0))[1],
            guide=guides[value],
        )
        for value, label in Ceremony.choices
    ]
