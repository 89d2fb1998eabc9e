"""Boards and their members."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from boards import services
from boards.api.serializers import (
    BoardCreateIn,
    BoardOut,
    BoardUpdateIn,
    MemberOut,
    MemberRoleIn,
)
from boards.api.views.base import ERRORS, BoardScopedApi, error_answers
from boards.models import Role
from boards.selectors import (
    boards_of_member,
    member_by_username,
    members_of,
    membership_for,
    require_role,
)
from scrum_app.api_versions import ETAG, IF_MATCH, stale_answers, versioned, versioned_write
from scrum_app.pagination import PageNumberPagination

# --- boards -----------------------------------------------------------------------------------------------------


class BoardListApi(APIView):
    pagination_class = PageNumberPagination

    @extend_schema(
        summary="List my boards",
        description="The boards the caller is a member of, by name, with the caller's role on each.",
        responses={200: BoardOut(many=True), 401: ERRORS[401]},
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(boards_of_member(user=request.user), request, view=self)
        return paginator.get_paginated_response(BoardOut(page, many=True).data)


class BoardCreateApi(APIView):
    @extend_schema(
        summary="Create a board",
        description="Creates a board; the caller becomes its Scrum Master. Without a slug, one is made from the name.",
        request=BoardCreateIn,
        responses={201: BoardOut, 400: ERRORS[400], 401: ERRORS[401], 409: OpenApiResponse(description="Slug taken.")},
    )
    def post(self, request: Request) -> Response:
        data = BoardCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        wip_limits = fields.pop("wip_limits", None)
        with transaction.atomic():
            board = services.board_create(user=request.user, **fields)
            member = membership_for(user=request.user, slug=board.slug)
            if wip_limits:
                services.wip_limits_set(acting=member, limits=wip_limits)
        return Response(BoardOut(member.board, context={"role": member.role}).data, status=status.HTTP_201_CREATED)


def board_now(request: Request, slug: str) -> dict[str, Any]:
    """The board as GET shows it, read afresh (the body of a refused stale write)."""
    member = membership_for(user=request.user, slug=slug)
    return BoardOut(member.board, context={"role": member.role}).data


class BoardDetailApi(BoardScopedApi):
    @extend_schema(summary="Show a board", parameters=[ETAG], responses={200: BoardOut, **error_answers()})
    def get(self, request: Request, slug: str) -> Response:
        member = self.member()
        return versioned(BoardOut(member.board, context={"role": member.role}).data)


class BoardUpdateApi(BoardScopedApi):
    @extend_schema(
        summary="Change board settings",
        description=(
            "Scrum Master only. Send only the settings to change. `wip_limits` sets the given columns' limits "
            "(`null` clears one) and leaves the other columns alone. Name the version you edited (`If-Match` or "
            "`version`) and a change saved meanwhile is not overwritten."
        ),
        parameters=[IF_MATCH],
        request=BoardUpdateIn(partial=True),
        responses={200: BoardOut, **error_answers(400, 403), **stale_answers(BoardOut, "board")},
    )
    def patch(self, request: Request, slug: str) -> Response:
        member = self.member()
        require_role(member, Role.SCRUM_MASTER, action=gettext("change the board settings"))
        data = BoardUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        board = versioned_write(
            request,
            version=fields.pop("version", None),
            write=lambda version: services.board_update(acting=member, version=version, **fields),
            current=lambda: board_now(request, slug),
        )
        return versioned(BoardOut(board, context={"role": member.role}).data)


# --- members ----------------------------------------------------------------------------------------------------


class MemberListApi(BoardScopedApi):
    @extend_schema(summary="List a board's members", responses={200: MemberOut(many=True), **error_answers()})
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(members_of(board=self.member().board), lambda page: MemberOut(page, many=True).data)


class MemberRoleChangeApi(BoardScopedApi):
    @extend_schema(
        summary="Change a member's role",
        description="Scrum Master only (so no member can raise their own role). The last Scrum Master stays one.",
        request=MemberRoleIn,
        responses={
            200: MemberOut,
            **error_answers(400, 403),
            409: OpenApiResponse(
                description="The board already has a Product Owner, or this is its last Scrum Master."
            ),
        },
    )
    def patch(self, request: Request, slug: str, username: str) -> Response:
        member = self.member()
        target = member_by_username(board=member.board, username=username)
        require_role(member, Role.SCRUM_MASTER, action=gettext("change roles"))
        data = MemberRoleIn(data=request.data)
        data.is_valid(raise_exception=True)
        changed = services.member_change_role(acting=member, member=target, **data.validated_data)
        return Response(MemberOut(changed).data)


class MemberRemoveApi(BoardScopedApi):
    @extend_schema(
        summary="Remove a member",
        description="Scrum Master only. Their items become unassigned. The last Scrum Master cannot be removed.",
        request=None,
        responses={
            204: OpenApiResponse(description="Removed."),
            **error_answers(403),
            409: OpenApiResponse(description="This is the board's last Scrum Master."),
        },
    )
    def delete(self, request: Request, slug: str, username: str) -> Response:
        member = self.member()
        target = member_by_username(board=member.board, username=username)
        services.member_remove(acting=member, member=target)
        return Response(status=status.HTTP_204_NO_CONTENT)
