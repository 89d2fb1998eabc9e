"""The login forms of the site and of the admin (Django's, with the password checked behind the login limits), and
the form of a person's own language and time zone."""

from typing import Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.forms import CharField, ChoiceField, EmailField, Form
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from accounts.preferences import zone_names
from accounts.throttle import LoginRefused, authenticate_counted


class LoginForm(AuthenticationForm):
    """AuthenticationForm.clean() with authenticate_counted() in place of authenticate(): past a limit, the form's
    error says so and `refused` tells the view to answer 429."""

    refused: LoginRefused | None = None

    def clean(self) -> dict[str, Any]:
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = authenticate_counted(self.request, username=username, password=password)
            except LoginRefused as refused:
                self.refused = refused
                raise ValidationError(refused.message, code="throttled") from None
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The admin's: a right password of someone who is not staff is refused as a wrong one, and is not counted."""


def answer_refusal(response: HttpResponse, form: Form | None) -> HttpResponse:
    """A login page whose form was refused by the limits answers 429 with Retry-After, whatever its view said."""
    refused = getattr(form, "refused", None)
    if refused is not None:
        response.status_code = 429
        response["Retry-After"] = str(refused.retry_after)
    return response


def _zone_choices() -> list[tuple[str, str]]:
    return [("", _("My browser's time zone")), *((name, name) for name in sorted(zone_names()))]


class PreferencesForm(Form):
    """Language and time zone of the person's own pages; blank follows their browser."""

    language = ChoiceField(
        label=_("Language"),
        required=False,
        choices=lambda: [("", _("My browser's language")), *settings.LANGUAGES],
    )
    time_zone = ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=_zone_choices,
        help_text=_("Times on pages are shown in this zone and labelled with it."),
    )


class InvitedSignUpForm(UserCreationForm):
    """Sign-up from an invitation's link: the address is the invitation's, shown and not editable."""

    email = EmailField(label=_("E-mail address"), disabled=True, required=False)

    field_order = ["email", "username", "password1", "password2"]


class DisplayNameForm(Form):
    display_name = CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("Your name as your team knows it, shown at the top of every page instead of your username."),
    )


class EmailChangeForm(Form):
    email = EmailField(
        label=_("New e-mail address"), help_text=_("We send it a link: your address changes when you follow it.")
    )


class ApiTokenForm(Form):
    name = CharField(label=_("Token name"), max_length=100, help_text=_("E.g. the script or machine that uses it."))
