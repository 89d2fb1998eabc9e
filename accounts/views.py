"""Log in, log out and sign up. Login is behind the login limits (accounts.throttle), and so are the sign-ups that
hit a taken username: that answer is the one thing sign-up must tell, so it is told in general words and counted as a
failed login would be."""

from django.contrib.auth import login, logout
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import LoginForm, answer_refusal
from accounts.theme import COOKIE, THEMES
from accounts.throttle import LoginRefused, attempt_counted, refuse_when_over

UNAVAILABLE = "This username is not available. Choose another one."


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
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


@require_http_methods(["GET", "POST"])
def signup_view(request: HttpRequest) -> HttpResponse:
    form = UserCreationForm(request.POST or None)
    if request.method != "POST":
        return render(request, "accounts/signup.html", {"form": form})
    username = request.POST.get("username", "")
    try:
        refuse_when_over(request, username=username)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("boards:list")
        if form.has_error("username", code="unique"):
            # A taken name cannot be accepted; say so without "exists", and count it as a failed login would be.
            form.errors["username"] = form.error_class([UNAVAILABLE])
            attempt_counted(request, username=username)
    except LoginRefused as refused:
        form.errors.clear()
        form.add_error(None, refused.message)
        response = render(request, "accounts/signup.html", {"form": form}, status=429)
        response["Retry-After"] = str(refused.retry_after)
        return response
    return render(request, "accounts/signup.html", {"form": form}, status=400)


@require_POST
def theme_view(request: HttpRequest) -> HttpResponse:
    """Keep the theme picked (light, dark, or "" for the system's) in a cookie, then go back to the page."""
    response = redirect(_next_url(request) or "boards:list")
    picked = request.POST.get("theme", "")
    if picked in THEMES:
        response.set_cookie(COOKIE, picked, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure())
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response
