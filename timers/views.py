"""Timer pages: the block alone (htmx re-fetches it when a "timer.*" event comes) and the Scrum Master's plain forms.

An htmx request gets the block back (with the error, if any); a plain form post goes back to the page it came from
(`next`), so the controls work without JavaScript.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from boards.models import Membership
from boards.selectors import membership_for
from boards.views.common import answer, form_int, is_htmx, return_to
from scrum_app.errors import DomainError
from timers import selectors, services
from timers.blocks import block_context
from timers.models import Ceremony

TEMPLATE = "timers/_timer.html"


def _ceremony(raw: str) -> str:
    if raw not in Ceremony.values:
        raise Http404(_("No such ceremony."))
    return raw


def _back(request: HttpRequest, slug: str, ceremony: str) -> str:
    return return_to(request, reverse("timers:block", args=[slug, ceremony]))


@login_required
@require_GET
def timer_block(request: HttpRequest, slug: str, ceremony: str) -> HttpResponse:
    """The ceremony's block: alone for htmx, on a small page of its own otherwise (the page showing it is any of
    several, or none yet for the review and refinement, so a plain visit is not sent elsewhere)."""
    membership = membership_for(user=request.user, slug=slug)
    ceremony = _ceremony(ceremony)
    context = block_context(membership, ceremony, back=_back(request, slug, ceremony))
    response = render(request, f"{TEMPLATE}#timer" if is_htmx(request) else "timers/timer_page.html", context)
    patch_vary_headers(response, ("HX-Request",))  # one URL, a page or a fragment: caches keep them apart
    return response


def _after(request: HttpRequest, membership: Membership, ceremony: str, error: DomainError | None) -> HttpResponse:
    back = _back(request, membership.board.slug, ceremony)
    context = block_context(membership, ceremony, back=back, error=error)
    return answer(request, TEMPLATE, "timer", context, back=back, error=error)


def _minutes(request: HttpRequest) -> int | None:
    """The minutes typed; an empty field is the default, anything else not a number is refused by the service."""
    raw = request.POST.get("minutes", "").strip()
    if not raw:
        return None
    number = form_int(raw)
    return number if number is not None else -1


@login_required
@require_POST
def timer_start(request: HttpRequest, slug: str, ceremony: str) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    ceremony = _ceremony(ceremony)
    error = None
    try:
        services.timer_start(acting=membership, ceremony=ceremony, minutes=_minutes(request))
    except DomainError as exc:
        error = exc
    return _after(request, membership, ceremony, error)


def _change(request: HttpRequest, slug: str, timer_id: int, *, extend: bool) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    timer = selectors.timer_for(board=membership.board, timer_id=timer_id)
    error = None
    try:
        if extend:
            services.timer_extend(acting=membership, timer=timer, minutes=_minutes(request) or 5)
        else:
            services.timer_stop(acting=membership, timer=timer)
    except DomainError as exc:
        error = exc
    return _after(request, membership, timer.ceremony, error)


@login_required
@require_POST
def timer_extend(request: HttpRequest, slug: str, timer_id: int) -> HttpResponse:
    return _change(request, slug, timer_id, extend=True)


@login_required
@require_POST
def timer_stop(request: HttpRequest, slug: str, timer_id: int) -> HttpResponse:
    return _change(request, slug, timer_id, extend=False)
