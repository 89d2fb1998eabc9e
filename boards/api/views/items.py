"""Backlog items: list, add (one or many), show, edit, delete and move."""

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from boards import services
from boards.api.page_cache import cached_page, page_key
from boards.api.serializers import (
    ItemEditIn,
    ItemFiltersIn,
    ItemIn,
    ItemMoveIn,
    ItemOut,
    ItemSplitIn,
    item_rows,
    item_rows_shown,
    items_context,
)
from boards.api.views.base import BoardScopedApi, VersionedBoardApi
from boards.models import Board, Kind, Status
from boards.selectors import (
    ItemFilters,
    backlog,
    item_for_board,
    items_of,
    require_role,
)
from scrum_app.api_errors import ANSWERS
from scrum_app.api_versions import ETAG, IF_MATCH, stale_answers, stale_or_conflict
from scrum_app.errors import InvalidInput

UNMET_DONE = 'a move to Done while the Definition of Done is not met: `{"detail": message, "unmet": [text, …]}`.'

# --- backlog items ----------------------------------------------------------------------------------------------

FILTER_PARAMETERS = [
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("kind", str, enum=Kind.values),
    OpenApiParameter("ready", bool),
    OpenApiParameter("assignee", str, description='A member\'s username, or "none" for unassigned items.'),
    OpenApiParameter("q", str, description="Text searched in title, description and acceptance criteria."),
    OpenApiParameter("sprint", str, description='A sprint number, or "none" for items in no sprint (the backlog).'),
]


