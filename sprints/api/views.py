"""Sprint API: one class per operation. Access through boards.selectors, writes through sprints.services."""

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from boards.models import BacklogItem, ItemEvent, Membership
from boards.selectors import item_for_board, membership_for
from sprints import selectors, services
from sprints.api import serializers as s
from sprints.models import Sprint


def _with_items(sprints: QuerySet[Sprint]) -> QuerySet[Sprint]:
    return sprints.prefetch_related(Prefetch("items", queryset=BacklogItem.objects.only("pk", "sprint_id")))


class _SprintView(APIView):
    def member(self) -> Membership:
        return membership_for(user=self.request.user, slug=self.kwargs["slug"])

    def sprint(self, membership: Membership) -> Sprint:
        return selectors.sprint_for(board=membership.board, number=self.kwargs["number"])

    def out(self, sprint: Sprint, code: int = status.HTTP_200_OK) -> Response:
        fresh = _with_items(Sprint.objects.filter(pk=sprint.pk)).get()
        return Response(s.SprintOut(fresh).data, status=code)


class SprintListCreate(generics.GenericAPIView):
    serializer_class = s.SprintOut

    @extend_schema(responses=s.SprintOut(many=True))
    def get(self, request: Request, slug: str) -> Response:
        membership = membership_for(user=request.user, slug=slug)
        sprints = _with_items(Sprint.objects.filter(board=membership.board).order_by("-number"))
        page = self.paginate_queryset(sprints)
        return self.get_paginated_response(s.SprintOut(page, many=True).data)

    @extend_schema(request=s.SprintCreateIn, responses={201: s.SprintOut})
    def post(self, request: Request, slug: str) -> Response:
        membership = membership_for(user=request.user, slug=slug)
        data = s.SprintCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        sprint = services.sprint_create(acting=membership, **data.validated_data)
        return Response(s.SprintOut(_with_items(Sprint.objects.filter(pk=sprint.pk)).get()).data, status=201)


class SprintDetail(_SprintView):
    @extend_schema(responses=s.SprintOut)
    def get(self, request: Request, slug: str, number: int) -> Response:
        return self.out(self.sprint(self.member()))

    @extend_schema(request=s.SprintPatchIn, responses=s.SprintOut)
    def patch(self, request: Request, slug: str, number: int) -> Response:
        membership = self.member()
        sprint = self.sprint(membership)
        data = s.SprintPatchIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return self.out(services.sprint_update(acting=membership, sprint=sprint, **data.validated_data))


class SprintItems(_SprintView):
    @extend_schema(request=s.ItemsIn, responses=s.SprintOut)
    def post(self, request: Request, slug: str, number: int) -> Response:
        membership = self.member()
        sprint = self.sprint(membership)
        data = s.ItemsIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.sprint_add_items(acting=membership, sprint=sprint, item_ids=data.validated_data["items"])
        return self.out(sprint)

    @extend_schema(request=s.ItemsIn, responses=s.SprintOut)
    def delete(self, request: Request, slug: str, number: int) -> Response:
        membership = self.member()
        sprint = self.sprint(membership)
        data = s.ItemsIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.sprint_remove_items(acting=membership, sprint=sprint, item_ids=data.validated_data["items"])
        return self.out(sprint)


class SprintStart(_SprintView):
    @extend_schema(request=None, responses=s.SprintOut)
    def post(self, request: Request, slug: str, number: int) -> Response:
        membership = self.member()
        return self.out(services.sprint_start(acting=membership, sprint=self.sprint(membership)))


class SprintClose(_SprintView):
    @extend_schema(request=s.CloseIn, responses=s.SprintOut)
    def post(self, request: Request, slug: str, number: int) -> Response:
        membership = self.member()
        sprint = self.sprint(membership)
        data = s.CloseIn(data=request.data)
        data.is_valid(raise_exception=True)
        return self.out(services.sprint_close(acting=membership, sprint=sprint, **data.validated_data))


class SprintBurndown(_SprintView):
    @extend_schema(responses=s.BurndownOut)
    def get(self, request: Request, slug: str, number: int) -> Response:
        return Response(selectors.sprint_burndown(sprint=self.sprint(self.member())).as_dict())


class BoardVelocity(APIView):
    @extend_schema(responses=s.VelocityOut)
    def get(self, request: Request, slug: str) -> Response:
        membership = membership_for(user=request.user, slug=slug)
        return Response(selectors.velocity(board=membership.board).as_dict())


class ItemHistory(generics.GenericAPIView):
    serializer_class = s.ItemEventOut

    @extend_schema(responses=s.ItemEventOut(many=True))
    def get(self, request: Request, slug: str, item_id: int) -> Response:
        membership = membership_for(user=request.user, slug=slug)
        item = item_for_board(board=membership.board, item_id=item_id)
        events: QuerySet[ItemEvent] = selectors.item_history(item=item)
        page = self.paginate_queryset(events)
        return self.get_paginated_response(s.ItemEventOut(page, many=True).data)
