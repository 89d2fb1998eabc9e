"""Every write to planning poker. Pages and the API both come through here.

Each service locks the board (boards.locks) and then the session row, so votes, reveals and moves through the queue of
one session are serialised: 30 votes in the same second are 30 rows, and two reveals clicked at once reveal once. Events
go out after commit and never carry a card before the reveal.
"""

from collections.abc import Sequence
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

import live
from boards.locks import lock_board
from boards.models import NOT_SPLIT, POINT_VALUES, BacklogItem, Membership, Role
from boards.selectors import require_role
from boards.services import item_update
from poker.deck import CARDS, NEEDS_DETAIL_CARDS
from poker.models import Entry, EntryState, Participant, PokerSession, Round, Vote
from poker.selectors import current_entry, current_round, is_voter
from scrum_app.errors import Conflict, InvalidInput
from scrum_app.ids import is_id

FACILITATOR_ROLES = (Role.SCRUM_MASTER, Role.PRODUCT_OWNER)
# Without a chosen list, a session queues this many unestimated items from the top of the backlog.
DEFAULT_QUEUE_LENGTH = 10
QUEUE_LIMIT = 100


def topic(session: PokerSession) -> str:
    return f"poker:{session.pk}"


def _announce(session: PokerSession, event: str, **data: object) -> None:
    live.publish(topic(session), event, session=session.pk, **data)


def _locked(session: PokerSession) -> PokerSession:
    lock_board(session.board_id)
    return PokerSession.objects.select_for_update().get(pk=session.pk)


def _locked_round(session: PokerSession, *, over: str, field: str | None = None) -> tuple[PokerSession, Round]:
    """The session, locked, and its current round; a Conflict saying `over` when it has none left."""
    session = _locked(session)
    round_ = current_round(session)
    if round_ is None:
        raise Conflict(over, field=field)
    return session, round_


def _new_round(session: PokerSession, entry: Entry, number: int) -> Round:
    now = timezone.now()
    ends_at = now + timedelta(seconds=session.countdown_seconds) if session.countdown_seconds else None
    return Round.objects.create(entry=entry, number=number, started_at=now, ends_at=ends_at)


def _advance(session: PokerSession) -> Entry | None:
    """Make the next queued entry current (its first round opens), or finish the session."""
    following = session.entries.filter(state=EntryState.QUEUED).order_by("position").first()
    if following is None:
        session.finished_at = timezone.now()
        session.save(update_fields=["finished_at"])
        return None
    following.state = EntryState.CURRENT
    following.save(update_fields=["state"])
    _new_round(session, following, 1)
    return following


def _default_items(board_id: int) -> list[BacklogItem]:
    return list(
        BacklogItem.objects.filter(NOT_SPLIT, board_id=board_id, points__isnull=True)
        .exclude(status="done")
        .order_by("rank")[:DEFAULT_QUEUE_LENGTH]
    )


def _chosen_items(board_id: int, item_ids: Sequence[object]) -> list[BacklogItem]:
    if not isinstance(item_ids, list | tuple) or not all(is_id(i) for i in item_ids):
        raise InvalidInput(_("items is a list of item ids."), field="items")
    if len(item_ids) > QUEUE_LIMIT:
        raise InvalidInput(_("Queue at most %(limit)d items.") % {"limit": QUEUE_LIMIT}, field="items")
    if len(set(item_ids)) != len(item_ids):
        raise InvalidInput(_("An item is queued twice."), field="items")
    found = BacklogItem.objects.in_bulk(item_ids)
    missing = [i for i in item_ids if i not in found or found[i].board_id != board_id]
    if missing:
        raise InvalidInput(_("No item %(id)s on this board.") % {"id": missing[0]}, field="items")
    return [found[i] for i in item_ids]


def _title(title: object) -> str:
    """A typed title, stripped. A NUL character (a form can send one) is refused: PostgreSQL cannot store it."""
    text = title.strip() if isinstance(title, str) else ""
    if "\x00" in text:
        raise InvalidInput(_("The title holds a NUL character; remove it."), field="title")
    return text


