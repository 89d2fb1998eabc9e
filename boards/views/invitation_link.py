"""The link of an invitation by e-mail: whoever follows it joins the board, signing up or logging in first.

The link is the proof of the invitation, so it works for anyone who has it, once, until it expires; a closed link
says what became of it (410), an unknown one is a 404.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import InvitedSignUpForm
from accounts.views import sign_up
from boards import services
from boards.models import Invitation, InvitationState, Membership
from boards.selectors import invitation_for_link
from scrum_app.errors import DomainError
from scrum_app.forms import add_domain_error

TEMPLATE = "boards/invitation_link.html"


@require_http_methods(["GET", "POST"])
def invitation_link(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_link(token=token)
    if not services.invitation_is_open(invitation):
        return _closed(request, invitation)
    if request.user.is_authenticated:
        return _join(request, invitation, token)
    return _sign_up(request, invitation, token)


def _closed_reason(invitation: Invitation) -> str:
    if invitation.state == InvitationState.ACCEPTED:
        return _("This invitation link was already used: it works once.")
    if invitation.state == InvitationState.REVOKED:
        return _("This invitation was withdrawn by the board's Scrum Master.")
    if invitation.state == InvitationState.DECLINED:
        return _("This invitation was declined.")
    return _("This invitation link has expired.")


def _closed(request: HttpRequest, invitation: Invitation, *, status: int = 410) -> HttpResponse:
    context = {"invitation": invitation, "closed": _closed_reason(invitation)}
    return render(request, TEMPLATE, context, status=status)


def _joined(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    messages.success(
        request,
        _("You joined %(board)s as %(role)s.")
        % {"board": invitation.board.name, "role": invitation.get_role_display()},
    )
    return redirect("boards:backlog", slug=invitation.board.slug)


def _join(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """A logged-in person confirms, and joins."""
    context = {
        "invitation": invitation,
        "member": Membership.objects.filter(board=invitation.board, user=request.user).exists(),
    }
    if request.method == "POST":
        try:
            invitation = services.invitation_accept_by_link(user=request.user, token=token)
        except DomainError as error:
            invitation.refresh_from_db(fields=["state"])
            if not services.invitation_is_open(invitation):
                return _closed(request, invitation)
            return render(request, TEMPLATE, {**context, "error": error.message}, status=error.status_code)
        return _joined(request, invitation)
    return render(request, TEMPLATE, context)


def _sign_up(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """Someone logged out: a sign-up form with the invited address, or a link to log in first."""
    form = InvitedSignUpForm(request.POST or None, initial={"email": invitation.email})
    context = {"invitation": invitation, "form": form}
    if request.method != "POST":
        return render(request, TEMPLATE, context)
    try:
        signed = sign_up(
            request, form, lambda: services.invitation_signup_by_link(user=form.save(commit=False), token=token).user
        )
    except DomainError as error:
        invitation.refresh_from_db(fields=["state"])
        if not services.invitation_is_open(invitation):
            return _closed(request, invitation)
        add_domain_error(form, error)
        return render(request, TEMPLATE, context, status=error.status_code)
    if signed.user is not None:
        return _joined(request, invitation)
    return signed.answer(render(request, TEMPLATE, context))
