"""Every write to stand-ups and blockers. Pages and the API both come through here.

An entry is written only on its own day (the board's today, in its time zone) and only on a working day of the active
sprint. Writes to one day's stand-up lock the board (boards.locks) and then the day's row, so two saves by one member
(two tabs, a retried request) leave one entry and one set of blockers. Events go out after commit and name what changed,
never the text.
"""

import datetime
import re
import zoneinfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import live
from boards.events import publish_board
from boards.locks import lock_board
from boards.models import BacklogItem, Board, Membership, Role
from boards.selectors import require_role
from notifications.models import NotificationKind
from notifications.services import notify
from scrum_app.errors import Conflict, InvalidInput
from scrum_app.versions import check_version, next_version
from sprints.models import Sprint
from standups.models import BLOCKER_LIMIT, TEXT_LIMIT, Blocker, Standup, StandupEntry
from standups.selectors import sprint_day
from timers.models import Ceremony, Timer
from timers.services import timer_start

TIMEBOX_MINUTES = 15
ITEM_REFERENCE = re.compile(r"#(\d{1,9})\b")


def topic(board: Board) -> str:
    return f"standup:{board.slug}"


def _announce(board: Board, event: str, **data: object) -> None:
    live.publish(topic(board), event, **data)


def _announce_blockers(board: Board, event: str, blocker_ids: list[int]) -> None:
    """Blockers show on the stand-up and on the board page: both hear of them."""
    live.publish(topic(board), event, blockers=blocker_ids)
    publish_board(board, event, blockers=blocker_ids)


def _todays(
    board: Board, day: datetime.date | str, at: datetime.datetime | None = None
) -> tuple[Sprint, datetime.date]:
    """The active sprint and the day, when the day is the board's today (or the day of `at`, for a past write)."""
    sprint, day = sprint_day(board=board, day=day)
    today = board.today() if at is None else at.astimezone(zoneinfo.ZoneInfo(board.time_zone)).date()
    if day != today:
        raise Conflict(
            _("Stand-up entries are written on their own day: today is %(today)s, not %(day)s.")
            % {"today": today.isoformat(), "day": day.isoformat()},
            field="date",
        )
    return sprint, day


def _locked_standup(board: Board, sprint: Sprint, day: datetime.date) -> Standup:
    """The day's stand-up, created if need be, locked for this transaction (the caller has locked the board)."""
    if not Standup.objects.filter(sprint=sprint, date=day).exists():
        try:
            with transaction.atomic():
                Standup.objects.create(board=board, sprint=sprint, date=day)
        except IntegrityError:  # created by a request running alongside; the constraint kept it to one
            pass
    return Standup.objects.select_for_update().get(sprint=sprint, date=day)


