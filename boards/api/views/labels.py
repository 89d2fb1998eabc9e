"""A board's labels: list, add, rename or recolour, delete. Every member may."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api.label_serializers import LabelIn, LabelOut
from boards.api.views.base import BoardScopedApi
from boards.selectors_labels import label_for_board, labels_of
from boards.services import labels as label_services
from scrum_app.api_errors import ANSWERS

NAME_TAKEN = "A label of that name (whatever its case) is on the board already: a 400 naming `name`."


class LabelListApi(BoardScopedApi):
    @extend_schema(
        summary="List a board's labels",
        description="By name, whatever its case.",
        responses={200: LabelOut(many=True), **ANSWERS()},
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(labels_of(board=self.member().board), lambda page: LabelOut(page, many=True).data)


class LabelCreateApi(BoardScopedApi):
    @extend_schema(
        summary="Add a label",
        description=f"Every member may. {NAME_TAKEN}",
        request=LabelIn,
        responses={201: LabelOut, **ANSWERS(400)},
        examples=[OpenApiExample("A label", value={"name": "Checkout", "color": "#2f9e58"}, request_only=True)],
    )
    def post(self, request: Request, slug: str) -> Response:
        label = label_services.label_create(acting=self.member(), **self.parse(LabelIn))
        return Response(LabelOut(label).data, status=status.HTTP_201_CREATED)


class LabelUpdateApi(BoardScopedApi):
    @extend_schema(
        summary="Rename or recolour a label",
        description=f"Every member may; send what changes. Its items keep it under its new name. {NAME_TAKEN}",
        request=LabelIn(partial=True),
        responses={200: LabelOut, **ANSWERS(400)},
    )
    def patch(self, request: Request, slug: str, label_id: int) -> Response:
        member = self.member()
        label = label_for_board(board=member.board, label_id=label_id)
        fields = self.parse(LabelIn, partial=True)
        return Response(LabelOut(label_services.label_update(acting=member, label=label, **fields)).data)


class LabelDeleteApi(BoardScopedApi):
    @extend_schema(
        summary="Delete a label",
        description="Every member may. It leaves every item it was on.",
        request=None,
        responses={204: OpenApiResponse(description="Deleted."), **ANSWERS()},
    )
    def delete(self, request: Request, slug: str, label_id: int) -> Response:
        member = self.member()
        label_services.label_delete(acting=member, label=label_for_board(board=member.board, label_id=label_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class LabelCollectionApi(LabelListApi, LabelCreateApi):
    pass


class LabelApi(LabelUpdateApi, LabelDeleteApi):
    pass
