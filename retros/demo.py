"""The demo board's retrospectives, for the seed_demo command: the retros of the last two closed sprints, both
closed. Sprint 2's (start / stop / continue) agreed two actions: one was done during Sprint 3, the other was carried
over into Sprint 3's retro (pluses / minuses / actions, cards from everyone, one anonymous, votes within the budget).
That retro leaves two actions open, which the board page lists as improvement items and the review of the active
sprint's retro brings up; its third action was ticked done early in the active sprint.

Every row is written by the retro services, as in real use. They stamp rows with the current time, so right after
the retro is played the seed moves the rows it just wrote (the retro's opening and closing, its cards, votes and
actions, an action's tick) to the moment the story says they happened, with `.update()`, as the sprints part of the
demo does and for the same reason: these rows were created a moment ago, in this transaction, by the seed itself.
"""

import datetime
from dataclasses import dataclass, field

from boards.demo import Demo
from retros import services
from retros.models import Action, ActionState, Card, Phase, Retro, Template, Vote
from sprints.demo import CLOSED, moment, working_days
from sprints.models import Sprint, SprintState


@dataclass(frozen=True)
class Note:
    """A card: its column, author and text, whether anonymous, and who voted for it (a name twice: two votes)."""

    column: str
    author: str
    text: str
    voters: tuple[str, ...] = ()
    anonymous: bool = False


@dataclass(frozen=True)
class Agreed:
    """An action: its text, owner, the card it came from (by text), and whether it was ticked done later."""

    text: str
    owner: str
    card: str | None = None
    done_by: str | None = None


@dataclass(frozen=True)
class Meeting:
    sprint: str  # the closed sprint's name in sprints.demo.CLOSED
    template: str
    notes: list[Note]
    actions: list[Agreed]
    carry: list[str] = field(default_factory=list)  # texts of earlier actions carried over in the review


PAIRING = "Pair on API stories so that none waits on one person"
EARLIER = Meeting(
    CLOSED[-2].name,
    Template.START_STOP_CONTINUE,
    [
        Note("start", "devon", "Pairing on the API work.", ("devon", "dana")),
        Note("start", "paula", "Splitting stories of 8 points and more before planning.", ("paula", "sam", "devon")),
        Note("stop", "dana", "Taking a big story into the sprint at the last minute.", ("dana",)),
        Note("continue", "sam", "Short stand-ups that end on time.", ("sam", "paula")),
    ],
    [
        Agreed(PAIRING, "devon", "Pairing on the API work."),
        Agreed("Split stories of 8 points and more before planning", "paula", "Splitting", done_by="paula"),
    ],
)
LAST = Meeting(
    CLOSED[-1].name,
    Template.PLUSES_MINUSES_ACTIONS,
    [
        Note("pluses", "dana", "Planning poker: twelve items estimated in forty minutes.", ("dana", "paula")),
        Note("pluses", "paula", "We met the sprint goal, planned against our velocity.", ("paula",)),
        Note("pluses", "devon", "Token authentication done on day 3, in a pair.", ()),
        Note("minuses", "devon", "Moving items across columns started too late and did not make it.", ("devon", "sam")),
        Note("minuses", "dana", "The stand-up ran over 15 minutes most days.", ("dana", "devon", "sam"), True),
        Note("minuses", "sam", "Items waited two days in PO review.", ()),
        Note("actions", "sam", "Timebox the stand-up; discussions come after it.", ()),
        Note("actions", "paula", "Review items on the day they reach PO review.", ()),
    ],
    [
        Agreed("Start the 15-minute timebox at every stand-up", "sam", "The stand-up ran over"),
        Agreed("Review items on the day they reach PO review", "paula", "Items waited", done_by="paula"),
    ],
    carry=[PAIRING],
)
MEETINGS = [EARLIER, LAST]