class ItemListApi(BoardScopedApi):
    @extend_schema(
        summary="List backlog items",
        description=(
            "The board's items in backlog order (highest priority first). A filter value that is not valid "
            "(an unknown status, `ready=maybe`, an assignee who is not a member, an unknown parameter) is a 400 "
            "naming the parameter."
        ),
        parameters=FILTER_PARAMETERS,
        responses={200: ItemOut(many=True), **ANSWERS(400)},
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        board = self.member().board
        renderer = request.accepted_renderer
        if not isinstance(renderer, JSONRenderer):
            return self.page(board)  # the browsable API: HTML around the page, not worth keeping
        # The page is kept only once its filters passed; they are checked again whenever it is rendered again.
        body = cached_page(
            page_key(board=board, request=request),
            lambda: renderer.render(self.page(board).data, request.accepted_media_type, self.get_renderer_context()),
        )
        return HttpResponse(body, content_type=renderer.media_type)

    def page(self, board: Board) -> Response:
        # A plain dict: DRF would read a missing boolean in a QueryDict as "false".
        params = {k: v for k, v in self.request.query_params.dict().items() if k != "format"}
        filters = self.parse(ItemFiltersIn, data=params, context={"members": self.members()})
        chosen = {k: v for k, v in filters.items() if k not in ("page", "page_size")}
        items = item_rows(backlog(board=board, filters=ItemFilters(**chosen)))
        return self.paginated(items, lambda rows: item_rows_shown(rows, board_id=board.pk))


class ItemCreateApi(BoardScopedApi):
    @extend_schema(
        summary="Add a backlog item",
        description="Every member may. The item goes to the bottom of the backlog.",
        request=ItemIn,
        responses={201: ItemOut, **ANSWERS(400, 409, conflict=UNMET_DONE)},
    )
    def post(self, request: Request, slug: str) -> Response:
        fields = self.parse(ItemIn, context={"members": self.members()})
        item = services.item_create(board=self.member().board, actor=request.user, **fields)
        return Response(ItemOut(item).data, status=status.HTTP_201_CREATED)


class ItemVersionedApi(VersionedBoardApi):
    def current(self) -> dict[str, Any]:
        return ItemOut(item_for_board(board=self.member().board, item_id=self.kwargs["item_id"])).data


class ItemDetailApi(ItemVersionedApi):
    @extend_schema(summary="Show a backlog item", parameters=[ETAG], responses={200: ItemOut, **ANSWERS()})
    def get(self, request: Request, slug: str, item_id: int) -> Response:
        return self.show()


class ItemUpdateApi(ItemVersionedApi):
    @extend_schema(
        summary="Edit a backlog item",
        description=(
            "Every member may; send only the fields to change. Status and points changes enter its history. "
            "Name the version you edited (`If-Match` or `version`) and a save made meanwhile is not overwritten."
        ),
        parameters=[IF_MATCH],
        request=ItemEditIn(partial=True),
        responses={200: ItemOut, **ANSWERS(400), **stale_or_conflict(ItemOut, "item", UNMET_DONE)},
    )
    def patch(self, request: Request, slug: str, item_id: int) -> Response:
        item = item_for_board(board=self.member().board, item_id=item_id)
        return self.edit(
            ItemEditIn,
            lambda **fields: services.item_update(actor=request.user, item=item, **fields),
            answer=lambda written: ItemOut(written).data,
            partial=True,
            context={"members": self.members()},
        )


class ItemDeleteApi(ItemVersionedApi):
    @extend_schema(
        summary="Delete a backlog item",
        description="Product Owner or Scrum Master only. With `If-Match`, only the version you saw is deleted.",
        parameters=[IF_MATCH],
        request=None,
        responses={
            204: OpenApiResponse(description="Deleted."),
            **ANSWERS(403),
            412: stale_answers(ItemOut, "item")[412],
        },
    )
    def delete(self, request: Request, slug: str, item_id: int) -> Response:
        member = self.member()
        item = item_for_board(board=member.board, item_id=item_id)
        self.versioned_write(None, lambda version: services.item_delete(acting=member, item=item, version=version))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ItemMoveApi(BoardScopedApi):
    @extend_schema(
        summary="Move a backlog item",
        description=(
            "Product Owner or Scrum Master only. Send exactly one of `before` (an item id), `after` (an item id) "
            'or `position` (`"top"` or `"bottom"`). One row is written, whatever the backlog\'s size.'
        ),
        request=ItemMoveIn,
        responses={200: ItemOut, **ANSWERS(400, 403)},
        examples=[
            OpenApiExample("Before another item", value={"before": 42}, request_only=True),
            OpenApiExample("To the top", value={"position": "top"}, request_only=True),
        ],
    )
    def post(self, request: Request, slug: str, item_id: int) -> Response:
        member = self.member()
        item = item_for_board(board=member.board, item_id=item_id)
        require_role(member, *services.BACKLOG_ORDER_ROLES, action=gettext("change the backlog order"))
        services.item_move(acting=member, item_id=item.pk, **self.parse(ItemMoveIn))
        return Response(ItemOut(item_for_board(board=member.board, item_id=item.pk)).data)


DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "additionalProperties": False,
    "description": "A body that could not be read at all.",
}
BULK_ERRORS = {
    "type": "object",
    "description": (
        'Keyed by entry index ("3") with its fields\' errors, or "items" for the body. Text that cannot be stored '
        '(a NUL) is named where it sits, however deep: `{"3": {"tags": {"0": [message]}}}`.'
    ),
    "additionalProperties": {
        "oneOf": [
            {
                "type": "object",
                "additionalProperties": {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]},
            },
            {"type": "array", "items": {"type": "string"}},
        ]
    },
}
BULK_ERROR_EXAMPLE = {"3": {"points": ['"4" is not a valid choice.']}, "7": {"title": ["This field is required."]}}


