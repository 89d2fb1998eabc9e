"""Every write to retrospectives. Pages and the API both come through here.

Each service that touches a retro locks the board (boards.locks) and then the retro's row, so cards, votes and phase
moves of one retro are serialised: twenty votes sent at once by one member against a budget of two store two, and no
vote lands after the phase moved on. Events go out after commit and name what changed, never a hidden card's text nor
whose vote went where.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import live
from boards.events import publish_board
from boards.locks import lock_board
from boards.models import Membership, Role
from boards.selectors import require_role
from notifications.models import NotificationKind
from notifications.services import notify
from retros.models import Action, ActionState, Card, Phase, Retro, Template, Vote
from scrum_app.errors import Conflict, InvalidInput
from scrum_app.text import written_text
from scrum_app.versions import check_version, locked_at_version, next_version
from sprints.models import Sprint

TEXT_LIMIT = 1000


class BudgetSpent(Conflict):
    """A vote over the member's budget: 409 carrying how many votes are left (none)."""

    def __init__(self, message: str, *, votes_left: int) -> None:
        super().__init__(message, field="card")
        self.votes_left = votes_left

    def as_dict(self) -> dict[str, object]:
        return {"detail": self.message, "votes_left": self.votes_left}


def topic(retro: Retro) -> str:
    return f"retro:{retro.pk}"


def _announce(retro: Retro, event: str, **data: object) -> None:
    live.publish(topic(retro), event, retro=retro.pk, **data)


def _locked(retro: Retro) -> Retro:
    lock_board(retro.board_id)
    return Retro.objects.select_for_update().select_related("sprint").get(pk=retro.pk)


def _now(retro: Retro) -> dict[str, str]:
    """The phase a retro is in, for a message that says so."""
    return {"phase": Phase(retro.phase).now}


def _text(value: object, *, name: str = "text") -> str:
    return written_text(value, field=name, limit=TEXT_LIMIT)


@transaction.atomic
def retro_open(
    *, acting: Membership, sprint: int, template: str = Template.PLUSES_MINUSES_ACTIONS, hidden: bool = False
) -> Retro:
    """Open the retro of sprint number `sprint` (Scrum Master only; one retro per sprint). It starts in review."""
    require_role(acting, Role.SCRUM_MASTER, action=_("open a retro"))
    if template not in Template.values:
        raise InvalidInput(
            _("The template is one of %(templates)s.") % {"templates": ", ".join(Template.values)}, field="template"
        )
    if isinstance(sprint, bool) or not isinstance(sprint, int):
        raise InvalidInput(_("sprint is a sprint number."), field="sprint")
    lock_board(acting.board_id)
    found = Sprint.objects.filter(board_id=acting.board_id, number=sprint).first()
    if found is None:
        raise InvalidInput(_("There is no sprint %(number)s on this board.") % {"number": sprint}, field="sprint")
    try:
        with transaction.atomic():
            retro = Retro.objects.create(
                board_id=acting.board_id, sprint=found, template=template, hidden=bool(hidden), opened_by=acting.user
            )
    except IntegrityError:
        raise Conflict(_("Sprint %(number)s already has a retro.") % {"number": sprint}, field="sprint") from None
    publish_board(acting.board, "retro.opened", retro=retro.pk)
    return retro


@transaction.atomic
def retro_phase_move(*, acting: Membership, retro: Retro, phase: str | None = None) -> Retro:
    """Move the retro forward: one step, or to the named later phase (Scrum Master only). Never back."""
    require_role(acting, Role.SCRUM_MASTER, action=_("move the retro to another phase"))
    if phase is not None and phase not in Phase.values:
        raise InvalidInput(_("The phase is one of %(phases)s.") % {"phases": ", ".join(Phase.values)}, field="phase")
    retro = _locked(retro)
    if retro.closed:
        raise Conflict(_("The retro is closed."), field="phase")
    target = Phase(phase) if phase else list(Phase)[retro.step + 1]
    if target.step <= retro.step:
        raise Conflict(_("The retro is in %(phase)s; phases only move forward.") % _now(retro), field="phase")
    retro.phase = target
    fields = ["phase"]
    if target == Phase.CLOSED:
        retro.closed_at = timezone.now()
        fields.append("closed_at")
    retro.save(update_fields=fields)
    _announce(retro, "retro.phase", phase=retro.phase)
    return retro


