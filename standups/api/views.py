"""Stand-up API: one class per operation. Access: non-members 404, anyone else on the board may read and write their
own entry; only the Scrum Master starts the timebox (403 naming the role)."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api.views.base import BoardScopedApi, VersionedBoardApi
from boards.models import Membership
from scrum_app.api_errors import ErrorAnswers
from scrum_app.api_versions import ETAG, IF_MATCH, stale_or_conflict
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

ANSWERS = ErrorAnswers(
    bad_input="Bad input, `{field: [message]}`: a `date` that is no working day of the sprint.",
    forbidden="Only the Scrum Master starts the timebox; the message says so.",
    missing="No such board or blocker for you (outsiders see every board as missing).",
    conflict="Clashes with the current state: an entry for another day than today, a blocker already resolved, a "
    "timebox already running.",
)


def _day_response(membership: Membership, day: str) -> Response:
    board = membership.board
    sprint, date = selectors.sprint_day(board=board, day=day)
    standup = selectors.standup_day(board=board, sprint=sprint, day=date)
    return Response(StandupOut(day_output(standup, today=board.today())).data)


class StandupDay(BoardScopedApi):
    @extend_schema(
        operation_id="standup_day",
        summary="A day's stand-up: the entries, who has not spoken yet and the timebox",
        responses={200: StandupOut, **ANSWERS(400)},
    )
    def get(self, request: Request, slug: str, date: str) -> Response:
        return _day_response(self.member(), date)


class MyEntry(VersionedBoardApi):
    @extend_schema(
        operation_id="standup_entry_get",
        summary="Your entry of a day",
        parameters=[ETAG],
        responses={200: EntryOut, **ANSWERS(400)},
    )
    def get(self, request: Request, slug: str, date: str) -> Response:
        return self.show()

    def current(self) -> dict[str, Any]:
        entry = selectors.entry_of(board=self.member().board, day=self.kwargs["date"], user=self.request.user)
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
            **ANSWERS(400),
            **stale_or_conflict(EntryOut, "entry", "an entry for another day than today."),
        },
    )
    def put(self, request: Request, slug: str, date: str) -> Response:
        member = self.member()  # an outsider learns nothing about the body: 404 before 400
        return self.edit(
            EntryInput,
            lambda **fields: services.standup_entry_save(acting=member, day=date, **fields),
            answer=lambda entry: EntryOut(entry_output(entry)).data,
        )


class Timebox(BoardScopedApi):
    @extend_schema(
        operation_id="standup_timebox_start",
        summary="Start today's 15-minute timebox (Scrum Master)",
        request=None,
        responses={200: StandupOut, **ANSWERS(400, 403, 409)},
    )
    def post(self, request: Request, slug: str, date: str) -> Response:
        services.timebox_start(acting=self.member(), day=date)
        return _day_response(self.member(), date)


class BlockerList(BoardScopedApi):
    @extend_schema(
        operation_id="blockers_list",
        summary="The board's blockers",
        parameters=[OpenApiParameter("state", str, enum=list(selectors.BLOCKER_STATES), default="open")],
        responses={200: BlockerOut(many=True), **ANSWERS(400)},
    )
    def get(self, request: Request, slug: str) -> Response:
        rows = selectors.blockers_of(board=self.member().board, state=request.query_params.get("state", "open"))
        return self.paginated(rows, lambda page: [blocker_output(blocker) for blocker in page])


class BlockerResolve(BoardScopedApi):
    @extend_schema(
        operation_id="blocker_resolve",
        summary="Resolve a blocker (anyone on the board)",
        request=None,
        responses={200: BlockerOut, **ANSWERS(409)},
    )
    def post(self, request: Request, slug: str, blocker_id: int) -> Response:
        blocker = selectors.blocker_for(board=self.member().board, blocker_id=blocker_id)
        blocker = services.blocker_resolve(acting=self.member(), blocker=blocker)
        return Response(BlockerOut(blocker_output(blocker)).data)