@transaction.atomic
def session_start(
    *,
    acting: Membership,
    items: Sequence[int] | None = None,
    title: str = "",
    facilitator_votes: bool = True,
    auto_reveal: bool = True,
    countdown_seconds: int | None = None,
) -> PokerSession:
    """Start a session: the chosen items, else a quick round titled `title`, else the unestimated top of the backlog."""
    require_role(acting, *FACILITATOR_ROLES, action=_("start planning poker"))
    title = _title(title)
    if len(title) > 200:
        raise InvalidInput(_("Keep the title to 200 characters."), field="title")
    if countdown_seconds is not None and (not isinstance(countdown_seconds, int) or not 5 <= countdown_seconds <= 3600):
        raise InvalidInput(_("The countdown is 5 to 3600 seconds, or empty for none."), field="countdown_seconds")
    # The queued items are checked under the board's lock, which deleting an item takes: an item deleted meanwhile
    # is "no item on this board" (400), never an entry pointing at a deleted row (500 at commit).
    lock_board(acting.board_id)
    if items:
        chosen: list[BacklogItem] = _chosen_items(acting.board_id, items)
    elif items is not None and not isinstance(items, list | tuple):
        raise InvalidInput(_("items is a list of item ids."), field="items")
    elif title:
        chosen = []
    else:
        chosen = _default_items(acting.board_id)
        if not chosen:
            raise InvalidInput(_("Every open item is estimated; choose items or type a title."), field="items")
    session = PokerSession.objects.create(
        board_id=acting.board_id,
        title=title,
        facilitator=acting.user,
        facilitator_votes=bool(facilitator_votes),
        auto_reveal=bool(auto_reveal),
        countdown_seconds=countdown_seconds,
    )
    if chosen:
        entries = [
            Entry(session=session, item=item, title=item.title, position=index) for index, item in enumerate(chosen)
        ]
    else:
        entries = [Entry(session=session, title=title, position=0)]
    Entry.objects.bulk_create(entries)
    _advance(session)
    live.publish(f"board:{acting.board.slug}", "poker.started", session=session.pk)
    return session


@transaction.atomic
def quick_round_add(*, acting: Membership, session: PokerSession, title: str) -> Entry:
    """Queue a quick round (a title, no backlog item); it becomes current at once if nothing else is."""
    require_role(acting, *FACILITATOR_ROLES, action=_("add a quick round"))
    title = _title(title)
    if not title or len(title) > 200:
        raise InvalidInput(_("A quick round needs a title of up to 200 characters."), field="title")
    session = _locked(session)
    last = session.entries.aggregate(last=Max("position"))["last"]
    entry = Entry.objects.create(session=session, title=title, position=(last or 0) + 1)
    if current_entry(session) is None:
        session.finished_at = None
        session.save(update_fields=["finished_at"])
        _advance(session)
    _announce(session, "poker.queue")
    return entry


def _check_card(card: object) -> str:
    if not isinstance(card, str) or card not in CARDS:
        raise InvalidInput(
            _("%(card)s is not on the deck; play one of %(cards)s.") % {"card": repr(card), "cards": ", ".join(CARDS)},
            field="card",
        )
    return card


@transaction.atomic
def cast_vote(*, acting: Membership, session: PokerSession, card: str) -> Vote:
    """Play or change a card. Hidden from everyone else until the reveal; may trigger the automatic reveal."""
    card = _check_card(card)
    session, round_ = _locked_round(session, over=_("There is no round to vote in; the session is over."), field="card")
    if round_.revealed:
        raise Conflict(_("The cards are already revealed; wait for a re-vote."), field="card")
    if not is_voter(session, acting.user):
        raise Conflict(_("You do not vote in this session (observer or non-voting facilitator)."), field="card")
    now = timezone.now()
    changed = Vote.objects.filter(round=round_, voter=acting.user).update(card=card, at=now)
    if not changed:
        try:
            with transaction.atomic():
                Vote.objects.create(round=round_, voter=acting.user, card=card, at=now)
        except IntegrityError:  # the session lock makes this unreachable in practice; the constraint still decides
            Vote.objects.filter(round=round_, voter=acting.user).update(card=card, at=now)
    _announce(session, "poker.voted", user=acting.user.get_username())
    if session.auto_reveal and _everyone_voted(session, round_):
        _reveal(session, round_)
    return Vote.objects.get(round=round_, voter=acting.user)


def _everyone_voted(session: PokerSession, round_: Round) -> bool:
    from poker.selectors import voters

    expected = {user.pk for user in voters(session)}
    voted = set(Vote.objects.filter(round=round_).values_list("voter_id", flat=True))
    return bool(expected) and expected <= voted


def _reveal(session: PokerSession, round_: Round) -> None:
    round_.revealed_at = timezone.now()
    round_.save(update_fields=["revealed_at"])
    if Vote.objects.filter(round=round_, card__in=NEEDS_DETAIL_CARDS).exists():
        Entry.objects.filter(pk=round_.entry_id).update(needs_detail=True)
    _announce(session, "poker.revealed", round=round_.pk)


