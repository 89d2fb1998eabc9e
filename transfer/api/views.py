"""Transfer API: the Jira CSV import (the Product Owner and the Scrum Master; 403 for developers), the board's export
(any member) and the board import (anyone logged in: it makes a new board). Non-members get 404."""

from dataclasses import asdict
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api.views.base import BoardScopedApi
from scrum_app.api_errors import ErrorAnswers
from scrum_app.api_views import Api
from transfer import services
from transfer.api.serializers import BoardExportIn, BoardImportOut, JiraImportIn, JiraImportOut
from transfer.board_data import board_data
from transfer.board_import import board_import
from transfer.export_csv import backlog_csv

ANSWERS = ErrorAnswers(
    bad_input='Nothing written. `{"file": [message]}` for a file that is not Jira\'s CSV, over 10 MB, or with a '
    "row the board cannot hold (the message names the row); or the field at fault.",
    forbidden="Only the Product Owner and the Scrum Master import; the message says so.",
)


class JiraImportApi(BoardScopedApi):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="jira_import",
        summary="Import Jira's CSV export into the backlog",
        description=(
            "One transaction: every row, or nothing. New issues go to the bottom of the backlog in file order and "
            "keep their Jira key; an issue imported before (same key) is updated where the file differs, else "
            "skipped, so importing the same file again creates nothing. Types map to kinds (Story, Bug; Task and "
            "Sub-task to chore), statuses by name (`status_map` for the others), points rounded up to the deck, "
            "assignees by username or e-mail among the board's members. Issues Done in Jira arrive Done with the "
            "Definition of Done ticked. Anything imported differently from the file is a warning on its row. "
            "With `dry_run=true` nothing is written: the answer says what would be."
        ),
        request=JiraImportIn,
        responses={200: JiraImportOut, 201: JiraImportOut, **ANSWERS(400, 403)},
        examples=[
            OpenApiExample(
                "Imported",
                value={
                    "created": 41,
                    "updated": 0,
                    "skipped": 0,
                    "warnings": [{"row": 7, "message": "6 story points rounded up to 8."}],
                    "status_map": {"To Do": "todo", "Done": "done"},
                    "unknown_statuses": [],
                    "dry_run": False,
                },
                response_only=True,
                status_codes=["201"],
            )
        ],
    )
    def post(self, request: Request, slug: str) -> Response:
        membership = self.member()
        fields = self.parse(JiraImportIn)
        result = services.jira_import(
            acting=membership,
            data=fields["file"].read(services.MAX_BYTES + 1),
            dry_run=fields["dry_run"],
            status_map=fields.get("status_map"),
        )
        answer = JiraImportOut(asdict(result)).data
        return Response(answer, status=status.HTTP_200_OK if result.dry_run else status.HTTP_201_CREATED)


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return data if isinstance(data, bytes) else str(data).encode("utf-8")


class BoardExportApi(BoardScopedApi):
    # `?format=` is DRF's own choice of renderer: json gives the whole board, csv the backlog as a spreadsheet.
    renderer_classes = [JSONRenderer, CsvRenderer]
    pagination_class = None

    @extend_schema(
        operation_id="board_export",
        summary="Export the board: the backlog as CSV, or everything as JSON",
        description=(
            "`?format=csv`: one row per backlog item in backlog order (UTF-8 with a byte-order mark, for "
            "spreadsheets). `?format=json`: the whole board (settings, members by username, sprints, items with "
            "their history and ticks, the Definitions, stand-ups, retros, reviews, timers), which "
            "`POST /api/v1/boards/import/` turns into a new board. Any member exports."
        ),
        parameters=[OpenApiParameter("format", str, enum=["json", "csv"], description="json (the default) or csv.")],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.STR,
            **ANSWERS(400, bad_input='A `format` that cannot be read (a null character): `{"format": [message]}`.'),
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        board = self.member().board
        if request.accepted_renderer.format == "csv":
            answer = Response(backlog_csv(board), content_type="text/csv; charset=utf-8")
            answer["Content-Disposition"] = f'attachment; filename="backlog-{board.slug}.csv"'
            return answer
        answer = Response(board_data(board))
        answer["Content-Disposition"] = f'attachment; filename="board-{board.slug}.json"'
        return answer


class BoardImportApi(Api):
    permission_classes = [IsAuthenticated]
    pagination_class = None

    @extend_schema(
        operation_id="board_import",
        summary="Create a new board from a board export",
        description=(
            "The JSON that `GET /api/v1/boards/{slug}/export/?format=json` gives, on this instance or another: a new "
            "board with everything in it, in one transaction. People are matched by username; one with no account "
            "here is left out, as are the rows that cannot be without them (each reported in `warnings`). The "
            "caller joins the board in the role the file gives them, else as its Scrum Master when the file's is "
            "not here, else as a developer. The board keeps its slug when it is free."
        ),
        request=BoardExportIn,
        responses={
            201: BoardImportOut,
            400: OpenApiResponse(description="Not a board export of this app, or a row with a bad value (named)."),
        },
    )
    def post(self, request: Request) -> Response:
        self.parse(BoardExportIn)  # the shape, each field named in a 400; the rows are the import's to check
        done = board_import(acting=request.user, data=request.data)
        answer = {"slug": done.board.slug, "name": done.board.name, "warnings": done.warnings}
        return Response(BoardImportOut(answer).data, status=status.HTTP_201_CREATED)
