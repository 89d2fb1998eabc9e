"""Watching an item: its status changes and comments notify the watcher (notifications). Every member may."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api.views.base import BoardScopedApi
from boards.selectors import item_for_board
from notifications import selectors as notification_selectors
from notifications import services as notification_services
from scrum_app.api_errors import ANSWERS

MISSING = "No such board for you, or no such item on it."


class WatchOut(serializers.Serializer):
    watching = serializers.BooleanField(read_only=True, help_text="Whether the caller watches the item.")


class ItemWatchApi(BoardScopedApi):
    def item_id(self, item_id: int) -> int:
        return item_for_board(board=self.member().board, item_id=item_id).pk

    @extend_schema(
        summary="Do I watch this item?",
        responses={200: WatchOut, **ANSWERS(missing=MISSING)},
    )
    def get(self, request: Request, slug: str, item_id: int) -> Response:
        watching = notification_selectors.is_watching(user=request.user, item_id=self.item_id(item_id))
        return Response({"watching": watching})

    @extend_schema(
        summary="Watch an item",
        description="Its status changes and comments notify the caller from now on. Watching twice is watching.",
        request=None,
        responses={200: WatchOut, **ANSWERS(missing=MISSING)},
    )
    def put(self, request: Request, slug: str, item_id: int) -> Response:
        notification_services.watch(user=request.user, item_id=self.item_id(item_id))
        return Response({"watching": True})

    @extend_schema(
        summary="Stop watching an item",
        request=None,
        responses={200: WatchOut, **ANSWERS(missing=MISSING)},
    )
    def delete(self, request: Request, slug: str, item_id: int) -> Response:
        notification_services.unwatch(user=request.user, item_id=self.item_id(item_id))
        return Response({"watching": False})