@transaction.atomic
def reveal(*, acting: Membership, session: PokerSession) -> Round:
    """Turn the cards over. A second reveal of the same round (two clicks at once) changes nothing."""
    require_role(acting, *FACILITATOR_ROLES, action=_("reveal the cards"))
    session, round_ = _locked_round(session, over=_("There is no round to reveal; the session is over."))
    if not round_.revealed:
        _reveal(session, round_)
    return round_


@transaction.atomic
def revote(*, acting: Membership, session: PokerSession) -> Round:
    """A new round for the same item; the earlier rounds stay in its history."""
    require_role(acting, *FACILITATOR_ROLES, action=_("call a re-vote"))
    session, round_ = _locked_round(session, over=_("There is no round to repeat; the session is over."))
    if not round_.revealed:
        raise Conflict(_("Reveal the cards before calling a re-vote."))
    fresh = _new_round(session, round_.entry, round_.number + 1)
    _announce(session, "poker.round", round=fresh.pk)
    return fresh


@transaction.atomic
def accept(*, acting: Membership, session: PokerSession, points: int) -> Entry:
    """Write the estimate to the item (and its history), then move to the next queued item."""
    require_role(acting, *FACILITATOR_ROLES, action=_("accept an estimate"))
    if isinstance(points, bool) or points not in POINT_VALUES:
        raise InvalidInput(
            _("Points are one of %(points)s.") % {"points": ", ".join(map(str, POINT_VALUES))}, field="points"
        )
    # The board's lock before the session's (both in _locked), as every writer takes them (boards.locks): taken after
    # the session and entry rows, an item deleted meanwhile (which locks the board, then nulls this entry's item)
    # would deadlock with us. item_update raises the items version.
    session = _locked(session)
    entry = current_entry(session)
    if entry is None:
        raise Conflict(_("There is nothing to accept; the session is over."), field="points")
    round_ = current_round(session)
    if round_ is not None and not round_.revealed:
        raise Conflict(_("Reveal the cards before accepting an estimate."), field="points")
    entry.state = EntryState.ACCEPTED
    entry.points = points
    entry.save(update_fields=["state", "points"])
    if entry.item_id is not None:
        item = BacklogItem.objects.filter(pk=entry.item_id, board_id=session.board_id).first()
        if item is not None:
            item_update(actor=acting.user, item=item, points=points)  # records history and tells the board
    _advance(session)
    _announce(session, "poker.accepted", entry=entry.pk)
    return entry


@transaction.atomic
def next_entry(*, acting: Membership, session: PokerSession) -> Entry | None:
    """Skip the current item without an estimate and make the next one current."""
    require_role(acting, *FACILITATOR_ROLES, action=_("move to the next item"))
    session = _locked(session)
    entry = current_entry(session)
    if entry is None:
        raise Conflict(_("There is no next item; the session is over."))
    entry.state = EntryState.SKIPPED
    entry.save(update_fields=["state"])
    following = _advance(session)
    _announce(session, "poker.next", entry=entry.pk)
    return following


@transaction.atomic
def queue_reorder(*, acting: Membership, session: PokerSession, order: Sequence[int]) -> None:
    """Put the queued (not yet current) entries in `order`, a list of their ids."""
    require_role(acting, *FACILITATOR_ROLES, action=_("reorder the queue"))
    session = _locked(session)
    queued = dict(session.entries.filter(state=EntryState.QUEUED).values_list("pk", "position"))
    if not isinstance(order, list | tuple) or sorted(order) != sorted(queued):
        raise InvalidInput(_("Give every queued entry exactly once."), field="order")
    if not queued:
        return
    # Positions are unique: move the queued block past every position in use, then lay it out in the new order.
    top = session.entries.aggregate(top=Max("position"))["top"] or 0
    base = min(queued.values())
    Entry.objects.filter(pk__in=queued).update(position=F("position") + top + 1)
    for offset, entry_id in enumerate(order):
        Entry.objects.filter(pk=entry_id).update(position=base + offset)
    _announce(session, "poker.queue")


@transaction.atomic
def observe(*, acting: Membership, session: PokerSession, observer: bool) -> Participant:
    """Join as an observer (sees, does not vote, is not waited for), or back as a voter."""
    participant, _ = Participant.objects.get_or_create(session=session, user=acting.user)
    participant.observer = bool(observer)
    participant.save(update_fields=["observer"])
    _announce(session, "poker.presence", user=acting.user.get_username())
    return participant
