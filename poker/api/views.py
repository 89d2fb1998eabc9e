"""Poker API: one class per operation. Access: non-members 404, a developer facilitating 403."""

from collections.abc import Callable

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api.views.base import BoardScopedApi
from boards.models import Membership
from poker import selectors, services
from poker.api.serializers import (
    AcceptInput,
    QuickRoundInput,
    RoomOut,
    SessionOut,
    StartInput,
    VoteInput,
    room_output,
    session_summary,
)
from poker.models import PokerSession
from scrum_app.api_errors import ErrorAnswers

ANSWERS = ErrorAnswers(
    bad_input="Bad input: `{field: [message]}` naming the field (a card off the deck).",
    forbidden="Only the Scrum Master or the Product Owner facilitates; the message says so.",
    missing="No such board or session for you (outsiders see every board as missing).",
    conflict="Clashes with the round's state (a vote after the reveal).",
)


def answers(*codes: int, ok: int = 200) -> dict:
    return {ok: RoomOut, **ANSWERS(*codes)}


def _room_response(request: Request, session: PokerSession, code: int = status.HTTP_200_OK) -> Response:
    session.refresh_from_db()
    return Response(RoomOut(room_output(selectors.room(session=session, viewer=request.user))).data, status=code)


class SessionListCreate(BoardScopedApi):
    @extend_schema(
        operation_id="poker_sessions_list",
        summary="List the board's poker sessions with their results",
        responses={200: SessionOut(many=True), **ANSWERS()},
    )
    def get(self, request: Request, slug: str) -> Response:
        sessions = selectors.sessions_of(board=self.member().board)
        return self.paginated(sessions, lambda page: [session_summary(session) for session in page])

    @extend_schema(
        operation_id="poker_sessions_create",
        summary="Start a poker session",
        description=(
            "`items` queues those backlog items in that order; without items, a `title` opens a quick round; with "
            "neither, the unestimated top of the backlog is queued."
        ),
        request=StartInput,
        responses=answers(400, 403, ok=201),
    )
    def post(self, request: Request, slug: str) -> Response:
        membership = self.member()
        session = services.session_start(acting=membership, **self.parse(StartInput))
        return _room_response(request, session, status.HTTP_201_CREATED)


class SessionDetail(BoardScopedApi):
    @extend_schema(operation_id="poker_session_round", summary="The current round", responses=answers())
    def get(self, request: Request, slug: str, session_id: int) -> Response:
        return _room_response(request, selectors.session_for(membership=self.member(), session_id=session_id))


class _SessionAction(BoardScopedApi):
    def post(self, request: Request, slug: str, session_id: int) -> Response:
        membership = self.member()
        session = selectors.session_for(membership=membership, session_id=session_id)
        self.act(membership, session)
        return _room_response(request, session)

    def act(self, membership: Membership, session: PokerSession) -> None:
        raise NotImplementedError


def _documented(operation_id: str, summary: str, request: type | None, *codes: int) -> Callable[[type], type]:
    """The OpenAPI description of a session action's POST: the room back, or the errors `codes` name."""
    return extend_schema_view(
        post=extend_schema(operation_id=operation_id, summary=summary, request=request, responses=answers(*codes))
    )


@_documented("poker_vote", "Play or change your card (until the reveal)", VoteInput, 400, 409)
class CastVote(_SessionAction):
    def act(self, membership: Membership, session: PokerSession) -> None:
        services.cast_vote(acting=membership, session=session, card=self.parse(VoteInput)["card"])


@_documented("poker_reveal", "Reveal the cards (facilitator)", None, 403, 409)
class Reveal(_SessionAction):
    def act(self, membership: Membership, session: PokerSession) -> None:
        services.reveal(acting=membership, session=session)


@_documented("poker_revote", "A new round for the same item, keeping the earlier ones (facilitator)", None, 403, 409)
class Revote(_SessionAction):
    def act(self, membership: Membership, session: PokerSession) -> None:
        services.revote(acting=membership, session=session)


@_documented(
    "poker_accept",
    "Accept an estimate: the item's points, then the next item (facilitator)",
    AcceptInput,
    400,
    403,
    409,
)
class Accept(_SessionAction):
    def act(self, membership: Membership, session: PokerSession) -> None:
        services.accept(acting=membership, session=session, points=self.parse(AcceptInput)["points"])


@_documented("poker_next", "Skip to the next queued item (facilitator)", None, 403, 409)
class Next(_SessionAction):
    def act(self, membership: Membership, session: PokerSession) -> None:
        services.next_entry(acting=membership, session=session)


@_documented("poker_quick_round", "Queue a quick round with a typed title (facilitator)", QuickRoundInput, 400, 403)
class QuickRound(_SessionAction):
    def act(self, membership: Membership, session: PokerSession) -> None:
        title = self.parse(QuickRoundInput)["title"]
        services.quick_round_add(acting=membership, session=session, title=title)
