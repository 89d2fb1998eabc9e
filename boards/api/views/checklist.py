"""An item's checklist: add an entry; edit, tick, reorder or remove one. Every member may."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from boards import services
from boards.api.checklist_serializers import ChecklistEntryEditIn, ChecklistEntryIn, ChecklistEntryOut
from boards.api.views.base import BoardScopedApi
from boards.selectors import item_for_board
from scrum_app.api_errors import ANSWERS


class ChecklistEntryCreateApi(BoardScopedApi):
    @extend_schema(
        summary="Add a checklist entry to an item",
        description=(
            "Every member may. The entry goes to the end of the item's checklist, not done. Its text is trimmed; "
            "an empty one or one over 200 characters is a 400 on `text`."
        ),
        request=ChecklistEntryIn,
        responses={201: ChecklistEntryOut, **ANSWERS(400)},
        examples=[OpenApiExample("A sub-task", value={"text": "Write the migration"}, request_only=True)],
    )
    def post(self, request: Request, slug: str, item_id: int) -> Response:
        member = self.member()
        item = item_for_board(board=member.board, item_id=item_id)
        entry = services.checklist_entry_add(acting=member, item_id=item.pk, **self.parse(ChecklistEntryIn))
        return Response(ChecklistEntryOut(entry).data, status=status.HTTP_201_CREATED)


class ChecklistEntryUpdateApi(BoardScopedApi):
    @extend_schema(
        summary="Edit, tick or reorder a checklist entry",
        description=(
            "Every member may; send only what changes: `text`, `done`, or `position` (the entry's new index in the "
            "checklist, from 0; the other entries keep their order around it). Moves are serialised per board, so "
            "two members reordering at once leave every entry in one place."
        ),
        request=ChecklistEntryEditIn,
        responses={200: ChecklistEntryOut, **ANSWERS(400)},
        examples=[
            OpenApiExample("Tick it", value={"done": True}, request_only=True),
            OpenApiExample("Make it the first", value={"position": 0}, request_only=True),
        ],
    )
    def patch(self, request: Request, slug: str, item_id: int, entry_id: int) -> Response:
        member = self.member()
        item = item_for_board(board=member.board, item_id=item_id)
        fields = self.parse(ChecklistEntryEditIn, partial=True)
        entry = services.checklist_entry_update(acting=member, item_id=item.pk, entry_id=entry_id, **fields)
        return Response(ChecklistEntryOut(entry).data)


class ChecklistEntryDeleteApi(BoardScopedApi):
    @extend_schema(
        summary="Remove a checklist entry",
        description="Every member may. The other entries keep their order.",
        request=None,
        responses={204: OpenApiResponse(description="Removed."), **ANSWERS()},
    )
    def delete(self, request: Request, slug: str, item_id: int, entry_id: int) -> Response:
        member = self.member()
        item = item_for_board(board=member.board, item_id=item_id)
        services.checklist_entry_delete(acting=member, item_id=item.pk, entry_id=entry_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ChecklistEntryApi(ChecklistEntryUpdateApi, ChecklistEntryDeleteApi):
    pass
