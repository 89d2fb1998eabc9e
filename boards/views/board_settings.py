"""A board's settings, WIP limits and members: the Scrum Master changes them, every member reads them.

The settings form is a plain form (a new name shows in the page's title and navigation); the members' forms post with
htmx too and get the members panel back, "boards/settings.html#members" (docs/pages.md, "One htmx idiom").
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from boards import services
from boards.forms import BoardSettingsForm, MemberAddForm, MemberRoleForm
from boards.models import Membership, Role
from boards.selectors import invitations_of_board, member_by_username, members_of, membership_for, require_role
from boards.views.common import is_htmx, page
from boards.views.definitions import definitions_context
from scrum_app.errors import DomainError
from scrum_app.forms import add_domain_error


def _settings_page(
    request: HttpRequest, membership: Membership, *, status: int = 200, note: str = "", **forms: Any
) -> HttpResponse:
    """The page, or its members panel for htmx (with `note`, what the change did, or the error of a refused one)."""
    board = membership.board
    limits = dict(board.wip_limits.values_list("status", "limit"))
    members = list(members_of(board=board))
    can_manage = membership.role == Role.SCRUM_MASTER
    context = {
        "board": board,
        "membership": membership,
        "can_manage": can_manage,
        "members": members,
        # Pending invitations name people who are not members (or no one at all): the Scrum Master's to see.
        "invitations": list(invitations_of_board(board=board)) if can_manage else [],
        "roles": Role.choices,
        "limits": limits,
        "settings_form": forms.get("settings_form") or BoardSettingsForm(board=board, limits=limits),
        "add_form": forms.get("add_form") or MemberAddForm(),
        "member_error": forms.get("member_error"),
        "note": note,
        **definitions_context(membership),
    }
    return page(request, "boards/settings.html", "members", context, status=status)


def _members_changed(request: HttpRequest, membership: Membership, note: str) -> HttpResponse:
    """A change to the members done: htmx gets the panel as it now is, saying so; a plain form goes back to the page."""
    if is_htmx(request):
        return _settings_page(request, membership, note=note)
    messages.success(request, note)
    return redirect("boards:settings", slug=membership.board.slug)


def _elsewhere(request: HttpRequest, note: str, url: str) -> HttpResponse:
    """The page no longer fits the viewer (they left the board, or changed their own role): htmx too loads `url`
    (HX-Redirect), where the note waits."""
    messages.success(request, note)
    return HttpResponseClientRedirect(url) if is_htmx(request) else redirect(url)


def _settings_as_stored(request: HttpRequest, slug: str) -> tuple[dict[str, Any], int]:
    board = membership_for(user=request.user, slug=slug).board
    return BoardSettingsForm.initial_for(board, dict(board.wip_limits.values_list("status", "limit"))), board.version


@login_required
@require_http_methods(["GET", "POST"])
def board_settings(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    if request.method == "GET":
        return _settings_page(request, membership)
    require_role(membership, Role.SCRUM_MASTER, action=_("change the board settings"))
    limits = dict(membership.board.wip_limits.values_list("status", "limit"))
    form = BoardSettingsForm(request.POST, board=membership.board, limits=limits)
    if not form.is_valid():
        return _settings_page(request, membership, status=400, settings_form=form)
    # Settings and limits are one form, saved all or none; only what this person changed, onto the version they saw.
    status = form.save_edits(
        lambda **fields: services.board_update(acting=membership, **form.as_update(fields)),
        current=lambda: _settings_as_stored(request, slug),
    )
    if status != 200:
        membership = membership_for(user=request.user, slug=slug)
        return _settings_page(request, membership, status=status, settings_form=form)
    messages.success(request, _("Settings saved."))
    return redirect("boards:settings", slug=slug)


@login_required
@require_POST
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Invite someone to join; the answer is the same whether the name is a user's or not."""
    membership = membership_for(user=request.user, slug=slug)
    require_role(membership, Role.SCRUM_MASTER, action=_("invite members"))
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                acting=membership,
                role=form.cleaned_data["role"],
                site=request.build_absolute_uri("/"),
                **form.invitee(),
            )
        except DomainError as error:
            if error.field == "email":
                error.field = "username"  # the form's one field for both
            add_domain_error(form, error)
            return _settings_page(request, membership, status=error.status_code, add_form=form)
        if invitation.email:
            note = _("Invitation sent to %(email)s as %(role)s. Its link works once, for %(days)s days.") % {
                "email": invitation.email,
                "role": invitation.get_role_display(),
                "days": services.INVITATION_LINK_DAYS,
            }
        else:
            note = _(
                "Invitation sent to %(username)s as %(role)s, if that user exists. They join once they accept it."
            ) % {"username": invitation.username, "role": invitation.get_role_display()}
        return _members_changed(request, membership, note)
    return _settings_page(request, membership, status=400, add_form=form)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    try:
        invitation = services.invitation_revoke(acting=membership, invitation_id=invitation_id)
    except DomainError as error:
        return _settings_page(request, membership, status=error.status_code, member_error=error.message)
    return _members_changed(
        request, membership, _("The invitation to %(username)s is revoked.") % {"username": invitation.invitee}
    )


def _scrum_master_and_member(
    request: HttpRequest, slug: str, username: str, *, action: str
) -> tuple[Membership, Membership]:
    """The Scrum Master's own membership (403 for any other role, naming `action`) and the member they act on (404)."""
    membership = membership_for(user=request.user, slug=slug)
    require_role(membership, Role.SCRUM_MASTER, action=action)
    return membership, member_by_username(board=membership.board, username=username)


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, username: str) -> HttpResponse:
    membership, member = _scrum_master_and_member(request, slug, username, action=_("change roles"))
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, membership, status=400, member_error=f"role: {form.errors['role'][0]}")
    try:
        member = services.member_change_role(acting=membership, member=member, role=form.cleaned_data["role"])
    except DomainError as error:
        return _settings_page(request, membership, status=error.status_code, member_error=error.message)
    note = _("%(username)s is now %(role)s.") % {"username": username, "role": member.get_role_display()}
    if member.pk == membership.pk:
        return _elsewhere(request, note, reverse("boards:settings", args=[slug]))
    return _members_changed(request, membership, note)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, username: str) -> HttpResponse:
    membership, member = _scrum_master_and_member(request, slug, username, action=_("remove members"))
    try:
        services.member_remove(acting=membership, member=member)
    except DomainError as error:
        return _settings_page(request, membership, status=error.status_code, member_error=error.message)
    note = _("%(username)s left the board.") % {"username": username}
    if member.pk == membership.pk:
        return _elsewhere(request, note, reverse("boards:list"))
    return _members_changed(request, membership, note)
