"""Writes of a board's members: joining, invitations and their answers, roles, leaving. A board always keeps a
Scrum Master."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boards.locks import lock_board, lock_memberships
from boards.models import (
    BacklogItem,
    Board,
    Invitation,
    InvitationState,
    Membership,
    Role,
)
from boards.selectors import require_role
from notifications.models import NotificationKind
from notifications.services import notify
from scrum_app.errors import Conflict, InvalidInput
from scrum_app.versions import next_version

User = get_user_model()

# What became of an invitation that is no longer open, as the refusal to answer it says.
_STATE_PAST = {
    InvitationState.ACCEPTED: gettext_lazy("accepted"),
    InvitationState.DECLINED: gettext_lazy("declined"),
    InvitationState.REVOKED: gettext_lazy("revoked"),
    InvitationState.INVITED: gettext_lazy("invited"),
}


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise InvalidInput(
            _("Unknown role %(role)r; use one of %(roles)s.") % {"role": role, "roles": ", ".join(Role.values)},
            field="role",
        )


def _save_membership(membership: Membership, *, fields: list[str] | None = None) -> Membership:
    try:
        with transaction.atomic():
            if fields:
                membership.save(update_fields=fields)
            else:
                membership.save()
    except IntegrityError:
        if membership.role == Role.PRODUCT_OWNER:
            raise Conflict(_("This board already has a Product Owner."), field="role") from None
        raise Conflict(
            _("%(username)s is already a member of this board.") % {"username": membership.user.username},
            field="username",
        ) from None
    return membership


@transaction.atomic
def membership_add(*, board: Board, user: AbstractBaseUser, role: str = Role.DEVELOPER) -> Membership:
    """Make `user` a member at once, without asking them: for a board's creator, the demo and scripts.

    People join a board only by accepting an invitation (invitation_create, invitation_accept): no page or API call
    adds anyone directly.
    """
    lock_board(board.pk)
    _check_role(role)
    return _save_membership(Membership(board=board, user=user, role=role))


# --- invitations ------------------------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, acting: Membership, username: str, role: str = Role.DEVELOPER) -> Invitation:
    """Invite the user named `username` to join with `role`; they accept or decline it, and until then it grants
    nothing.

    The answer is the same whether the name belongs to a user or not: a name no user has is stored as an invitation
    too (with no user, so nobody can accept it), and the Scrum Master learns nothing about who has an account. Names
    they can see anyway are refused with 409: a member of the board, a name already invited, a Product Owner when
    the board has one.
    """
    acting = _lock_members(acting, acting, action=_("invite members"))[0]
    _check_role(role)
    username = username.strip()
    if not username:
        raise InvalidInput(_("Name the user to invite."), field="username")
    board = acting.board
    if Membership.objects.filter(board=board, user__username=username).exists():
        raise Conflict(_("%(username)s is already a member of this board.") % {"username": username}, field="username")
    if role == Role.PRODUCT_OWNER and Membership.objects.filter(board=board, role=Role.PRODUCT_OWNER).exists():
        raise Conflict(_("This board already has a Product Owner."), field="role")
    invitation = Invitation(
        board=board,
        user=User.objects.filter(username=username).first(),
        username=username,
        role=role,
        created_by=acting.user,
    )
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise Conflict(
            _("%(username)s is already invited to this board.") % {"username": username}, field="username"
        ) from None
    if invitation.user is not None:
        notify(
            kind=NotificationKind.INVITED,
            recipients=[invitation.user],
            actor=acting.user,
            board_id=board.pk,
            text=board.name,
            key=f"invited:{invitation.pk}",
        )
    return invitation


def _locked_invitation(invitations: QuerySet[Invitation], invitation_id: int) -> Invitation:
    """One of `invitations`, its row locked until the transaction ends (404 when it is not among them). Its board is
    locked first, as every writer of memberships does (boards.locks)."""
    board_id = invitations.filter(pk=invitation_id).values_list("board_id", flat=True).first()
    if board_id is None:
        raise Http404(_("No such invitation."))
    lock_board(board_id)
    invitation = (
        invitations.select_for_update(of=("self",))
        .select_related("board", "created_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise Http404(_("No such invitation."))
    return invitation


def _answer(invitation: Invitation, state: str) -> None:
    if invitation.state != InvitationState.INVITED:
        raise Conflict(
            _("This invitation is no longer open: it was %(state)s.") % {"state": _STATE_PAST[invitation.state]},
            field="invitation",
        )
    invitation.state = state
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["state", "answered_at"])


@transaction.atomic
def invitation_accept(*, user: AbstractBaseUser, invitation_id: int) -> Invitation:
    """The invitee joins the board with the invited role. Only they may (anyone else gets 404).

    The invitation's row is locked, so accepting twice at once makes one member; a board that got a Product Owner
    since a Product Owner was invited answers 409 and the invitation stays open.
    """
    invitation = _locked_invitation(Invitation.objects.filter(user=user), invitation_id)
    _answer(invitation, InvitationState.ACCEPTED)
    _save_membership(Membership(board=invitation.board, user=user, role=invitation.role))
    return invitation


@transaction.atomic
def invitation_decline(*, user: AbstractBaseUser, invitation_id: int) -> Invitation:
    """The invitee says no: nothing changes on the board. Only they may (anyone else gets 404)."""
    invitation = _locked_invitation(Invitation.objects.filter(user=user), invitation_id)
    _answer(invitation, InvitationState.DECLINED)
    return invitation


@transaction.atomic
def invitation_revoke(*, acting: Membership, invitation_id: int) -> Invitation:
    """The Scrum Master withdraws a pending invitation of their board (one of another board, or answered, is 404)."""
    acting = _lock_members(acting, acting, action=_("revoke invitations"))[0]
    pending = Invitation.objects.filter(board=acting.board, state=InvitationState.INVITED)
    invitation = _locked_invitation(pending, invitation_id)
    _answer(invitation, InvitationState.REVOKED)
    return invitation


def _lock_members(acting: Membership, member: Membership, *, action: str) -> tuple[Membership, Membership]:
    """Lock the board, then the acting Scrum Master's membership and `member`'s; return both as they are now.

    The acting member must still be a Scrum Master under the lock: the member a write changes may be the one acting
    in another request, which has just demoted or removed them. A `member` removed meanwhile is a 404.
    """
    board = lock_board(acting.board_id)
    locked = lock_memberships([acting.pk, member.pk])
    current = locked.get(acting.pk)
    if current is None:
        raise Http404(_("You are no longer a member of this board."))
    require_role(current, Role.SCRUM_MASTER, action=action)
    current.board = board
    target = locked.get(member.pk)
    if target is None or target.board_id != board.pk:
        raise Http404(_("No such member."))
    target.board = board
    return current, target


def _keep_a_scrum_master(membership: Membership) -> None:
    """A board always has a Scrum Master. Called under the board's lock, which every writer of memberships takes."""
    if membership.role != Role.SCRUM_MASTER:
        return
    others = Membership.objects.filter(board_id=membership.board_id, role=Role.SCRUM_MASTER).exclude(pk=membership.pk)
    if not others.exists():
        raise Conflict(_("A board needs at least one Scrum Master; appoint another first."), field="role")


