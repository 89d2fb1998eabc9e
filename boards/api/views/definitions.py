"""A board's Definition of Ready and of Done, and ticking an item's criteria."""

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from boards import services
from boards.api.serializers import CheckIn, DefinitionsIn, DefinitionsOut, ItemOut
from boards.api.views.base import BoardScopedApi
from boards.selectors import definitions_of, item_for_board, require_role
from scrum_app.api_errors import ANSWERS

DEFINITIONS_EXAMPLE = {
    "ready": [{"id": 1, "text": "Acceptance criteria written"}, {"text": "Designs attached"}],
    "done": [{"id": 4, "text": "Code reviewed"}],
}


class DefinitionsShowApi(BoardScopedApi):
    @extend_schema(
        summary="Show the Definitions of Ready and Done",
        description="Every member may. Each list in its order.",
        responses={200: DefinitionsOut, **ANSWERS()},
    )
    def get(self, request: Request, slug: str) -> Response:
        return Response(definitions_of(board=self.member().board))


class DefinitionsSetApi(BoardScopedApi):
    @extend_schema(
        summary="Replace the Definitions of Ready and Done",
        description=(
            "Product Owner or Scrum Master only. Send both lists whole, in order: an entry with an `id` keeps that "
            "criterion and its ticks (renamed and moved as sent), one without an `id` is new and ticked nowhere, and "
            "a criterion left out is deleted with its ticks. Every item's `ready` follows at once."
        ),
        request=DefinitionsIn,
        responses={200: DefinitionsOut, **ANSWERS(400, 403)},
        examples=[OpenApiExample("Keep one, add one", value=DEFINITIONS_EXAMPLE, request_only=True)],
    )
    def put(self, request: Request, slug: str) -> Response:
        member = self.member()
        require_role(member, *services.DEFINITION_ROLES, action=gettext("change the Definition of Ready and Done"))
        services.definitions_set(acting=member, **self.parse(DefinitionsIn))
        return Response(definitions_of(board=member.board))


class DefinitionsApi(DefinitionsShowApi, DefinitionsSetApi):
    pass


class ItemCheckApi(BoardScopedApi):
    @extend_schema(
        summary="Tick or untick a criterion for an item",
        description=(
            "Every member may. `criterion` is a criterion of this board's Definition of Ready or Done (another "
            "board's is a 404). The item is ready once every Ready criterion is ticked. Answers the item."
        ),
        request=CheckIn,
        responses={200: ItemOut, **ANSWERS(400)},
        examples=[OpenApiExample("Tick", value={"criterion": 1, "met": True}, request_only=True)],
    )
    def post(self, request: Request, slug: str, item_id: int) -> Response:
        member = self.member()
        item = item_for_board(board=member.board, item_id=item_id)
        fields = self.parse(CheckIn)
        services.check_set(acting=member, item_id=item.pk, criterion_id=fields["criterion"], met=fields["met"])
        return Response(ItemOut(item_for_board(board=member.board, item_id=item.pk)).data)