def _text(value: object, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(_("%(field)s is text.") % {"field": name}, field=name)
    value = value.strip()
    if "\x00" in value:  # a form can send it; PostgreSQL cannot store it
        raise InvalidInput(_("%(field)s holds a NUL character; remove it.") % {"field": name}, field=name)
    if len(value) > TEXT_LIMIT:
        raise InvalidInput(
            _("Keep %(field)s to %(limit)d characters.") % {"field": name, "limit": TEXT_LIMIT}, field=name
        )
    return value


def blocker_lines(text: str) -> list[str]:
    """Each non-empty line is one blocker; a line given twice is one blocker."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line or line in lines:
            continue
        if len(line) > BLOCKER_LIMIT:
            raise InvalidInput(
                _("Keep each blocker to %(limit)d characters.") % {"limit": BLOCKER_LIMIT}, field="blockers"
            )
        lines.append(line)
    return lines


def _linked_items(board: Board, lines: list[str]) -> dict[str, int | None]:
    """Each line's item: its first `#<id>` that is an item of this board (other numbers are just text)."""
    refs = {line: [int(n) for n in ITEM_REFERENCE.findall(line)] for line in lines}
    wanted = {n for numbers in refs.values() for n in numbers}
    on_board = set(BacklogItem.objects.filter(board=board, pk__in=wanted).values_list("pk", flat=True))
    return {line: next((n for n in numbers if n in on_board), None) for line, numbers in refs.items()}


def _sync_blockers(entry: StandupEntry, board: Board, text: str, now: datetime.datetime) -> tuple[list[int], list[int]]:
    """Keep blockers whose line is unchanged, raise new lines, drop open ones whose line went (resolved ones stay)."""
    lines = blocker_lines(text)
    existing = {blocker.text: blocker for blocker in Blocker.objects.filter(entry=entry)}
    dropped = [b.pk for text, b in existing.items() if b.is_open and text not in lines]
    if dropped:
        Blocker.objects.filter(pk__in=dropped).delete()
    fresh = [line for line in lines if line not in existing]
    items = _linked_items(board, fresh)
    raised = Blocker.objects.bulk_create(
        [
            Blocker(board=board, entry=entry, text=line, raised_by=entry.member, raised_at=now, item_id=items[line])
            for line in fresh
        ]
    )
    return [blocker.pk for blocker in raised], dropped


def _refuse_empty(answers: dict[str, str]) -> None:
    if not any(value.strip() for value in answers.values()):
        raise InvalidInput(
            _("Say what you did, what you will do or what blocks you: the entry is empty."), field="done"
        )


@transaction.atomic
def standup_entry_save(
    *,
    acting: Membership,
    day: datetime.date | str,
    done: str | None = None,
    next: str | None = None,
    blockers: str | None = None,
    at: datetime.datetime | None = None,
    version: int | None = None,
) -> StandupEntry:
    """Write the member's answers for today (create or update). Only today, only a working day of the active sprint;
    each line of `blockers` becomes a tracked blocker. An answer not given keeps the stored one (empty for a new
    entry; a page sends only what was changed). With `version`, a save onto an entry changed since that version
    raises StaleVersion.

    `at` records an entry written at a past moment (the demo data, an import): the entry, its blockers and their
    times are as if saved then, and `day` must be the day of `at`. Pages and the API never pass it.
    """
    board = acting.board
    given = {"done": done, "next": next, "blockers": blockers}
    answers = {name: _text(value, name) for name, value in given.items() if value is not None}
    blocker_lines(answers.get("blockers", ""))  # validates before anything is written
    if len(answers) == len(given):
        _refuse_empty(answers)
    if at is not None and (timezone.is_naive(at) or at > timezone.now()):
        raise InvalidInput(_("An entry is recorded at an aware moment that has passed."), field="at")
    lock_board(board.pk)  # before the active sprint is checked: a sprint closing meanwhile closes before or after
    sprint, day = _todays(board, day, at)
    standup = _locked_standup(board, sprint, day)  # and with it every entry of the day
    now = at or timezone.now()
    entry = StandupEntry.objects.filter(standup=standup, member=acting.user).first()
    _refuse_empty({**{name: getattr(entry, name) if entry else "" for name in given}, **answers})
    if entry is None:  # nothing to overwrite: a version only guards an existing entry
        entry = StandupEntry.objects.create(
            standup=standup, member=acting.user, created_at=now, updated_at=now, **answers
        )
    else:
        check_version(entry, version, what=_("stand-up entry"))
        for name, value in answers.items():
            setattr(entry, name, value)
        entry.updated_at = now
        entry.version = next_version()  # the saved value comes back from the UPDATE
        entry.save(update_fields=[*answers, "updated_at", "version"])
    entry.member = acting.user
    raised, dropped = _sync_blockers(entry, board, entry.blockers, now) if "blockers" in answers else ([], [])
    _announce(board, "standup.entry", date=day.isoformat(), user=acting.user.get_username())
    if raised:
        _announce_blockers(board, "blocker.raised", raised)
    if dropped:
        _announce_blockers(board, "blocker.dropped", dropped)
    return entry


@transaction.atomic
def timebox_start(*, acting: Membership, day: datetime.date | str) -> Timer:
    """Start today's 15-minute timebox (Scrum Master): the stand-up's ceremony timer (timers.services.timer_start).
    While one runs, a second start is refused; once it has run out or been stopped it may be started again."""
    require_role(acting, Role.SCRUM_MASTER, action=_("start the stand-up timebox"))
    board = acting.board
    lock_board(board.pk)
    _sprint, day = _todays(board, day)
    timer = timer_start(acting=acting, ceremony=Ceremony.STANDUP, minutes=TIMEBOX_MINUTES)
    _announce(board, "standup.timebox", date=day.isoformat())
    return timer


@transaction.atomic
def blocker_resolve(*, acting: Membership, blocker: Blocker) -> Blocker:
    """Anyone on the board resolves a blocker, once: resolving it again is a conflict that names who did."""
    lock_board(acting.board_id)
    blocker = Blocker.objects.select_for_update().get(pk=blocker.pk, board_id=acting.board_id)
    if blocker.resolved_at is not None:
        by = blocker.resolved_by.get_username() if blocker.resolved_by else _("someone")
        raise Conflict(_("This blocker was already resolved by %(who)s.") % {"who": by})
    blocker.resolved_at = timezone.now()
    blocker.resolved_by = acting.user
    blocker.save(update_fields=["resolved_at", "resolved_by"])
    notify(
        kind=NotificationKind.BLOCKER_RESOLVED,
        recipients=[blocker.raised_by] if blocker.raised_by_id else [],
        actor=acting.user,
        board_id=acting.board_id,
        item_id=blocker.item_id,
        text=blocker.text,
        key=f"blocker_resolved:{blocker.pk}",
    )
    _announce_blockers(acting.board, "blocker.resolved", [blocker.pk])
    return blocker