def _check_column(retro: Retro, column: str) -> str:
    keys = [key for key, _ in retro.columns]
    if column not in keys:
        raise InvalidInput(
            _("%(column)s is not a column of this retro; use one of %(columns)s.")
            % {"column": repr(column), "columns": ", ".join(keys)},
            field="column",
        )
    return column


@transaction.atomic
def card_add(*, acting: Membership, retro: Retro, column: str, text: str, anonymous: bool = False) -> Card:
    """A member's card, while the retro is in its write phase, in one of the template's columns."""
    retro = _locked(retro)
    if retro.closed:
        raise Conflict(_("The retro is closed; its cards can no longer change."))
    if retro.phase != Phase.WRITE:
        raise Conflict(_("Cards are written in the write phase; the retro is in %(phase)s.") % _now(retro))
    _check_column(retro, column)
    card = Card.objects.create(
        retro=retro, column=column, text=_text(text), author=acting.user, anonymous=bool(anonymous)
    )
    _announce(retro, "retro.card", column=column)
    return card


@transaction.atomic
def card_edit(
    *,
    acting: Membership,
    retro: Retro,
    card: Card,
    version: int | None = None,
    text: str | None = None,
    column: str | None = None,
) -> Card:
    """Its author rewrites a card or moves it to another column, while the retro is in its write phase. With
    `version` (the one the author loaded, say in another tab) a stale edit raises StaleVersion."""
    retro = _locked(retro)
    if retro.phase != Phase.WRITE:
        raise Conflict(_("Cards change in the write phase; the retro is in %(phase)s.") % _now(retro))
    card = locked_at_version(Card.objects.filter(retro=retro), pk=card.pk, version=version, what=_("card"))
    if card.author_id != acting.user.pk:
        raise PermissionDenied(_("Only its author edits a card."))
    fields = {}
    if text is not None:
        fields["text"] = _text(text)
    if column is not None:
        fields["column"] = _check_column(retro, column)
    for name, value in fields.items():
        setattr(card, name, value)
    card.version = next_version()  # the saved value comes back from the UPDATE
    card.save(update_fields=[*fields, "version"])
    _announce(retro, "retro.card", column=card.column)
    return card


def _card_of(retro: Retro, card_id: object) -> Card:
    card = Card.objects.filter(pk=card_id, retro=retro).first() if isinstance(card_id, int) else None
    if card is None:
        raise InvalidInput(_("No such card in this retro."), field="card")
    return card


@transaction.atomic
def vote_cast(*, acting: Membership, retro: Retro, card_id: int) -> int:
    """Put one of the member's votes on a card, during the vote phase, within the board's budget. Returns the votes
    left."""
    retro = _locked(retro)
    if retro.phase != Phase.VOTE:
        raise Conflict(_("Votes are cast in the vote phase; the retro is in %(phase)s.") % _now(retro), field="card")
    card = _card_of(retro, card_id)
    budget = acting.board.retro_vote_budget
    used = Vote.objects.filter(retro=retro, voter=acting.user).count()
    if used >= budget:
        raise BudgetSpent(
            _("You have used all %(budget)d of your votes: 0 votes left.") % {"budget": budget}, votes_left=0
        )
    Vote.objects.create(retro=retro, card=card, voter=acting.user)
    _announce(retro, "retro.vote")
    return budget - used - 1


@transaction.atomic
def vote_withdraw(*, acting: Membership, retro: Retro, card_id: int) -> int:
    """Take one of the member's votes back off a card, during the vote phase. Returns the votes left."""
    retro = _locked(retro)
    if retro.phase != Phase.VOTE:
        raise Conflict(_("Votes change in the vote phase; the retro is in %(phase)s.") % _now(retro), field="card")
    card = _card_of(retro, card_id)
    mine = Vote.objects.filter(retro=retro, card=card, voter=acting.user).order_by("-pk").first()
    if mine is None:
        raise Conflict(_("You have no vote on this card."), field="card")
    mine.delete()
    _announce(retro, "retro.vote")
    # Never below zero: the board's budget may have been lowered while the vote ran.
    return max(acting.board.retro_vote_budget - Vote.objects.filter(retro=retro, voter=acting.user).count(), 0)


