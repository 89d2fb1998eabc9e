"""Log in, log out and sign up. Login is throttled per username and per address (accounts.throttle)."""

from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts.throttle import client_address, login_blocked, login_failed

TOO_MANY = "Too many failed attempts for this account. Wait a few minutes and try again."


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
    form = AuthenticationForm(request, data=request.POST or None)
    status = 200
    if request.method == "POST":
        username, address = request.POST.get("username", ""), client_address(request)
        if login_blocked(username=username, address=address):
            form.errors.clear()
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.is_valid():
            login(request, form.get_user())
            return redirect(_next_url(request) or "boards:list")
        else:
            login_failed(username=username, address=address)
            status = 400
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@require_http_methods(["GET", "POST"])
def signup_view(request: HttpRequest) -> HttpResponse:
    form = UserCreationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("boards:list")
        return render(request, "accounts/signup.html", {"form": form}, status=400)
    return render(request, "accounts/signup.html", {"form": form})
