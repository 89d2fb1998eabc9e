"""A person's profile page: display name, e-mail address (changed by a link sent to the new one), language and time
zone, password, notification settings and named API tokens. Writes go through accounts.services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import ApiTokenForm, DisplayNameForm, EmailChangeForm
from accounts.models import Profile
from accounts.preferences import preferences_of
from accounts.selectors import api_tokens_of
from accounts.services import (
    api_token_create,
    api_token_revoke,
    email_change_confirm,
    email_change_request,
    save_display_name,
)
from scrum_app.errors import DomainError
from scrum_app.forms import add_domain_error


def _notification_settings_url() -> str:
    # The notifications app may not be installed (yet): the link shows only when its page exists.
    try:
        return reverse("notifications:settings")
    except NoReverseMatch:
        return ""


def _display_name(user: Any) -> str:
    try:
        return user.profile.display_name
    except Profile.DoesNotExist:
        return ""


def _page(request: HttpRequest, *, status: int = 200, **extra: Any) -> HttpResponse:
    user = request.user
    context = {
        "name_form": extra.pop("name_form", None) or DisplayNameForm(initial={"display_name": _display_name(user)}),
        "email_form": extra.pop("email_form", None) or EmailChangeForm(),
        "token_form": extra.pop("token_form", None) or ApiTokenForm(),
        "tokens": list(api_tokens_of(user=user)),
        "preferences": preferences_of(user),
        "notification_settings_url": _notification_settings_url(),
        **extra,
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile_view(request: HttpRequest) -> HttpResponse:
    """The page; a POST saves the display name."""
    if request.method == "GET":
        return _page(request)
    form = DisplayNameForm(request.POST)
    if form.is_valid():
        try:
            save_display_name(request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Display name saved."))
            return redirect("profile")
    return _page(request, status=400, name_form=form)


@login_required
@require_POST
def email_change_view(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST)
    if form.is_valid():
        try:
            email_change_request(
                user=request.user, email=form.cleaned_data["email"], site=request.build_absolute_uri("/")
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("We sent a link to %(email)s. Your address changes when you follow it, logged in.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("profile")
    return _page(request, status=400, email_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def email_confirm_view(request: HttpRequest, signed: str) -> HttpResponse:
    """The link sent to a new address: a page asking to confirm (a GET changes nothing); its POST changes it."""
    if request.method == "POST":
        try:
            email = email_change_confirm(user=request.user, signed=signed)
        except DomainError as error:
            return render(request, "accounts/email_confirm.html", {"error": error.message}, status=410)
        messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": email})
        return redirect("profile")
    return render(request, "accounts/email_confirm.html", {})


@login_required
@require_POST
def api_token_create_view(request: HttpRequest) -> HttpResponse:
    """A new token: the page shows its secret this once (answered, not redirected, so it is never in a URL)."""
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            response = _page(request, new_token=token, new_secret=secret)
            response["Cache-Control"] = "no-store"
            return response
    return _page(request, status=400, token_form=form)


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = api_token_revoke(user=request.user, token_id=token_id)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("profile")
