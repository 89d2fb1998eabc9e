"""The bell, the notifications page, the e-mail settings page and the one-click unsubscribe (docs/notifications.md).

The bell is its own small region (`hx-get` on load and on the "user:<id>" live topic), so no other page's queries
change. Every page here is the logged-in person's own; the unsubscribe link works without a login, by its signed
token alone (RFC 8058: a mail client posts to it with no cookie)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from notifications import selectors, services
from notifications.emails import unsubscribe_target
from notifications.models import EmailChoice, NotificationKind
from notifications.texts import headline, link
from scrum_app.errors import InvalidInput

PAGE_SIZE = 30


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _list_context(request: HttpRequest) -> dict:
    unread_only = request.GET.get("unread") == "1"
    found = selectors.notifications_of(user=request.user, unread=unread_only)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"notification": n, "headline": headline(n), "url": link(n, n.board.slug), "read": n.read_at is not None}
        for n in page.object_list
    ]
    return {"page": page, "rows": rows, "unread_only": unread_only, "unread": selectors.unread_count(user=request.user)}


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first, with links; unread ones marked."""
    template = "notifications/list.html#list" if _is_htmx(request) else "notifications/list.html"
    return render(request, template, _list_context(request))


@login_required
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    """The bell with the unread count (the header's region, re-fetched on the person's live topic)."""
    if not _is_htmx(request):
        return redirect("notifications:list")
    return render(request, "notifications/_bell.html", {"unread": selectors.unread_count(user=request.user)})


def _after_read(request: HttpRequest) -> HttpResponse:
    if _is_htmx(request):
        response = render(request, "notifications/list.html#list", _list_context(request))
        response["HX-Trigger"] = "notifications:read"
        return response
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    services.notification_read(
        notification=selectors.notification_of(user=request.user, notification_id=notification_id)
    )
    return _after_read(request)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_read_all(user=request.user)
    return _after_read(request)


def _settings_rows(choices: dict[str, str]) -> list[dict]:
    return [{"kind": kind, "label": NotificationKind(kind).label, "choice": choice} for kind, choice in choices.items()]


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request: HttpRequest) -> HttpResponse:
    """Per kind of notification: an e-mail at once, in the daily digest, or never."""
    error = None
    if request.method == "POST":
        posted = {kind: request.POST.get(kind) for kind in NotificationKind.values if kind in request.POST}
        try:
            services.email_choices_set(user=request.user, choices=posted)
        except InvalidInput as refused:
            error = refused
        else:
            messages.success(request, _("Saved: e-mail of notifications follows these settings from now on."))
            return redirect("notifications:settings")
    choices = services.email_choices_of(user=request.user)
    context = {"rows": _settings_rows(choices), "options": EmailChoice.choices, "error": error}
    return render(request, "notifications/settings.html", context, status=400 if error else 200)


@csrf_exempt  # the signed token is the credential: a mail client's one-click POST has no session and no CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, unsubscribe_token: str) -> HttpResponse:
    """GET: a page asking to confirm; POST: that kind of notification is no longer e-mailed to the token's user."""
    token = unsubscribe_token
    target = unsubscribe_target(token)
    if target is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    user_id, kind = target
    done = False
    if request.method == "POST":
        services.email_unsubscribe(user_id=user_id, kind=kind)
        done = True
    context = {"kind": NotificationKind(kind).label, "done": done, "token": token}
    return render(request, "notifications/unsubscribe.html", context)
