"""The backlog's bulk edit over the API: `POST /boards/{slug}/items/bulk-update/`. Its own input shapes and view:
the sprint is planning's (sprints.services_bulk), the item fields boards'."""

from typing import Any

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api.serializers import AssigneeField, ItemOut, items_out_context
from boards.api.views.base import BoardScopedApi
from boards.models import POINT_VALUES, Label, Status
from boards.selectors import items_of
from boards.services import BULK_LIMIT
from scrum_app.api_errors import ErrorAnswers
from scrum_app.api_input import StrictInput
from scrum_app.errors import InvalidInput
from scrum_app.ids import MAX_ID
from sprints.services_bulk import items_bulk_edit

errors = ErrorAnswers(
    conflict=(
        'A move to Done while an item\'s Definition of Done is not met (`{"detail": message naming the item, '
        '"unmet": [text, …]}`), or a sprint move that clashes with a sprint\'s state (closed).'
    )
)


def _label_names(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=Label.NAME_LIMIT), max_length=50, required=False, help_text=help_text
    )


class BulkSetIn(StrictInput):
    """What to set on every item; at least one key. A key left out is left as it is on each item."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    sprint = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        allow_null=True,
        required=False,
        help_text="A sprint number of this board (not closed), or null to send the items back to the backlog.",
    )
    assignee = AssigneeField(required=False, help_text="A member's username, or null to unassign.")
    points = serializers.ChoiceField(choices=POINT_VALUES, allow_null=True, required=False)
    labels = _label_names(
        "Names of labels of this board (any case): every item's labels become exactly these ([] removes them all)."
    )
    labels_add = _label_names("Names of labels of this board to add to every item (each keeps its other labels).")
    labels_remove = _label_names("Names of labels of this board to take off every item that has them.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(gettext("Choose what to change."))
        return attrs


class BulkUpdateIn(StrictInput):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        max_length=BULK_LIMIT,
        help_text=f"The items' ids, 1 to {BULK_LIMIT}; every one must be an item of this board.",
    )
    set = BulkSetIn()


class ItemBulkUpdateApi(BoardScopedApi):
    pagination_class = None  # answers the updated items whole

    @extend_schema(
        summary="Edit many backlog items at once",
        description=(
            "Sets the same status, sprint, assignee, labels and/or points on every item of `ids`, in one transaction: "
            "all change or none does. Labels are replaced (`labels`), or added (`labels_add`) and taken off "
            "(`labels_remove`), by name; an unknown name is a 400 naming its key. Who may is as for one item: every "
            "member for status, assignee, labels and points; the "
            "Product Owner or the Scrum Master for the sprint (403 otherwise). An id that is not an item of this "
            "board is a 400 on `ids`; a key of `set` that cannot be set, or a bad value, a 400 on `set`; a move to "
            "Done while an item's Definition of Done is not met, a 409 naming the item. Answers the items, in "
            "backlog order, as the items list shows them."
        ),
        request=BulkUpdateIn,
        responses={200: ItemOut(many=True), **errors(400, 403, 409)},
        examples=[
            OpenApiExample("Into sprint 3", value={"ids": [12, 14, 15], "set": {"sprint": 3}}, request_only=True),
            OpenApiExample(
                "Assign and estimate",
                value={"ids": [12, 14], "set": {"assignee": "dana", "points": 5}},
                request_only=True,
            ),
            OpenApiExample(
                "Label them",
                value={"ids": [12, 14, 15], "set": {"labels_add": ["checkout"], "labels_remove": ["spike"]}},
                request_only=True,
            ),
        ],
    )
    def post(self, request: Request, slug: str) -> Response:
        member = self.member()
        given = self.parse(BulkUpdateIn, context={"members": self.members()})
        try:
            items = items_bulk_edit(acting=member, item_ids=given["ids"], changes=given["set"])
        except InvalidInput as error:
            # A field of `set` is named where the request put it, as DRF names a nested field's error.
            if error.field in given["set"]:
                raise serializers.ValidationError({"set": {error.field: [error.message]}}) from None
            raise
        ids = [item.pk for item in items]
        fresh = {item.pk: item for item in items_of(board=member.board).select_related("created_by").filter(pk__in=ids)}
        shown = [fresh[pk] for pk in ids]
        context = items_out_context(board_id=member.board_id, items=shown)
        return Response(ItemOut(shown, many=True, context=context).data)