def _move(model: type, pk: int, **fields: object) -> None:
    """Move a row the seed just wrote to the moment of the story (see the module docstring)."""
    model.objects.filter(pk=pk).update(**fields)


def _hold(demo: Demo, sprint: Sprint, meeting: Meeting, start: datetime.datetime) -> Retro:
    """The retro of `sprint`, played phase by phase through the services, one minute per row from `start`."""
    sam = demo.members["sam"]
    clock = iter(start + datetime.timedelta(minutes=n) for n in range(1000))
    retro = services.retro_open(acting=sam, sprint=sprint.number, template=meeting.template)
    _move(Retro, retro.pk, created_at=next(clock))
    for old in Action.objects.filter(board=demo.board, state=ActionState.OPEN, text__in=meeting.carry):
        carried = services.action_carry(acting=sam, retro=retro, action=old)
        _move(Action, carried.pk, created_at=next(clock))
    services.retro_phase_move(acting=sam, retro=retro)
    cards: dict[str, Card] = {}
    for note in meeting.notes:
        author = demo.members[note.author]
        card = services.card_add(
            acting=author, retro=retro, column=note.column, text=note.text, anonymous=note.anonymous
        )
        _move(Card, card.pk, created_at=next(clock))
        cards[note.text] = card
    services.retro_phase_move(acting=sam, retro=retro)
    budget = demo.board.retro_vote_budget
    cast: dict[str, int] = {}
    for note in meeting.notes:
        for voter in note.voters:
            if cast.get(voter, 0) < budget:
                services.vote_cast(acting=demo.members[voter], retro=retro, card_id=cards[note.text].pk)
                cast[voter] = cast.get(voter, 0) + 1
    Vote.objects.filter(retro=retro).update(created_at=next(clock))
    services.retro_phase_move(acting=sam, retro=retro)
    for agreed in meeting.actions:
        card = next((c for text, c in cards.items() if agreed.card and text.startswith(agreed.card)), None)
        action = services.action_add(
            acting=sam, retro=retro, text=agreed.text, owner=agreed.owner, card=card.pk if card else None
        )
        _move(Action, action.pk, created_at=next(clock))
    services.retro_phase_move(acting=sam, retro=retro, phase=Phase.CLOSED)
    _move(Retro, retro.pk, closed_at=next(clock))
    return retro


def _tick(demo: Demo, retro: Retro, meeting: Meeting, day: datetime.date | None) -> None:
    """Tick the meeting's done actions at 14:00 of `day` (the team's next sprint), or now when it has no day yet."""
    for agreed in meeting.actions:
        if agreed.done_by:
            action = Action.objects.get(retro=retro, text=agreed.text)
            services.action_mark(acting=demo.members[agreed.done_by], action=action, done=True)
            if day is not None:
                _move(Action, action.pk, done_at=moment(demo.board, day, 14))


def seed_retros(demo: Demo) -> None:
    """The closed retros of the demo's last two closed sprints; nothing when the board has a retro already, or when
    those sprints are not the demo's (a board running sprints of its own)."""
    board = demo.board
    if Retro.objects.filter(board=board).exists():
        return
    names = [meeting.sprint for meeting in MEETINGS]
    sprints = {s.name: s for s in Sprint.objects.filter(board=board, state=SprintState.CLOSED, name__in=names)}
    if len(sprints) != len(MEETINGS):
        return
    for meeting in MEETINGS:
        sprint = sprints[meeting.sprint]
        # Held right after the sprint was closed, on its last working day.
        retro = _hold(demo, sprint, meeting, sprint.closed_at + datetime.timedelta(minutes=15))
        after = working_days(
            board, sprint.end_date + datetime.timedelta(days=1), demo.today - datetime.timedelta(days=1)
        )
        _tick(demo, retro, meeting, after[min(1, len(after) - 1)] if after else None)
    last = sprints[LAST.sprint]
    demo.created.append(f"Retros of Sprints {last.number - 1} and {last.number}, closed, with two actions open.")
