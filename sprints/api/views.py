"""Sprint API: one class per operation. Access through boards.selectors, writes through sprints.services."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from boards.api.views.base import api_member, error_answers
from boards.models import BacklogItem, ItemEvent, Membership
from boards.selectors import item_for_board
from scrum_app.api_versions import ETAG, IF_MATCH, stale_or_conflict, versioned, versioned_write
from sprints import selectors, services
from sprints.api import serializers as s
from sprints.models import Sprint

CONFLICT = OpenApiResponse(description='Clashes with the sprint\'s state (active, closed…): `{"detail": message}`.')


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """The shared error answers, plus 409 for the sprint's own state conflicts."""
    answers = error_answers(*(code for code in codes if code != 409))
    return {**answers, 409: CONFLICT} if 409 in codes else answers


def _with_items(sprints: QuerySet[Sprint]) -> QuerySet[Sprint]:
    return sprints.prefetch_related(Prefetch("items", queryset=BacklogItem.objects.only("pk", "sprint_id")))


class _SprintView(APIView):
    def member(self) -> Membership:
        return api_member(self.request, self.kwargs["slug"])

    def sprint(self, membership: Membership) -> Sprint:
        return selectors.sprint_for(board=membership.board, number=self.kwargs["number"])

    def out(self, sprint: Sprint, code: int = status.HTTP_200_OK) -> Response:
        return versioned(self.now(sprint), status=code)

    def now(self, sprint: Sprint) -> dict[str, Any]:
        """The sprint as GET shows it, read afresh."""
        return s.SprintOut(_with_items(Sprint.objects.filter(pk=sprint.pk)).get()).data


class SprintListCreate(generics.GenericAPIView):
    serializer_class = s.SprintOut

    @extend_schema(
        summary="List sprints",
        description="The board's sprints, newest first. Every member may.",
        responses={200: s.SprintOut(many=True), **errors()},
    )
    def get(self, request: Request, slug: str) -> Response:
        membership = api_member(request, slug)
        sprints = _with_items(Sprint.objects.filter(board=membership.board).order_by("-number"))
        page = self.paginate_queryset(sprints)
        return self.get_paginated_response(s.SprintOut(page, many=True).data)

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
        membership = api_member(request, slug)
        data = s.SprintCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        sprint = services.sprint_create(acting=membership, **data.validated_data)
        return Response(s.SprintOut(_with_items(Sprint.objects.filter(pk=sprint.pk)).get()).data, status=201)


class SprintDetail(_SprintView):
    @extend_schema(summary="Show a sprint", parameters=[ETAG], responses={200: s.SprintOut, **errors()})
    def get(self, request: Request, slug: str, number: int) -> Response:
        return self.out(self.sprint(self.member()))

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
        membership = self.member()
        sprint = self.sprint(membership)
        data = s.SprintPatchIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        updated = versioned_write(
            request,
            version=fields.pop("version", None),
            write=lambda version: services.sprint_update(acting=membership, sprint=sprint, version=version, **fields),
            current=lambda: self.now(sprint),
        )
        return self.out(updated)


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
        membership = self.member()
        sprint = self.sprint(membership)
        data = s.ItemsIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.sprint_add_items(acting=membership, sprint=sprint, item_ids=data.validated_data["items"])
        return self.out(sprint)

    @extend_schema(
        summary="Remove items from a sprint",
        description="Product Owner or Scrum Master; the items go back to the backlog, keeping their rank.",
        request=s.ItemsIn,
        responses={200: s.SprintOut, **errors(400, 403, 409)},
    )
    def delete(self, request: Request, slug: str, number: int) -> Response:
        membership = self.member()
        sprint = self.sprint(membership)
        data = s.ItemsIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.sprint_remove_items(acting=membership, sprint=sprint, item_ids=data.validated_data["items"])
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
        membership = self.member()
        return self.out(services.sprint_start(acting=membership, sprint=self.sprint(membership)))


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
        membership = self.member()
        sprint = self.sprint(membership)
        data = s.CloseIn(data=request.data)
        data.is_valid(raise_exception=True)
        return self.out(services.sprint_close(acting=membership, sprint=sprint, **data.validated_data))


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
        return Response(selectors.sprint_burndown(sprint=self.sprint(self.member())).as_dict())


class BoardVelocity(APIView):
    @extend_schema(
        summary="Velocity of a board",
        description=(
            "Committed and completed points of the last ten closed sprints, oldest first, and the average completed "
            "points of the last three (null before the first closed sprint): the forecast."
        ),
        responses={200: s.VelocityOut, **errors()},
    )
    def get(self, request: Request, slug: str) -> Response:
        membership = api_member(request, slug)
        return Response(selectors.velocity(board=membership.board).as_dict())


class ItemHistory(generics.GenericAPIView):
    serializer_class = s.ItemEventOut

    @extend_schema(
        summary="History of an item",
        description="Every recorded change of its status, points and sprint (sprint numbers; empty = backlog).",
        responses={200: s.ItemEventOut(many=True), **errors()},
    )
    def get(self, request: Request, slug: str, item_id: int) -> Response:
        membership = api_member(request, slug)
        item = item_for_board(board=membership.board, item_id=item_id)
        events: QuerySet[ItemEvent] = selectors.item_history(item=item)
        page = self.paginate_queryset(events)
        return self.get_paginated_response(s.ItemEventOut(page, many=True).data)
