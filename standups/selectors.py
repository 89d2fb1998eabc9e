"""Reads for stand-ups and blockers. Callers reach the board through boards.selectors.membership_for first, so every
function here takes a board the caller may see."""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, QuerySet, Window
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from boards.models import Board, Membership
from scrum_app.errors import InvalidInput
from scrum_app.ids import row_or_404
from sprints.models import Sprint
from sprints.selectors import active_sprint
from standups.models import Blocker, StandupEntry
from timers.models import Ceremony, Timer
from timers.selectors import timer_of_day

BLOCKER_STATES = ("open", "resolved", "all")
BOARD_PANEL_LIMIT = 20
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def may_follow(user: AbstractBaseUser | AnonymousUser, slug: str) -> bool:
    """Live topic "standup:<slug>": the board's members, nobody else."""
    return Membership.objects.filter(board__slug=slug, user=user).exists()


def parse_date(raw: object) -> datetime.date:
    if isinstance(raw, datetime.date):
        return raw
    if not isinstance(raw, str) or not _ISO_DATE.match(raw):
        raise InvalidInput(_("Give the date as YYYY-MM-DD."), field="date")
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(_("%(value)s is not a date.") % {"value": raw}, field="date") from None


def is_working_day(board: Board, sprint: Sprint, day: datetime.date) -> bool:
    return sprint.start_date <= day <= sprint.end_date and day.isoweekday() in board.working_days


def working_days(board: Board, sprint: Sprint, *, until: datetime.date) -> list[datetime.date]:
    """The sprint's working days from its start up to and including `until` (or its end), oldest first."""
    last = min(until, sprint.end_date)
    days = (sprint.start_date + datetime.timedelta(days=n) for n in range((last - sprint.start_date).days + 1))
    return [day for day in days if is_working_day(board, sprint, day)]


def sprint_day(*, board: Board, day: datetime.date | str) -> tuple[Sprint, datetime.date]:
    """The active sprint and the date, when the date is one of its working days; otherwise 400 naming `date`."""
    day = parse_date(day)
    sprint = active_sprint(board=board)
    if sprint is None:
        raise InvalidInput(_("No sprint is active on this board: stand-ups happen during a sprint."), field="date")
    sprint.board = board
    if not is_working_day(board, sprint, day):
        raise InvalidInput(
            _("%(day)s is not a working day of Sprint %(number)s (%(start)s to %(end)s).")
            % {
                "day": day.isoformat(),
                "number": sprint.number,
                "start": sprint.start_date.isoformat(),
                "end": sprint.end_date.isoformat(),
            },
            field="date",
        )
    return sprint, day


@dataclass
class Day:
    """One stand-up as everyone on the board sees it."""

    board: Board
    sprint: Sprint
    date: datetime.date
    timer: Timer | None  # the day's stand-up timer (its timebox): the last one started that day
    entries: list[StandupEntry]
    not_spoken: list[str]
    now: datetime.datetime = field(default_factory=timezone.now)

    @property
    def timebox_ends_at(self) -> datetime.datetime | None:
        return self.timer.over_at() if self.timer else None

    @property
    def timebox_running(self) -> bool:
        return self.timer is not None and self.timer.is_running(self.now)

    @property
    def time_is_up(self) -> bool:
        return self.timer is not None and not self.timer.is_running(self.now)

    def entry_of(self, user: AbstractBaseUser) -> StandupEntry | None:
        return next((entry for entry in self.entries if entry.member_id == user.pk), None)


def standup_day(*, board: Board, sprint: Sprint, day: datetime.date) -> Day:
    """The day's entries, who has not spoken yet and the timebox, in three queries whatever the team size."""
    entries = list(
        StandupEntry.objects.filter(standup__sprint=sprint, standup__date=day)
        .select_related("member")
        .order_by("created_at", "pk")
    )
    spoke = {entry.member_id for entry in entries}
    members = Membership.objects.filter(board=board).exclude(user_id__in=spoke).values_list("user__username", flat=True)
    return Day(
        board=board,
        sprint=sprint,
        date=day,
        timer=timer_of_day(board=board, ceremony=Ceremony.STANDUP, day=day),
        entries=entries,
        not_spoken=sorted(members, key=str.lower),
    )


def entry_of(*, board: Board, day: datetime.date | str, user: AbstractBaseUser) -> StandupEntry:
    """The member's entry of that day's stand-up, or 404."""
    sprint, date = sprint_day(board=board, day=day)
    entry = (
        StandupEntry.objects.filter(standup__sprint=sprint, standup__date=date, member=user)
        .select_related("member")
        .first()
    )
    if entry is None:
        raise Http404(_("You have no entry on this day yet."))
    return entry


@dataclass
class PastDay:
    date: datetime.date
    entries: list[StandupEntry]


def sprint_history(*, board: Board, sprint: Sprint, today: datetime.date) -> list[PastDay]:
    """Every working day of the sprint so far, newest first, each with its entries (one query)."""
    by_date: dict[datetime.date, list[StandupEntry]] = {}
    rows = (
        StandupEntry.objects.filter(standup__sprint=sprint)
        .select_related("member", "standup")
        .order_by("standup__date", "created_at", "pk")
    )
    for entry in rows:
        by_date.setdefault(entry.standup.date, []).append(entry)
    days = working_days(board, sprint, until=today) if sprint.started_at else []
    return [PastDay(date=day, entries=by_date.get(day, [])) for day in reversed(days)]


def blockers_of(*, board: Board, state: str = "open") -> QuerySet[Blocker]:
    """The board's blockers: open ones oldest first, resolved ones latest resolved first; `all` newest first."""
    if state not in BLOCKER_STATES:
        raise InvalidInput(_("state is one of %(states)s.") % {"states": ", ".join(BLOCKER_STATES)}, field="state")
    rows = Blocker.objects.filter(board=board).select_related("raised_by", "resolved_by", "item")
    if state == "open":
        return rows.filter(resolved_at__isnull=True).order_by("raised_at", "pk")
    if state == "resolved":
        return rows.filter(resolved_at__isnull=False).order_by("-resolved_at", "-pk")
    return rows.order_by("-raised_at", "-pk")


@dataclass
class OpenBlockers:
    blockers: list[Blocker]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.blockers)


def open_blockers(*, board: Board, limit: int = BOARD_PANEL_LIMIT) -> OpenBlockers:
    """The oldest `limit` open blockers and how many are open, in one query (the total rides along as a window)."""
    shown = list(blockers_of(board=board, state="open").annotate(total=Window(Count("*")))[:limit])
    return OpenBlockers(blockers=shown, count=shown[0].total if shown else 0)


def blocker_for(*, board: Board, blocker_id: int | str) -> Blocker:
    """The blocker `blocker_id` of this board; one of another board is as missing as an unknown one."""
    return row_or_404(Blocker.objects.filter(board=board), blocker_id, missing=_("No such blocker."))