@transaction.atomic
def member_change_role(*, acting: Membership, member: Membership, role: str) -> Membership:
    """Give a member another role (Scrum Master only). The board keeps one Product Owner at most and one Scrum
    Master at least; checked under the board's lock, so two Scrum Masters demoting each other at once demote one."""
    acting, member = _lock_members(acting, member, action=_("change roles"))
    return _role_set(member, role)


@transaction.atomic
def member_remove(*, acting: Membership, member: Membership) -> None:
    """Remove a member (Scrum Master only); their items become unassigned. The last Scrum Master stays."""
    _leave(_lock_members(acting, member, action=_("remove members"))[1])


@transaction.atomic
def membership_role_set(*, member: Membership, role: str) -> Membership:
    """member_change_role for the admin and scripts, which act as no member: the same rules, no role check."""
    return _role_set(_locked_member(member), role)


@transaction.atomic
def membership_remove(*, member: Membership) -> None:
    """member_remove for the admin and scripts, which act as no member: the same rules, no role check."""
    _leave(_locked_member(member))


def _locked_member(member: Membership) -> Membership:
    """The board's lock, then the member's (boards.locks); a member removed meanwhile is a 404."""
    board = lock_board(member.board_id)
    current = lock_memberships([member.pk]).get(member.pk)
    if current is None:
        raise Http404(_("No such member."))
    current.board = board
    return current


def _role_set(member: Membership, role: str) -> Membership:
    _check_role(role)
    if member.role == role:
        return member
    _keep_a_scrum_master(member)
    member.role = role
    return _save_membership(member, fields=["role"])


def _leave(member: Membership) -> None:
    _keep_a_scrum_master(member)
    BacklogItem.objects.filter(board_id=member.board_id, assignee_id=member.user_id).update(
        assignee=None, version=next_version()
    )
    member.delete()
