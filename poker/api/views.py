"""Poker API: one class per operation. Access: non-members 404, a developer facilitating 403."""

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from boards.selectors import membership_for
from poker import selectors, services
from poker.api.serializers import (
    AcceptInput,
    QuickRoundInput,
    StartInput,
    VoteInput,
    room_output,
    session_summary,
)
from poker.models import PokerSession
from scrum_app.pagination import PageNumberPagination


def _room_response(request: Request, session: PokerSession, code: int = status.HTTP_200_OK) -> Response:
    session.refresh_from_db()
    return Response(room_output(selectors.room(session=session, viewer=request.user)), status=code)


class SessionListCreate(APIView):
    def get(self, request: Request, slug: str) -> Response:
        membership = membership_for(user=request.user, slug=slug)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.sessions_of(board=membership.board), request, view=self)
        return paginator.get_paginated_response([session_summary(s) for s in page])

    def post(self, request: Request, slug: str) -> Response:
        membership = membership_for(user=request.user, slug=slug)
        data = StartInput(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.session_start(acting=membership, **data.validated_data)
        return _room_response(request, session, status.HTTP_201_CREATED)


class SessionDetail(APIView):
    def get(self, request: Request, slug: str, session_id: int) -> Response:
        membership = membership_for(user=request.user, slug=slug)
        return _room_response(request, selectors.session_for(membership=membership, session_id=session_id))


class _SessionAction(APIView):
    def post(self, request: Request, slug: str, session_id: int) -> Response:
        membership = membership_for(user=request.user, slug=slug)
        session = selectors.session_for(membership=membership, session_id=session_id)
        self.act(request, membership, session)
        return _room_response(request, session)

    def act(self, request: Request, membership: object, session: PokerSession) -> None:
        raise NotImplementedError


class Vote(_SessionAction):
    def act(self, request: Request, membership: object, session: PokerSession) -> None:
        data = VoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.vote(acting=membership, session=session, card=data.validated_data["card"])


class Reveal(_SessionAction):
    def act(self, request: Request, membership: object, session: PokerSession) -> None:
        services.reveal(acting=membership, session=session)


class Revote(_SessionAction):
    def act(self, request: Request, membership: object, session: PokerSession) -> None:
        services.revote(acting=membership, session=session)


class Accept(_SessionAction):
    def act(self, request: Request, membership: object, session: PokerSession) -> None:
        data = AcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.accept(acting=membership, session=session, points=data.validated_data["points"])


class Next(_SessionAction):
    def act(self, request: Request, membership: object, session: PokerSession) -> None:
        services.next_entry(acting=membership, session=session)


class QuickRound(_SessionAction):
    def act(self, request: Request, membership: object, session: PokerSession) -> None:
        data = QuickRoundInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.quick_round_add(acting=membership, session=session, title=data.validated_data["title"])
