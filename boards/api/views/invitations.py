"""Invitations: a Scrum Master invites, the invitee accepts or declines. Only an accepted invitation makes a member."""

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from boards import services
from boards.api.serializers import InvitationIn, InvitationOut, MyInvitationOut
from boards.api.views.base import BoardScopedApi
from boards.models import Invitation, Role
from boards.selectors import invitations_for_user, invitations_of_board, require_role
from scrum_app.api_errors import ANSWERS
from scrum_app.api_views import Api

INVITE_DESCRIPTION = (
    "Scrum Master only. Give `username` or `email` (exactly one; else a 400 naming the field). The answer is the same "
    "whether a user has this name or address or not (an invitation to a name nobody has is kept, and nobody can "
    "accept it); the invitee accepts or declines it from their own invitations, and until then it grants nothing. "
    "An invitation by e-mail sends the address a link that works once, for 7 days: whoever follows it joins, "
    "signing up first when they have no account."
)
INVITE_CONFLICTS = (
    "Already a member (by username), already invited, or a Product Owner invited to a board that has one."
)


# --- the board's side (its Scrum Master) ---------------------------------------------------------------------------


class InvitationListApi(BoardScopedApi):
    @extend_schema(
        summary="List a board's pending invitations",
        description="Scrum Master only: they name people who are not members. Pending means not answered, revoked or "
        "past its time.",
        responses={200: InvitationOut(many=True), **ANSWERS(403)},
    )
    def get(self, request: Request, slug: str) -> Response:
        member = self.member()
        require_role(member, Role.SCRUM_MASTER, action=gettext("see invitations"))
        return self.paginated(
            invitations_of_board(board=member.board), lambda page: InvitationOut(page, many=True).data
        )


class InvitationCreateApi(BoardScopedApi):
    answer_status = status.HTTP_201_CREATED

    @extend_schema(
        summary="Invite a member",
        description=INVITE_DESCRIPTION,
        request=InvitationIn,
        responses={201: InvitationOut, **ANSWERS(400, 403, 409, conflict=INVITE_CONFLICTS)},
    )
    def post(self, request: Request, slug: str) -> Response:
        return self.invite()

    def invite(self) -> Response:
        member = self.member()
        require_role(member, Role.SCRUM_MASTER, action=gettext("invite members"))
        site = self.request.build_absolute_uri("/")
        invitation = services.invitation_create(acting=member, site=site, **self.parse(InvitationIn))
        return Response(InvitationOut(invitation).data, status=self.answer_status)


class MemberAddApi(InvitationCreateApi):
    """The former "add a member": it now invites, as POST …/invitations/ does, and says so with 202."""

    answer_status = status.HTTP_202_ACCEPTED

    @extend_schema(
        summary="Add a member (sends an invitation)",
        description=f"Nobody joins without consenting: this sends an invitation, answered 202. {INVITE_DESCRIPTION}",
        request=InvitationIn,
        responses={202: InvitationOut, **ANSWERS(400, 403, 409, conflict=INVITE_CONFLICTS)},
    )
    def post(self, request: Request, slug: str) -> Response:
        return self.invite()


class InvitationRevokeApi(BoardScopedApi):
    @extend_schema(
        summary="Revoke an invitation",
        description="Scrum Master only; a pending invitation of this board (any other id is a 404). The link of an "
        "invitation by e-mail stops working.",
        request=None,
        responses={204: OpenApiResponse(description="Revoked."), **ANSWERS(403)},
    )
    def delete(self, request: Request, slug: str, invitation_id: int) -> Response:
        services.invitation_revoke(acting=self.member(), invitation_id=invitation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- the invitee's side --------------------------------------------------------------------------------------------


class MyInvitationListApi(Api):
    @extend_schema(
        summary="List my invitations",
        description="The invitations waiting for the caller's answer, oldest first.",
        responses={200: MyInvitationOut(many=True)},
    )
    def get(self, request: Request) -> Response:
        return self.paginated(
            invitations_for_user(user=request.user), lambda page: MyInvitationOut(page, many=True).data
        )


ANSWER_ERRORS = ANSWERS(
    409,
    missing="No such invitation for you (another person's is as missing as an unknown one).",
    conflict="Already answered or revoked.",
)


class _InvitationAnswerApi(Api):
    @staticmethod
    def answer(*, user: AbstractBaseUser, invitation_id: int) -> Invitation:
        raise NotImplementedError

    def post(self, request: Request, invitation_id: int) -> Response:
        invitation = self.answer(user=request.user, invitation_id=invitation_id)
        return Response(MyInvitationOut(invitation).data)


@extend_schema_view(
    post=extend_schema(
        summary="Accept an invitation",
        description="The caller joins the board with the invited role. A 409 when the invitation is no longer open, "
        "or when it is for Product Owner and the board got one meanwhile.",
        request=None,
        responses={200: MyInvitationOut, **ANSWER_ERRORS},
    )
)
class InvitationAcceptApi(_InvitationAnswerApi):
    answer = staticmethod(services.invitation_accept)


@extend_schema_view(
    post=extend_schema(
        summary="Decline an invitation",
        description="Nothing changes on the board; the invitation is closed.",
        request=None,
        responses={200: MyInvitationOut, **ANSWER_ERRORS},
    )
)
class InvitationDeclineApi(_InvitationAnswerApi):
    answer = staticmethod(services.invitation_decline)
