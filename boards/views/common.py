"""What every board page shares: full page or htmx partial, safe return addresses, error responses."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from boards.forms import ItemForm
from boards.models import BacklogItem, Board, Membership
from boards.selectors import item_for_board, membership_for
from scrum_app.errors import DomainError
from scrum_app.ids import MAX_ID


def form_int(raw: str | None) -> int | None:
    """A plain number typed in a form field, of at most 64 bits, or None ("²" passes str.isdigit() but not int(); a
    number past 64 bits overflows a query)."""
    raw = (raw or "").strip()
    number = int(raw) if raw.isascii() and raw.isdigit() else None
    return number if number is None or number <= MAX_ID else None


def form_ints(values: Iterable[str]) -> list[int]:
    """The plain numbers among `values` (a form's list of ids); anything else is no id at all."""
    return [number for value in values if (number := form_int(value)) is not None]


def is_htmx(request: HttpRequest) -> bool:
    # A history restore wants the whole page back, not a fragment.
    return bool(request.htmx) and not request.htmx.history_restore_request


def page(
    request: HttpRequest, template: str, partial: str | None, context: Mapping[str, Any], *, status: int = 200
) -> HttpResponse:
    """Render the whole page, or only `partial` of it when htmx asks (docs/pages.md, "One htmx idiom")."""
    name = f"{template}#{partial}" if partial and is_htmx(request) else template
    return _varies(render(request, name, context, status=status))


def region(
    request: HttpRequest, template: str, partial: str | None, context: Mapping[str, Any], *, page_url: str
) -> HttpResponse:
    """A region's own URL (its `hx-get`, re-fetched on live events): htmx gets the partial; a plain visit (a link
    opened in a new tab, no JavaScript) is sent to the page that shows the region, not left on a bare fragment.

    `partial` None: the template is the region itself (a panel several pages include).
    """
    if not is_htmx(request):
        return _varies(redirect(page_url))
    return page(request, template, partial, context)


def answer(
    request: HttpRequest,
    template: str,
    partial: str | None,
    context: Mapping[str, Any],
    *,
    back: str,
    error: DomainError | None = None,
) -> HttpResponse:
    """What a form post answers. htmx gets the region the form sits in, drawn with `context` (the error in it, at the
    error's status); a plain form goes `back`, or on a refusal to a small page saying why and linking back."""
    if is_htmx(request):
        return page(request, template, partial, context, status=error.status_code if error else 200)
    if error:
        return error_response(request, error, back=back)
    return _varies(redirect(back))


def _varies(response: HttpResponse) -> HttpResponse:
    # The same URL answers with a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


def return_to(request: HttpRequest, default: str) -> str:
    """The page a plain form should go back to (`next`, when it is ours), else `default`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # A path of ours only: redirect() takes "0" or "-1" for the name of a URL pattern, and fails reversing it.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def error_response(request: HttpRequest, error: DomainError, *, back: str) -> HttpResponse:
    """A refused action that has no form to show its error in.

    htmx gets the message swapped into the page's flash region; a plain request gets a small page linking back.
    """
    context = {"message": error.message, "back": back}
    if is_htmx(request):
        response = render(request, "error.html#message", context, status=error.status_code)
        response["HX-Retarget"] = "#flash"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "error.html", context, status=error.status_code)


def with_urls(items: Iterable[BacklogItem], *, board: Board) -> list[BacklogItem]:
    """Give each item its page address as `item.url` (its actions are `edit/`, `move/`, `status/`, `delete/` below).

    One reverse() per board instead of several per row: on a 500-item backlog, reversing every row's links was more
    than half of the page's rendering time.
    """
    prefix = reverse("boards:item", kwargs={"slug": board.slug, "item_id": 0}).removesuffix("0/")
    items = list(items)
    for item in items:
        item.url = f"{prefix}{item.pk}/"
    return items


def item_as_stored(board: Board, item_id: int) -> tuple[dict[str, Any], int]:
    """The item's editable fields and version as stored now: what a stale save is shown against."""
    item = item_for_board(board=board, item_id=item_id)
    return ItemForm.initial_for(item), item.version


def list_and_start(
    template: str,
    start: Callable[[HttpRequest, Membership], str],
    context: Callable[[Membership], dict[str, Any]],
) -> Callable[..., HttpResponse]:
    """A board's list of rooms (poker sessions, retros) whose form opens a new one.

    A GET shows the list; a POST runs `start`, which opens the room and returns its address, and goes there, or on a
    refusal shows the list again with the error, at the error's status.
    """

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        membership = membership_for(user=request.user, slug=slug)
        error = None
        if request.method == "POST":
            try:
                return redirect(start(request, membership))
            except DomainError as exc:
                error = exc
        shown = {"board": membership.board, "membership": membership, **context(membership), "error": error}
        return render(request, template, shown, status=error.status_code if error else 200)

    return view
