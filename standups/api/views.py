"""Stand-up API: one class per operation. Access: non-members 404, anyone else on the board may read and write their
own entry; only the Scrum Master starts the timebox (403 naming the role)."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from boards.api.views.base import api_member
from scrum_app.api_versions import ETAG, IF_MATCH, stale_or_conflict, versioned, versioned_write
from scrum_app.pagination import PageNumberPagination
from standups import selectors, services
from standups.api.serializers import (
    BlockerOut,
    EntryInput,
    EntryOut,
    StandupOut,
    blocker_output,
    day_output,
    entry_output,
)

ERRORS = {
    400: OpenApiResponse(description="Bad input, `{field: [message]}`: a `date` that is no working day of the sprint."),
    403: OpenApiResponse(description="Only the Scrum Master starts the timebox; the message says so."),
    404: OpenApiResponse(description="No such board or blocker for you (outsiders see every board as missing)."),
    409: OpenApiResponse(
        description="Clashes with the current state: an entry for another day than today, a blocker "
        "already resolved, a timebox already running."
    ),
}


def _day_response(request: Request, membership: object, day: str) -> Response:
    board = membership.board
    sprint, date = selectors.sprint_day(board=board, day=day)
    standup = selectors.standup_day(board=board, sprint=sprint, day=date)
    return Response(StandupOut(day_output(standup, today=board.today())).data)


class StandupDay(APIView):
    @extend_schema(
        operation_id="standup_day",
        summary="A day's stand-up: the entries, who has not spoken yet and the timebox",
        responses={200: StandupOut, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, slug: str, date: str) -> Response:
        return _day_response(request, api_member(request, slug), date)


class MyEntry(APIView):
    @extend_schema(
        operation_id="standup_entry_get",
        summary="Your entry of a day",
        parameters=[ETAG],
        responses={200: EntryOut, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, slug: str, date: str) -> Response:
        return versioned(self.now(request, slug, date))

    def now(self, request: Request, slug: str, date: str) -> dict[str, Any]:
        """The caller's entry as GET shows it, read afresh."""
        entry = selectors.entry_of(board=api_member(request, slug).board, day=date, user=request.user)
        return EntryOut(entry_output(entry)).data

    @extend_schema(
        operation_id="standup_entry_put",
        summary="Write your entry for today (create or update)",
        description=(
            "Each non-empty line of `blockers` is a tracked blocker; removing a line drops it while open. Name the "
            "version you edited (`If-Match`: a stale one is a 412; `version`: a 409, each with the entry as it is "
            "now) and a save from another tab is not overwritten; a version only guards an existing entry."
        ),
        parameters=[IF_MATCH],
        request=EntryInput,
        responses={
            200: EntryOut,
            400: ERRORS[400],
            404: ERRORS[404],
            **stale_or_conflict(EntryOut, "entry", "an entry for another day than today."),
        },
    )
    def put(self, request: Request, slug: str, date: str) -> Response:
        membership = api_member(request, slug)
        data = EntryInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        entry = versioned_write(
            request,
            version=fields.pop("version", None),
            write=lambda version: services.standup_entry_save(acting=membership, day=date, version=version, **fields),
            current=lambda: self.now(request, slug, date),
        )
        return versioned(EntryOut(entry_output(entry)).data)


class Timebox(APIView):
    @extend_schema(
        operation_id="standup_timebox_start",
        summary="Start today's 15-minute timebox (Scrum Master)",
        request=None,
        responses={200: StandupOut, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404], 409: ERRORS[409]},
    )
    def post(self, request: Request, slug: str, date: str) -> Response:
        membership = api_member(request, slug)
        services.timebox_start(acting=membership, day=date)
        return _day_response(request, membership, date)


class BlockerList(APIView):
    pagination_class = PageNumberPagination  # the list answers a page, and the schema says so

    @extend_schema(
        operation_id="blockers_list",
        summary="The board's blockers",
        parameters=[OpenApiParameter("state", str, enum=list(selectors.BLOCKER_STATES), default="open")],
        responses={200: BlockerOut(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, slug: str) -> Response:
        membership = api_member(request, slug)
        rows = selectors.blockers_of(board=membership.board, state=request.query_params.get("state", "open"))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response([blocker_output(blocker) for blocker in page])


class BlockerResolve(APIView):
    @extend_schema(
        operation_id="blocker_resolve",
        summary="Resolve a blocker (anyone on the board)",
        request=None,
        responses={200: BlockerOut, 404: ERRORS[404], 409: ERRORS[409]},
    )
    def post(self, request: Request, slug: str, blocker_id: int) -> Response:
        membership = api_member(request, slug)
        blocker = selectors.blocker_for(board=membership.board, blocker_id=blocker_id)
        blocker = services.blocker_resolve(acting=membership, blocker=blocker)
        return Response(BlockerOut(blocker_output(blocker)).data)
