"""Sprint API: one class per operation. Access through boards.selectors, writes through sprints.services."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api.views.base import BoardScopedApi, VersionedBoardApi
from boards.models import BacklogItem, ItemEvent
from boards.selectors import item_for_board
from scrum_app.api_errors import ErrorAnswers
from scrum_app.api_versions import ETAG, IF_MATCH, stale_or_conflict, versioned
from sprints import selectors, services
from sprints.api import serializers as s
from sprints.models import Sprint

errors = ErrorAnswers(conflict='Clashes with the sprint\'s state (active, closed…): `{"detail": message}`.')


def _with_items(sprints: QuerySet[Sprint]) -> QuerySet[Sprint]:
    return sprints.prefetch_related(Prefetch("items", queryset=BacklogItem.objects.only("pk", "sprint_id")))


def sprint_out(sprint: Sprint) -> dict[str, Any]:
    """The sprint as GET shows it, read afresh."""
    return s.SprintOut(_with_items(Sprint.objects.filter(pk=sprint.pk)).get()).data


class _SprintView(VersionedBoardApi):
    def sprint(self) -> Sprint:
        return selectors.sprint_for(board=self.member().board, number=self.kwargs["number"])

    def current(self) -> dict[str, Any]:
        return sprint_out(self.sprint())

    def out(self, sprint: Sprint) -> Response:
        """The sprint as it is after a write, with its ETag."""
        return versioned(sprint_out(sprint))


class SprintListCreate(BoardScopedApi):
    @extend_schema(
        summary="List sprints",
        description="The board's sprints, newest first. Every member may.",
        responses={200: s.SprintOut(many=True), **errors()},
    )
    def get(self, request: Request, slug: str) -> Response:
        sprints = _with_items(Sprint.objects.filter(board=self.member().board).order_by("-number"))
        return self.paginated(sprints, lambda page: s.SprintOut(page, many=True).data)

    @extend_schema(
        summary="Plan a sprint",
        description=(
            "Product Owner or Scrum Master. The number is the board's next; without dates the sprint starts the day "
            "after the last one ends (or today) and lasts the board's sprint length."
        ),
        request=s.SprintCreateIn,
        responses={201: s.SprintOut, **errors(400, 403)},
    )
    def post(self, request: Request, slug: str) -> Response:
        sprint = services.sprint_create(acting=self.member(), **self.parse(s.SprintCreateIn))
        return Response(sprint_out(sprint), status=201)


class SprintDetail(_SprintView):
    @extend_schema(summary="Show a sprint", parameters=[ETAG], responses={200: s.SprintOut, **errors()})
    def get(self, request: Request, slug: str, number: int) -> Response:
        return self.show()

    @extend_schema(
        summary="Edit a sprint",
        description=(
            "Product Owner or Scrum Master: name, goal, dates. A closed sprint no longer changes (409). Name the "
            "version you edited (`If-Match`: a stale one is a 412; `version`: a 409 with the sprint as it is now)."
        ),
        parameters=[IF_MATCH],
        request=s.SprintPatchIn,
        responses={
            200: s.SprintOut,
            **errors(400, 403),
            **stale_or_conflict(s.SprintOut, "sprint", "the change clashes with the sprint's state."),
        },
    )
    def patch(self, request: Request, slug: str, number: int) -> Response:
        sprint = self.sprint()
        return self.edit(
            s.SprintPatchIn,
            lambda **fields: services.sprint_update(acting=self.member(), sprint=sprint, **fields),
            answer=sprint_out,
            partial=True,
        )


class BodyOnDeleteSchema(AutoSchema):
    """Documents a DELETE's body as a POST's: drf-spectacular documents bodies for POST, PUT and PATCH only, and
    removing items from a sprint takes their ids in the body, as adding them does."""

    def _get_request_body(self, direction: str = "request") -> dict | None:
        if self.method != "DELETE":
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"


class SprintItems(_SprintView):
    schema = BodyOnDeleteSchema()

    @extend_schema(
        summary="Add items to a sprint",
        description="Product Owner or Scrum Master; all or none. An item of another board is a 400 naming `items`.",
        request=s.ItemsIn,
        responses={200: s.SprintOut, **errors(400, 403, 409)},
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        sprint = self.sprint()
        services.sprint_add_items(acting=self.member(), sprint=sprint, item_ids=self.parse(s.ItemsIn)["items"])
        return self.out(sprint)

    @extend_schema(
        summary="Remove items from a sprint",
        description="Product Owner or Scrum Master; the items go back to the backlog, keeping their rank.",
        request=s.ItemsIn,
        responses={200: s.SprintOut, **errors(400, 403, 409)},
    )
    def delete(self, request: Request, slug: str, number: int) -> Response:
        sprint = self.sprint()
        services.sprint_remove_items(acting=self.member(), sprint=sprint, item_ids=self.parse(s.ItemsIn)["items"])
        return self.out(sprint)


class SprintStart(_SprintView):
    @extend_schema(
        summary="Start a sprint",
        description=(
            "Scrum Master. Needs a goal and at least one item; records the committed scope. A second active sprint "
            "on the board is a 409."
        ),
        request=None,
        responses={200: s.SprintOut, **errors(400, 403, 409)},
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        return self.out(services.sprint_start(acting=self.member(), sprint=self.sprint()))


class SprintClose(_SprintView):
    @extend_schema(
        summary="Close a sprint",
        description=(
            "Scrum Master. Records the points Done; unfinished items go to the top of the backlog or into the next "
            "planned sprint. Closing a sprint that is not active is a 409."
        ),
        request=s.CloseIn,
        responses={200: s.SprintOut, **errors(400, 403, 409)},
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        sprint = self.sprint()
        return self.out(services.sprint_close(acting=self.member(), sprint=sprint, **self.parse(s.CloseIn)))


class SprintBurndown(_SprintView):
    @extend_schema(
        summary="Burndown of a sprint",
        description=(
            "One entry per calendar day from start to end date: remaining points (items not Done), the ideal line, "
            "progress by status weight (0–1) and the day's change of scope. Days after today have only `ideal`."
        ),
        responses={200: s.BurndownOut, **errors()},
    )
    def get(self, request: Request, slug: str, number: int) -> Response:
        return Response(selectors.sprint_burndown(sprint=self.sprint()).as_dict())


class BoardVelocity(BoardScopedApi):
    @extend_schema(
        summary="Velocity of a board",
        description=(
            "Committed and completed points of the last ten closed sprints, oldest first, and the average completed "
            "points of the last three (null before the first closed sprint): the forecast."
        ),
        responses={200: s.VelocityOut, **errors()},
    )
    def get(self, request: Request, slug: str) -> Response:
        return Response(selectors.velocity(board=self.member().board).as_dict())


class ItemHistory(BoardScopedApi):
    @extend_schema(
        summary="History of an item",
        description="Every recorded change of its status, points and sprint (sprint numbers; empty = backlog).",
        responses={200: s.ItemEventOut(many=True), **errors()},
    )
    def get(self, request: Request, slug: str, item_id: int) -> Response:
        item = item_for_board(board=self.member().board, item_id=item_id)
        events: QuerySet[ItemEvent] = selectors.item_history(item=item)
        return self.paginated(events, lambda page: s.ItemEventOut(page, many=True).data)
