"""Log in, log out and sign up. Login is behind the login limits (accounts.throttle), and so are the sign-ups that
hit a taken username: that answer is the one thing sign-up must tell, so it is told in general words and counted as a
failed login would be."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import LoginForm, PreferencesForm, answer_refusal
from accounts.preferences import preferences_of
from accounts.services import save_preferences
from accounts.theme import COOKIE, THEMES
from accounts.throttle import LoginRefused, attempt_counted, refuse_when_over

UNAVAILABLE = gettext_lazy("This username is not available. Choose another one.")


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # A path of ours only: redirect() takes "0" for the name of a URL pattern, and fails reversing it (a 500).
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return redirect(_next_url(request) or "boards:list")
    status = 400 if request.method == "POST" else 200
    response = render(request, "accounts/login.html", {"form": form, "next": _next_url(request)}, status=status)
    return answer_refusal(response, form)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@dataclass
class SignUp:
    """What sign_up() did: the new user (logged in), or the status to answer the form with."""

    user: AbstractBaseUser | None = None
    status: int = 400
    retry_after: int | None = None

    def answer(self, response: HttpResponse) -> HttpResponse:
        response.status_code = self.status
        if self.retry_after is not None:
            response["Retry-After"] = str(self.retry_after)
        return response


def sign_up(request: HttpRequest, form: UserCreationForm, create: Callable[[], AbstractBaseUser]) -> SignUp:
    """Validate a posted sign-up form, behind the login limits, and on success `create()` the user and log them in.

    A taken username is told in general words and counted as a failed login would be; past a limit, the form says so
    and the answer is 429."""
    username = request.POST.get("username", "")
    try:
        refuse_when_over(request, username=username)
        if form.is_valid():
            user = create()
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            return SignUp(user=user, status=302)
        if form.has_error("username", code="unique"):
            # A taken name cannot be accepted; say so without "exists", and count it as a failed login would be.
            form.errors["username"] = form.error_class([UNAVAILABLE])
            attempt_counted(request, username=username)
    except LoginRefused as refused:
        form.errors.clear()
        form.add_error(None, refused.message)
        return SignUp(status=429, retry_after=refused.retry_after)
    return SignUp()


@require_http_methods(["GET", "POST"])
def signup_view(request: HttpRequest) -> HttpResponse:
    form = UserCreationForm(request.POST or None)
    if request.method != "POST":
        return render(request, "accounts/signup.html", {"form": form})
    signed = sign_up(request, form, form.save)
    if signed.user is not None:
        return redirect("boards:list")
    return signed.answer(render(request, "accounts/signup.html", {"form": form}))


@require_POST
def theme_view(request: HttpRequest) -> HttpResponse:
    """Keep the theme picked (light, dark, or "" for the system's) in a cookie, then go back to the page."""
    response = redirect(_next_url(request) or "boards:list")
    picked = request.POST.get("theme", "")
    _keep_choice(response, request, COOKIE, picked if picked in THEMES else "")
    return response


def _keep_choice(response: HttpResponse, request: HttpRequest, cookie: str, value: str) -> None:
    """A choice kept in a cookie for a year (the theme; the language of a visitor, or picked before logging in);
    "" forgets it, and the system's or browser's choice applies again."""
    if value:
        response.set_cookie(
            cookie,
            value,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(cookie, samesite=settings.LANGUAGE_COOKIE_SAMESITE)


@require_POST
def language_view(request: HttpRequest) -> HttpResponse:
    """The switcher on every page: this language from now on (in the profile too, when logged in), then go back."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponse(_("Unknown language: choose English or Russian."), status=400, content_type="text/plain")
    if request.user.is_authenticated:
        save_preferences(request.user, language=language)
    translation.activate(language)
    response = redirect(_next_url(request) or "boards:list")
    _keep_choice(response, request, settings.LANGUAGE_COOKIE_NAME, language)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def preferences_view(request: HttpRequest) -> HttpResponse:
    """The person's own language and time zone."""
    chosen = preferences_of(request.user)
    form = PreferencesForm(request.POST or None, initial={"language": chosen.language, "time_zone": chosen.time_zone})
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_preferences(request.user, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            if saved.language:
                translation.activate(saved.language)  # the confirmation already in the language chosen
            messages.success(request, _("Saved: your pages follow these settings from now on."))
            response = redirect("preferences")
            _keep_choice(response, request, settings.LANGUAGE_COOKIE_NAME, saved.language)
            return response
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/preferences.html", {"form": form}, status=status)
