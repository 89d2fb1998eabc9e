"""Writes of a board's members: joining, invitations and their answers, roles, leaving. A board always keeps a
Scrum Master."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boards.invitation_mail import invitation_mail_send
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
from scrum_app.errors import Conflict, InvalidInput
from scrum_app.versions import next_version

User = get_user_model()

# What became of an invitation that is no longer open, as the refusal to answer it says.
_STATE_PAST = {
    InvitationState.ACCEPTED: gettext_lazy("accepted"),
    InvitationState.DECLINED: gettext_lazy("declined"),
    InvitationState.REVOKED: gettext_lazy("revoked"),
    InvitationState.INVITED: gettext_lazy("invited"),
    InvitationState.EXPIRED: gettext_lazy("expired"),
}
# How long the link of an invitation by e-mail works.
INVITATION_LINK_DAYS = 7


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
def invitation_create(
    *, acting: Membership, username: str = "", email: str = "", role: str = Role.DEVELOPER, site: str = ""
) -> Invitation:
    """Invite the user named `username`, or whoever reads the address `email`, to join with `role`; until they
    accept, it grants nothing. Exactly one of the two is given (else a 400 naming the field).

    The answer is the same whether the name or the address belongs to a user or not: a name no user has is stored as
    an invitation too (with no user, so nobody can accept it), and the Scrum Master learns nothing about who has an
    account. Names they can see anyway are refused with 409: a member of the board, a name or address already
    invited, a Product Owner when the board has one.

    An invitation by e-mail sends its address a link (`site` is the scheme and host it starts with) that works once,
    for INVITATION_LINK_DAYS; the token is on the returned invitation as `token`, and only its hash is stored. When
    exactly one user has the address, it is theirs too (in their invitations), unless they are a member already or
    have another invitation pending here: saying so would tell the Scrum Master whose address it is.
    """
    acting = _lock_members(acting, acting, action=_("invite members"))[0]
    _check_role(role)
    username, email = username.strip(), email.strip().lower()
    if username and email:
        raise InvalidInput(_("Give a username or an e-mail address, not both."), field="email")
    if not username and not email:
        raise InvalidInput(_("Name the user to invite, or give their e-mail address."), field="username")
    board = acting.board
    _expire_invitations(board)
    if username and Membership.objects.filter(board=board, user__username=username).exists():
        raise Conflict(_("%(username)s is already a member of this board.") % {"username": username}, field="username")
    if role == Role.PRODUCT_OWNER and Membership.objects.filter(board=board, role=Role.PRODUCT_OWNER).exists():
        raise Conflict(_("This board already has a Product Owner."), field="role")
    invitation = Invitation(board=board, username=username, email=email, role=role, created_by=acting.user)
    token = ""
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput(_("Enter a valid e-mail address."), field="email") from None
        token = secrets.token_urlsafe(32)
        invitation.user = _invitee_by_address(board, email)
        invitation.token_hash = Invitation.hash_token(token)
        invitation.expires_at = timezone.now() + timedelta(days=INVITATION_LINK_DAYS)
    else:
        invitation.user = User.objects.filter(username=username).first()
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise Conflict(
            _("%(invitee)s is already invited to this board.") % {"invitee": invitation.invitee},
            field="email" if email else "username",
        ) from None
    if token:
        invitation.token = token
        invitation_mail_send(invitation, token=token, site=site or getattr(settings, "SITE_URL", ""))
    return invitation


def _invitee_by_address(board: Board, email: str) -> AbstractBaseUser | None:
    """The one active user with this address, when they may be invited here by it (see invitation_create)."""
    users = list(User.objects.filter(email__iexact=email, is_active=True)[:2])
    if len(users) != 1:
        return None
    user = users[0]
    taken = (
        Membership.objects.filter(board=board, user=user).exists()
        or Invitation.objects.filter(board=board, user=user, state=InvitationState.INVITED).exists()
    )
    return None if taken else user


def _expire_invitations(board: Board) -> None:
    """Close the board's links past their time (under the board's lock), so the address can be invited again."""
    Invitation.objects.filter(board=board, state=InvitationState.INVITED, expires_at__lte=timezone.now()).update(
        state=InvitationState.EXPIRED, answered_at=timezone.now()
    )


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


def invitation_is_open(invitation: Invitation) -> bool:
    """Pending, and its link (if any) not past its time."""
    return invitation.state == InvitationState.INVITED and not (
        invitation.expires_at and invitation.expires_at <= timezone.now()
    )


def _answer(invitation: Invitation, state: str) -> None:
    if (
        state != InvitationState.REVOKED
        and invitation.state == InvitationState.INVITED
        and not invitation_is_open(invitation)
    ):
        raise Conflict(_("This invitation has expired."), field="invitation")
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
def invitation_accept_by_link(*, user: AbstractBaseUser, token: str) -> Invitation:
    """Whoever follows the link of an invitation by e-mail joins with its role: the link is the proof. It works once
    (its row is locked, so following it twice at once makes one member), not after its time or a revoke (409), and
    an unknown token is a 404. A member of the board already is refused (409) and the link stays open."""
    links = Invitation.objects.filter(token_hash=Invitation.hash_token(token))
    invitation_id = links.values_list("pk", flat=True).first()
    if invitation_id is None:
        raise Http404(_("No such invitation."))
    invitation = _locked_invitation(links, invitation_id)
    _answer(invitation, InvitationState.ACCEPTED)
    invitation.user = user
    invitation.save(update_fields=["user"])
    _save_membership(Membership(board=invitation.board, user=user, role=invitation.role))
    return invitation


@transaction.atomic
def invitation_signup_by_link(*, user: AbstractBaseUser, token: str) -> Invitation:
    """A new account (`user`, unsaved, with its password set) for the invitee, who joins at once; with the
    invitation's address as theirs. Nothing is saved when the link no longer works."""
    invitation = Invitation.objects.filter(token_hash=Invitation.hash_token(token)).only("email").first()
    if invitation is None:
        raise Http404(_("No such invitation."))
    user.email = invitation.email
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise Conflict(_("This username is not available. Choose another one."), field="username") from None
    return invitation_accept_by_link(user=user, token=token)


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
