"""Reads for retrospectives, with access checks. What a viewer may not see yet is left out here, never hidden later:
while writing with the "hidden" option only the viewer's own cards (and every column's count) leave this module, and
during the vote only the viewer's own votes."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from boards.models import Board, Membership
from retros.models import Action, ActionState, Card, Phase, Retro
from scrum_app.ids import row_or_404


def retro_for(*, membership: Membership, retro_id: int | str) -> Retro:
    """The retro `retro_id` of the member's board; one of another board is as missing as an unknown one."""
    rows = Retro.objects.filter(board_id=membership.board_id).select_related("sprint")
    retro = row_or_404(rows, retro_id, missing=_("No such retro."))
    retro.board = membership.board  # loaded by the access check
    return retro


def card_for(*, retro: Retro, card_id: int) -> Card:
    """The card `card_id` of this retro (as in a vote's address); one of another retro or board is as missing as an
    unknown one."""
    card = Card.objects.filter(pk=card_id, retro=retro).first()
    if card is None:
        raise Http404(_("No such card in this retro."))
    return card


def retros_of(*, board: Board) -> QuerySet[Retro]:
    """The board's retros, latest sprint first (one query)."""
    return Retro.objects.filter(board=board).select_related("sprint", "opened_by").order_by("-sprint__number", "-pk")


def may_follow(user: AbstractBaseUser | AnonymousUser, key: str) -> bool:
    """The live topic "retro:<id>": members of the retro's board only."""
    if not key.isdigit():
        return False
    board_id = Retro.objects.filter(pk=int(key)).values_list("board_id", flat=True).first()
    return board_id is not None and Membership.objects.filter(board_id=board_id, user=user).exists()


def open_actions(*, board: Board) -> list[Action]:
    """The team's improvement items: every open action of the board, oldest first (one query)."""
    return list(
        Action.objects.filter(board=board, state=ActionState.OPEN)
        .select_related("owner", "retro__sprint")
        .order_by("due", "created_at", "pk")
    )


def review_actions(*, retro: Retro) -> list[Action]:
    """What the review phase lists: every action of the last retro, whatever became of it (so the retro opens with
    them even when the team ticked them all done on the board), and the still open actions of older retros never
    dealt with. One query."""
    earlier = Q(board_id=retro.board_id, retro__sprint__number__lt=retro.sprint.number)
    last = (
        Retro.objects.filter(board_id=retro.board_id, sprint__number__lt=retro.sprint.number)
        .order_by("-sprint__number")
        .values("pk")[:1]
    )
    return list(
        Action.objects.filter(earlier & (Q(state=ActionState.OPEN) | Q(retro__in=last)))
        .select_related("owner", "done_by", "retro__sprint")
        .order_by("retro__sprint__number", "created_at", "pk")
    )


def cards_visible(retro: Retro) -> bool:
    """Whether other members' cards are shown: not while writing with the hidden option."""
    return not (retro.hidden and retro.phase == Phase.WRITE)


def votes_visible(retro: Retro) -> bool:
    """Vote totals are shown once the vote is over."""
    return retro.step > Phase.VOTE.step


@dataclass
class CardView:
    id: int
    column: str
    text: str
    author: str | None  # None for an anonymous card (also to its author, who sees `mine`)
    anonymous: bool
    mine: bool
    my_votes: int
    votes: int | None  # the total, once the vote is over
    version: int = 1

    @property
    def byline(self) -> str:
        if self.mine:
            return _("you (anonymous)") if self.anonymous else _("you")
        return _("anonymous") if self.anonymous else (self.author or "")


@dataclass
class ColumnView:
    key: str
    label: str
    count: int
    cards: list[CardView]


@dataclass
class Room:
    """Everything the retro shows to one viewer."""

    retro: Retro
    columns: list[ColumnView]
    budget: int
    votes_left: int
    actions: list[Action]
    review: list[Action] = field(default_factory=list)
    members: list[Membership] = field(default_factory=list)

    @property
    def cards(self) -> list[CardView]:
        return [card for column in self.columns for card in column.cards]

    @property
    def ranked(self) -> list[CardView]:
        """Cards by votes, most first; only once the totals are visible (the order would give them away)."""
        if not votes_visible(self.retro):
            return self.cards
        return sorted(self.cards, key=lambda card: -(card.votes or 0))

    @property
    def cards_hidden(self) -> bool:
        return not cards_visible(self.retro)


def card_view(card: Card, *, viewer: AbstractBaseUser, my_votes: int = 0, votes: int | None = None) -> CardView:
    """A card as `viewer` sees it: an anonymous card names nobody, to its author included (who sees `mine`)."""
    return CardView(
        id=card.pk,
        column=card.column,
        text=card.text,
        author=None if card.anonymous else card.author.get_username(),
        anonymous=card.anonymous,
        mine=card.author_id == viewer.pk,
        my_votes=my_votes,
        votes=votes,
        version=card.version,
    )


def card_seen(*, retro: Retro, card_id: int, viewer: AbstractBaseUser) -> CardView:
    """One card as `viewer` sees it; another member's card hidden while writing is as missing as an unknown one."""
    card = Card.objects.filter(pk=card_id, retro=retro).select_related("author").first()
    if card is None or not (cards_visible(retro) or card.author_id == viewer.pk):
        raise Http404(_("No such card in this retro."))
    return card_view(card, viewer=viewer, my_votes=card.votes.filter(voter=viewer).count())


def room(*, retro: Retro, viewer: AbstractBaseUser) -> Room:
    """The retro as `viewer` may see it, in a fixed number of queries whatever the number of cards and votes."""
    cards = list(
        Card.objects.filter(retro=retro)
        .select_related("author")
        .annotate(total=Count("votes"), mine=Count("votes", filter=Q(votes__voter=viewer)))
        .order_by("created_at", "pk")
    )
    show_all = cards_visible(retro)
    show_votes = votes_visible(retro)
    columns = []
    for key, label in retro.columns:
        in_column = [card for card in cards if card.column == key]
        if show_votes:  # from discuss on, most voted first (a stable sort: ties keep the order they were written in)
            in_column.sort(key=lambda card: -card.total)
        columns.append(
            ColumnView(
                key=key,
                label=str(label),  # in the request's language, as the API's JSON and the page show it
                count=len(in_column),
                cards=[
                    card_view(card, viewer=viewer, my_votes=card.mine, votes=card.total if show_votes else None)
                    for card in in_column
                    if show_all or card.author_id == viewer.pk
                ],
            )
        )
    budget = retro.board.retro_vote_budget
    used = sum(card.mine for card in cards)
    actions = list(retro.actions.select_related("owner", "card").order_by("created_at", "pk"))
    review = review_actions(retro=retro) if retro.phase == Phase.REVIEW else []
    members = list(Membership.objects.filter(board_id=retro.board_id).select_related("user").order_by("user__username"))
    return Room(
        retro=retro,
        columns=columns,
        budget=budget,
        votes_left=max(budget - used, 0),
        actions=actions,
        review=review,
        members=members,
    )
