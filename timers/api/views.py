"""Timers API: one class per operation. Access: non-members 404; any member reads, only the Scrum Master starts,
extends and stops (403 naming the role)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api.views.base import BoardScopedApi
from scrum_app.api_errors import ErrorAnswers
from timers import selectors, services
from timers.api.serializers import TimerExtendInput, TimerOut, TimerStartInput, timer_output
from timers.models import Ceremony

ANSWERS = ErrorAnswers(
    bad_input="Bad input, `{field: [message]}`: an unknown `ceremony`, `minutes` out of range.",
    forbidden="Only the Scrum Master starts, extends and stops timers; the message says so.",
    missing="No such board or timer for you (outsiders see every board as missing; another board's timer is as "
    "missing as an unknown one).",
    conflict="Clashes with the timer's state: a timer of this ceremony already running, or extending or stopping "
    "one that was stopped or ran out.",
)


def _answer(timer: object, code: int = status.HTTP_200_OK) -> Response:
    return Response(TimerOut(timer_output(timer)).data, status=code)


class TimerListStart(BoardScopedApi):
    @extend_schema(
        operation_id="timers_list",
        summary="The board's ceremony timers, newest first",
        parameters=[OpenApiParameter("ceremony", str, enum=Ceremony.values, description="Only this ceremony's.")],
        responses={200: TimerOut(many=True), **ANSWERS(400)},
    )
    def get(self, request: Request, slug: str) -> Response:
        raw = request.query_params.get("ceremony")
        chosen = selectors.ceremony(raw) if raw is not None else None
        rows = selectors.timers_of(board=self.member().board, ceremony=chosen).select_related("sprint")
        return self.paginated(rows, lambda page: [timer_output(timer) for timer in page])

    @extend_schema(
        operation_id="timer_start",
        summary="Start a ceremony's timer (Scrum Master; one running per ceremony)",
        description="A timer that has run out counts as stopped (at its `ends_at`): the ceremony may start again.",
        request=TimerStartInput,
        responses={201: TimerOut, **ANSWERS(400, 403, 409)},
    )
    def post(self, request: Request, slug: str) -> Response:
        membership = self.member()
        timer = services.timer_start(acting=membership, **self.parse(TimerStartInput))
        return _answer(timer, status.HTTP_201_CREATED)


class TimerExtend(BoardScopedApi):
    @extend_schema(
        operation_id="timer_extend",
        summary="Give a running timer more minutes (Scrum Master)",
        request=TimerExtendInput,
        responses={200: TimerOut, **ANSWERS(400, 403, 409)},
    )
    def post(self, request: Request, slug: str, timer_id: int) -> Response:
        membership = self.member()
        timer = selectors.timer_for(board=membership.board, timer_id=timer_id)
        fields = self.parse(TimerExtendInput)
        return _answer(services.timer_extend(acting=membership, timer=timer, **fields))


class TimerStop(BoardScopedApi):
    @extend_schema(
        operation_id="timer_stop",
        summary="Stop a running timer now (Scrum Master); its duration is recorded",
        request=None,
        responses={200: TimerOut, **ANSWERS(403, 409)},
    )
    def post(self, request: Request, slug: str, timer_id: int) -> Response:
        membership = self.member()
        timer = selectors.timer_for(board=membership.board, timer_id=timer_id)
        return _answer(services.timer_stop(acting=membership, timer=timer))
