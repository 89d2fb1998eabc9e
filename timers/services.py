"""Every write to timers: start, extend, stop. Pages, the API and the stand-up's timebox all come through here.

Only the Scrum Master writes. Each write locks the board (boards.locks) and then the timer, so two starts of one
ceremony at once leave one running timer and a clear 409 for the other; the partial unique index
"timer_one_running_per_ceremony" holds it even for a writer that skipped the lock. A timer that ran out counts as not
running: the next start of its ceremony stops it at its end first. Every change is announced on the board's topic
("timer.started", "timer.extended", "timer.stopped") after commit; pages re-fetch their timer.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boards.events import publish_board
from boards.locks import lock_board
from boards.models import Membership, Role
from boards.selectors import require_role
from scrum_app.errors import Conflict, InvalidInput
from timers.guides import MAX_EXTEND_MINUTES, MAX_MINUTES, default_minutes
from timers.models import Ceremony, Timer
from timers.selectors import ceremony as ceremony_named
from timers.selectors import ceremony_sprint


def _minutes(value: object, *, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limit:
        raise InvalidInput(_("minutes is a whole number from 1 to %(limit)d.") % {"limit": limit}, field="minutes")
    return value


def _announce(timer: Timer, event: str) -> None:
    publish_board(timer.board, event, timer=timer.pk, ceremony=timer.ceremony)


def _running_message(timer: Timer) -> str:
    return _("The %(ceremony)s timer is already running; it ends at %(end)s.") % {
        "ceremony": Ceremony(timer.ceremony).label.lower(),
        "end": timer.ends_at.isoformat(timespec="seconds"),
    }


@transaction.atomic
def timer_start(*, acting: Membership, ceremony: str, minutes: int | None = None) -> Timer:
    """Start the ceremony's timer for `minutes` (its default when None: guides.default_minutes). One runs per
    ceremony per board: while one runs a second start is a conflict; one that has run out is stopped at its end."""
    require_role(acting, Role.SCRUM_MASTER, action=_("start a ceremony timer"))
    ceremony = ceremony_named(ceremony)
    board = lock_board(acting.board_id)
    now = timezone.now()
    current = Timer.objects.select_for_update().filter(board=board, ceremony=ceremony, stopped_at__isnull=True).first()
    if current is not None and current.is_running(now):
        raise Conflict(_running_message(current))
    sprint = ceremony_sprint(board=board, ceremony=ceremony)
    length = _minutes(
        default_minutes(ceremony, board=board, sprint=sprint) if minutes is None else minutes, limit=MAX_MINUTES
    )
    if current is not None:  # ran out: it ended at its end, recorded now
        current.stopped_at = current.ends_at
        current.save(update_fields=["stopped_at"])
    try:
        with transaction.atomic():
            timer = Timer.objects.create(
                board=board,
                sprint=sprint,
                ceremony=ceremony,
                started_at=now,
                ends_at=now + datetime.timedelta(minutes=length),
                started_by=acting.user,
            )
    except IntegrityError:  # a writer without the board's lock started one meanwhile; the index kept it to one
        label = Ceremony(ceremony).label.lower()
        raise Conflict(_("The %(ceremony)s timer is already running.") % {"ceremony": label}) from None
    timer.board = board
    _announce(timer, "timer.started")
    return timer


def _locked_running(acting: Membership, timer: Timer) -> Timer:
    board = lock_board(acting.board_id)
    rows = Timer.objects.select_for_update(of=("self",)).select_related("started_by", "sprint")
    timer = rows.get(pk=timer.pk, board=board)
    timer.board = board
    if timer.stopped_at is not None:
        raise Conflict(_("This timer was already stopped."))
    if timer.ran_out():
        raise Conflict(_("This timer has already run out; start a new one."))
    return timer


@transaction.atomic
def timer_extend(*, acting: Membership, timer: Timer, minutes: int) -> Timer:
    """Give a running timer `minutes` more (Scrum Master); a stopped or run-out one is a conflict."""
    require_role(acting, Role.SCRUM_MASTER, action=_("extend a ceremony timer"))
    minutes = _minutes(minutes, limit=MAX_EXTEND_MINUTES)
    timer = _locked_running(acting, timer)
    timer.ends_at += datetime.timedelta(minutes=minutes)
    timer.save(update_fields=["ends_at"])
    _announce(timer, "timer.extended")
    return timer


@transaction.atomic
def timer_stop(*, acting: Membership, timer: Timer) -> Timer:
    """Stop a running timer now (Scrum Master): its duration is what was held; a stopped or run-out one is a
    conflict."""
    require_role(acting, Role.SCRUM_MASTER, action=_("stop a ceremony timer"))
    timer = _locked_running(acting, timer)
    timer.stopped_at = timezone.now()
    timer.save(update_fields=["stopped_at"])
    _announce(timer, "timer.stopped")
    return timer
