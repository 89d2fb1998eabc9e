"""Boards and their members."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from boards import services
from boards.api.serializers import (
    BoardCreateIn,
    BoardOut,
    BoardUpdateIn,
    MemberOut,
    MemberRoleIn,
)
from boards.api.views.base import BoardScopedApi, VersionedBoardApi
from boards.models import Role
from boards.selectors import (
    boards_of_member,
    member_by_username,
    members_of,
    membership_for,
    require_role,
)
from scrum_app.api_errors import ANSWERS
from scrum_app.api_versions import ETAG, IF_MATCH, stale_answers, versioned
from scrum_app.api_views import Api

# --- boards -----------------------------------------------------------------------------------------------------


class BoardListApi(Api):
    @extend_schema(
        summary="List my boards",
        description="The boards the caller is a member of, by name, with the caller's role on each.",
        responses={200: BoardOut(many=True)},
    )
    def get(self, request: Request) -> Response:
        return self.paginated(boards_of_member(user=request.user), lambda page: BoardOut(page, many=True).data)


class BoardCreateApi(Api):
    @extend_schema(
        summary="Create a board",
        description="Creates a board; the caller becomes its Scrum Master. Without a slug, one is made from the name.",
        request=BoardCreateIn,
        responses={201: BoardOut, **ANSWERS.only(400, 409, conflict="Slug taken.")},
    )
    def post(self, request: Request) -> Response:
        fields = self.parse(BoardCreateIn)
        wip_limits = fields.pop("wip_limits", None)
        with transaction.atomic():
            board = services.board_create(user=request.user, **fields)
            member = membership_for(user=request.user, slug=board.slug)
            if wip_limits:
                services.wip_limits_set(acting=member, limits=wip_limits)
        return Response(BoardOut(member.board, context={"role": member.role}).data, status=status.HTTP_201_CREATED)


class BoardVersionedApi(VersionedBoardApi):
    def current(self) -> dict[str, Any]:
        # Read afresh, not the membership the request started with: the body of a refused stale write.
        member = membership_for(user=self.request.user, slug=self.kwargs["slug"])
        return BoardOut(member.board, context={"role": member.role}).data


class BoardDetailApi(BoardVersionedApi):
    @extend_schema(summary="Show a board", parameters=[ETAG], responses={200: BoardOut, **ANSWERS()})
    def get(self, request: Request, slug: str) -> Response:
        member = self.member()
        return versioned(BoardOut(member.board, context={"role": member.role}).data)


class BoardUpdateApi(BoardVersionedApi):
    @extend_schema(
        summary="Change board settings",
        description=(
            "Scrum Master only. Send only the settings to change. `wip_limits` sets the given columns' limits "
            "(`null` clears one) and leaves the other columns alone. Name the version you edited (`If-Match` or "
            "`version`) and a change saved meanwhile is not overwritten."
        ),
        parameters=[IF_MATCH],
        request=BoardUpdateIn(partial=True),
        responses={200: BoardOut, **ANSWERS(400, 403), **stale_answers(BoardOut, "board")},
    )
    def patch(self, request: Request, slug: str) -> Response:
        member = self.member()
        require_role(member, Role.SCRUM_MASTER, action=gettext("change the board settings"))
        return self.edit(
            BoardUpdateIn,
            lambda **fields: services.board_update(acting=member, **fields),
            answer=lambda board: BoardOut(board, context={"role": member.role}).data,
            partial=True,
        )


# --- members ----------------------------------------------------------------------------------------------------


class MemberListApi(BoardScopedApi):
    @extend_schema(summary="List a board's members", responses={200: MemberOut(many=True), **ANSWERS()})
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(members_of(board=self.member().board), lambda page: MemberOut(page, many=True).data)


class MemberRoleChangeApi(BoardScopedApi):
    @extend_schema(
        summary="Change a member's role",
        description="Scrum Master only (so no member can raise their own role). The last Scrum Master stays one.",
        request=MemberRoleIn,
        responses={
            200: MemberOut,
            **ANSWERS(
                400, 403, 409, conflict="The board already has a Product Owner, or this is its last Scrum Master."
            ),
        },
    )
    def patch(self, request: Request, slug: str, username: str) -> Response:
        member = self.member()
        target = member_by_username(board=member.board, username=username)
        require_role(member, Role.SCRUM_MASTER, action=gettext("change roles"))
        changed = services.member_change_role(acting=member, member=target, **self.parse(MemberRoleIn))
        return Response(MemberOut(changed).data)


class MemberRemoveApi(BoardScopedApi):
    @extend_schema(
        summary="Remove a member",
        description="Scrum Master only. Their items become unassigned. The last Scrum Master cannot be removed.",
        request=None,
        responses={
            204: OpenApiResponse(description="Removed."),
            **ANSWERS(403, 409, conflict="This is the board's last Scrum Master."),
        },
    )
    def delete(self, request: Request, slug: str, username: str) -> Response:
        member = self.member()
        target = member_by_username(board=member.board, username=username)
        services.member_remove(acting=member, member=target)
        return Response(status=status.HTTP_204_NO_CONTENT)
