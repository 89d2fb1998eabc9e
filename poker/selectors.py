"""Reads for planning poker, with access checks. Card values leave only through `room` and only after the reveal
(or to their own voter)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from boards.models import Board, Membership
from poker import deck, presence
from poker.models import Entry, EntryState, Participant, PokerSession, Round, Vote
from scrum_app.ids import row_or_404


def session_for(*, membership: Membership, session_id: int | str) -> PokerSession:
    """The session `session_id` of the member's board; a session of another board is as missing as an unknown one."""
    rows = PokerSession.objects.filter(board_id=membership.board_id).select_related("facilitator")
    return row_or_404(rows, session_id, missing=_("No such poker session."))


def sessions_of(*, board: Board) -> QuerySet[PokerSession]:
    """The board's sessions, newest first, each with its entries (the results) in queue order (two queries)."""
    return (
        PokerSession.objects.filter(board=board)
        .select_related("facilitator")
        .prefetch_related(Prefetch("entries", queryset=Entry.objects.order_by("position")))
    )


def current_entry(session: PokerSession) -> Entry | None:
    return session.entries.filter(state=EntryState.CURRENT).select_related("item").first()


def current_round(session: PokerSession) -> Round | None:
    return (
        Round.objects.filter(entry__session=session, entry__state=EntryState.CURRENT)
        .order_by("-number")
        .select_related("entry")
        .first()
    )


def _observer_ids(session: PokerSession) -> set[int]:
    return set(Participant.objects.filter(session=session, observer=True).values_list("user_id", flat=True))


def voters(session: PokerSession) -> list[AbstractBaseUser]:
    """Who is waited for: the board's members, less observers, less the facilitator when they chose not to vote."""
    excluded = _observer_ids(session)
    if not session.facilitator_votes and session.facilitator_id:
        excluded.add(session.facilitator_id)
    members = Membership.objects.filter(board_id=session.board_id).select_related("user").order_by("user__username")
    return [m.user for m in members if m.user_id not in excluded]


def is_voter(session: PokerSession, user: AbstractBaseUser) -> bool:
    if not session.facilitator_votes and session.facilitator_id == user.pk:
        return False
    return not Participant.objects.filter(session=session, user=user, observer=True).exists()


@dataclass
class Seat:
    username: str
    voted: bool
    present: bool
    card: str | None = None  # only after the reveal, or the viewer's own

    @property
    def card_label(self) -> str:
        return deck.label(self.card) if self.card else ""


@dataclass
class Room:
    """Everything the poker room shows to one viewer."""

    session: PokerSession
    entry: Entry | None
    round: Round | None
    seats: list[Seat]
    observers: list[str]
    my_card: str | None
    i_vote: bool
    outcome: deck.Outcome | None
    queue: list[Entry]
    done: list[Entry]
    history: list[tuple[Round, list[deck.Card], deck.Outcome]] = field(default_factory=list)

    @property
    def revealed(self) -> bool:
        return self.round is not None and self.round.revealed

    @property
    def voted_count(self) -> int:
        return sum(1 for seat in self.seats if seat.voted)

    @property
    def finished(self) -> bool:
        return self.entry is None

    @property
    def ends_at(self) -> datetime | None:
        return self.round.ends_at if self.round and not self.round.revealed else None


def room(*, session: PokerSession, viewer: AbstractBaseUser) -> Room:
    """The current round as `viewer` may see it, in a fixed number of queries whatever the team size."""
    entries = list(session.entries.select_related("item").order_by("position"))
    entry = next((e for e in entries if e.state == EntryState.CURRENT), None)
    rounds = list(Round.objects.filter(entry=entry).order_by("number")) if entry else []
    round_ = rounds[-1] if rounds else None
    votes_by_round: dict[int, list[Vote]] = {r.pk: [] for r in rounds}
    for v in Vote.objects.filter(round__in=rounds).select_related("voter").order_by("voter__username"):
        votes_by_round[v.round_id].append(v)
    participants = {p.user_id: p for p in Participant.objects.filter(session=session).select_related("user")}
    members = list(Membership.objects.filter(board_id=session.board_id).select_related("user"))
    excluded = {uid for uid, p in participants.items() if p.observer}
    if not session.facilitator_votes and session.facilitator_id:
        excluded.add(session.facilitator_id)
    current_votes = {v.voter_id: v.card for v in votes_by_round.get(round_.pk, [])} if round_ else {}
    revealed = round_ is not None and round_.revealed
    now = timezone.now()
    seats = [
        Seat(
            username=m.user.get_username(),
            voted=m.user_id in current_votes,
            present=presence.is_present(participants.get(m.user_id), now),
            card=current_votes.get(m.user_id) if (revealed or m.user_id == viewer.pk) else None,
        )
        for m in sorted(members, key=lambda m: m.user.get_username().lower())
        if m.user_id not in excluded
    ]
    outcome = None
    if revealed:
        outcome = deck.outcome([deck.Card(v.voter.get_username(), v.card) for v in votes_by_round[round_.pk]])
    history = [
        (r, cards, deck.outcome(cards))
        for r in rounds[:-1]
        for cards in [[deck.Card(v.voter.get_username(), v.card) for v in votes_by_round[r.pk]]]
    ]
    return Room(
        session=session,
        entry=entry,
        round=round_,
        seats=seats,
        observers=sorted(p.user.get_username() for p in participants.values() if p.observer),
        my_card=current_votes.get(viewer.pk),
        i_vote=viewer.pk not in excluded,
        outcome=outcome,
        queue=[e for e in entries if e.state == EntryState.QUEUED],
        done=[e for e in entries if e.state in (EntryState.ACCEPTED, EntryState.SKIPPED)],
        history=history,
    )