def _owner(board_id: int, owner: object) -> AbstractBaseUser:
    membership = None
    if isinstance(owner, str) and owner.strip() and "\x00" not in owner:
        membership = (
            Membership.objects.filter(board_id=board_id, user__username=owner.strip()).select_related("user").first()
        )
    if membership is None:
        raise InvalidInput(_("%(owner)s is not a member of this board.") % {"owner": repr(owner)}, field="owner")
    return membership.user


def _action_changed(action: Action) -> None:
    publish_board(action.board_id, "retro.action", action=action.pk)
    live.publish(f"retro:{action.retro_id}", "retro.action", retro=action.retro_id, action=action.pk)


@transaction.atomic
def action_add(
    *,
    acting: Membership,
    retro: Retro,
    text: str,
    owner: str,
    card: int | None = None,
    due: datetime.date | None = None,
) -> Action:
    """An action agreed in the discuss phase, owned by a member (by username), optionally from a card, with an
    optional due date."""
    retro = _locked(retro)
    if retro.phase != Phase.DISCUSS:
        raise Conflict(_("Actions are agreed in the discuss phase; the retro is in %(phase)s.") % _now(retro))
    text = _text(text)
    user = _owner(retro.board_id, owner)
    from_card = _card_of(retro, card) if card is not None else None
    if due is not None and not isinstance(due, datetime.date):
        raise InvalidInput(_("due is a date (YYYY-MM-DD)."), field="due")
    action = Action.objects.create(
        board_id=retro.board_id, retro=retro, card=from_card, text=text, owner=user, due=due, created_by=acting.user
    )
    notify(
        kind=NotificationKind.RETRO_ACTION,
        recipients=[user],
        actor=acting.user,
        board_id=retro.board_id,
        text=text,
        key=f"retro_action:{action.pk}",
    )
    _action_changed(action)
    return action


@transaction.atomic
def action_mark(*, acting: Membership, action: Action, done: bool, version: int | None = None) -> Action:
    """Tick an open action done (any member), or reopen a done one. A carried action lives on in its new retro.

    Asking for the state the action is already in changes nothing; any other change from a stale `version` raises
    StaleVersion."""
    lock_board(acting.board_id)
    action = Action.objects.select_for_update().get(pk=action.pk, board_id=acting.board_id)
    if action.state == ActionState.CARRIED:
        raise Conflict(_("This action was carried over into a later retro; mark that one instead."), field="done")
    if (action.state == ActionState.DONE) == done:
        return action
    check_version(action, version, what=_("action"))
    if done:
        action.state, action.done_at, action.done_by = ActionState.DONE, timezone.now(), acting.user
    else:
        action.state, action.done_at, action.done_by = ActionState.OPEN, None, None
    action.version = next_version()  # the saved value comes back from the UPDATE
    action.save(update_fields=["state", "done_at", "done_by", "version"])
    _action_changed(action)
    return action


@transaction.atomic
def action_carry(*, acting: Membership, retro: Retro, action: Action) -> Action:
    """In the review phase, carry an open action of an earlier retro into this one: it becomes an action of this
    retro (same text, owner and due date) and the old one is marked carried. Carrying twice changes nothing more."""
    retro = _locked(retro)
    if retro.phase != Phase.REVIEW:
        raise Conflict(_("Actions are carried over in the review phase; the retro is in %(phase)s.") % _now(retro))
    old = Action.objects.select_for_update().select_related("retro__sprint").get(pk=action.pk)
    if old.board_id != retro.board_id or old.retro.sprint.number >= retro.sprint.number:
        raise InvalidInput(_("Only an action of an earlier retro of this board can be carried over."), field="action")
    if old.state != ActionState.OPEN:
        raise Conflict(
            _("This action is already %(state)s.") % {"state": old.get_state_display().lower()}, field="action"
        )
    new = Action.objects.create(
        board_id=retro.board_id,
        retro=retro,
        text=old.text,
        owner_id=old.owner_id,
        due=old.due,
        carried_from=old,
        created_by=acting.user,
    )
    old.state = ActionState.CARRIED
    old.version = next_version()
    old.save(update_fields=["state", "version"])
    _action_changed(old)
    _action_changed(new)
    return new
