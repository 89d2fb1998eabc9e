"""The login forms of the site and of the admin: Django's, with the password checked behind the login limits."""

from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse

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
