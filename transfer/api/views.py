"""Transfer API: a Jira CSV import. Access: non-members 404; the Product Owner and the Scrum Master import (403 for
developers)."""

from dataclasses import asdict

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api.views.base import BoardScopedApi
from scrum_app.api_errors import ErrorAnswers
from transfer import services
from transfer.api.serializers import JiraImportIn, JiraImportOut

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
        request={"multipart/form-data": JiraImportIn},
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