class ItemBulkCreateApi(BoardScopedApi):
    pagination_class = None  # answers the created list whole
    # A list of items has no form encoding: JSON only, anything else is a 415 like any unsupported body.
    parser_classes = [
        parser for parser in api_settings.DEFAULT_PARSER_CLASSES if parser.media_type == "application/json"
    ]

    @extend_schema(
        summary="Add many backlog items at once",
        description=(
            f"A JSON list of up to {services.BULK_LIMIT} items, added in order at the bottom of the backlog. "
            "Either all "
            "are created (201, the list of created items) or none: then a 400 whose keys are the indexes (from 0) "
            f"of the failing entries, each with its fields' errors, e.g. `{BULK_ERROR_EXAMPLE}`. A body that is "
            f'not a list, is empty or is too long is a 400 on `"items"`.'
        ),
        request=ItemIn(many=True),
        responses={
            201: ItemOut(many=True),
            400: OpenApiResponse(
                response={"oneOf": [BULK_ERRORS, DETAIL]},
                description="None created: which entries and fields failed, or a body that is not JSON (`detail`).",
            ),
            **ANSWERS.only(404, 409, conflict=UNMET_DONE),
        },
        examples=[
            OpenApiExample(
                "Two items",
                value=[{"title": "Export to CSV", "points": 3}, {"title": "Fix login on Safari", "kind": "bug"}],
                request_only=True,
            ),
            OpenApiExample(
                "Entries 3 and 7 failed", value=BULK_ERROR_EXAMPLE, response_only=True, status_codes=["400"]
            ),
        ],
    )
    def post(self, request: Request, slug: str) -> Response:
        board = self.member().board
        entries = request.data
        if not isinstance(entries, list) or not entries:
            raise ValidationError({"items": [gettext("Send a non-empty JSON list of items.")]})
        if len(entries) > services.BULK_LIMIT:
            raise ValidationError(
                {
                    "items": [
                        gettext("At most %(limit)d items at once; you sent %(count)d.")
                        % {"limit": services.BULK_LIMIT, "count": len(entries)}
                    ]
                }
            )
        members = self.members()
        parsed, errors = [], {}
        for index, entry in enumerate(entries):
            try:
                parsed.append(self.parse(ItemIn, data=entry, context={"members": members}))
            except ValidationError as error:
                errors[str(index)] = error.detail
        if errors:
            raise ValidationError(errors)
        try:
            items = services.items_bulk_create(board=board, actor=request.user, entries=parsed)
        except InvalidInput as error:
            # The service names the entry as "<index>.<field>" (no index for a single entry).
            index, _, field = (error.field or "").rpartition(".")
            raise ValidationError({index or "0": {field: [error.message]}}) from None
        context = items_context(board_id=board.pk, item_ids=[item.pk for item in items])
        return Response(ItemOut(items, many=True, context=context).data, status=status.HTTP_201_CREATED)


class ItemSplitApi(BoardScopedApi):
    pagination_class = None  # answers the new items whole

    @extend_schema(
        summary="Split a backlog item",
        description=(
            "Product Owner or Scrum Master only. The item (typically one over 13 points) is split into two or more "
            "new items, one per title, which take its place in the backlog order in the order given; each copies "
            "its kind and description, comes unestimated and links back (`split_from`). The item is kept, marked "
            "split, and leaves the backlog. Answers the new items, in order. A title that is blank or too long is a "
            "400 naming it (`titles.1`); fewer than two titles a 400 on `titles`."
        ),
        request=ItemSplitIn,
        responses={
            201: ItemOut(many=True),
            **ANSWERS(
                400, 403, 409, conflict='The item is Done, in the active sprint, or split already: `{"detail": …}`.'
            ),
        },
        examples=[OpenApiExample("Two parts", value={"titles": ["Export as CSV", "Export as PDF"]}, request_only=True)],
    )
    def post(self, request: Request, slug: str, item_id: int) -> Response:
        member = self.member()
        item = item_for_board(board=member.board, item_id=item_id)
        require_role(member, *services.BACKLOG_ORDER_ROLES, action=gettext("split items"))
        parts = services.item_split(acting=member, item=item, **self.parse(ItemSplitIn))
        fresh = {part.pk: part for part in items_of(board=member.board).filter(pk__in=[part.pk for part in parts])}
        context = items_context(board_id=member.board_id, item_ids=list(fresh))
        shown = ItemOut([fresh[part.pk] for part in parts], many=True, context=context)
        return Response(shown.data, status=status.HTTP_201_CREATED)
