"""Review pages: the board's reviews (where the Scrum Master opens one), the review of a sprint, the export. Thin:
selectors read, services write.

One htmx idiom (docs/pages.md): the review page has three regions, partials of "reviews/review.html" with URLs of
their own that htmx re-fetches on the board's live events: `main` (the goal, the points, the items with the PO's
verdicts, the burndown) on `review.decided`, item changes and `review.closed`; `notes` (the feedback) on
`review.feedback` and `review.closed`; `note-form` on `review.closed`. Forms post into the region they sit in; a plain
form goes back to the page, so everything works without JavaScript.
"""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from boards.models import Membership, Role
from boards.selectors import membership_for
from boards.services import BACKLOG_ORDER_ROLES
from boards.views.common import answer, form_int, is_htmx, list_and_start, page, region
from reviews import selectors, services
from reviews.api.views import markdown_response
from reviews.models import Review
from scrum_app.errors import Conflict, DomainError
from sprints import charts
from sprints.selectors import sprint_burndown, sprint_for

TEMPLATE = "reviews/review.html"
# Client events: a region that changed another one says so, and that one re-fetches itself.
DECIDED, NOTED = "review-decided", "review-noted"


def _page_url(slug: str, review: Review) -> str:
    return reverse("reviews:review", args=[slug, review.sprint.number])


def _context(membership: Membership, review: Review, **extra: object) -> dict[str, object]:
    burndown = sprint_burndown(sprint=review.sprint)
    return {
        "board": membership.board,
        "membership": membership,
        "review": review,
        "sprint": review.sprint,
        "shown": selectors.summary(review=review),
        "burndown": burndown,
        "chart": charts.burndown_chart(burndown),
        "decides": membership.role == Role.PRODUCT_OWNER,
        "closes": membership.role in (Role.PRODUCT_OWNER, Role.SCRUM_MASTER),
        "orders": membership.role in BACKLOG_ORDER_ROLES,
        **extra,
    }


def _review_open(request: HttpRequest, membership: Membership) -> str:
    sprint = sprint_for(board=membership.board, number=form_int(request.POST.get("sprint")) or 0)
    review = services.review_open(acting=membership, sprint=sprint)
    return _page_url(membership.board.slug, review)


def _list_context(membership: Membership) -> dict[str, object]:
    return {
        "reviews": selectors.reviews_of(board=membership.board),
        "sprints": selectors.reviewable(board=membership.board),
        "facilitates": membership.role == Role.SCRUM_MASTER,
    }


review_list = list_and_start("reviews/review_list.html", _review_open, _list_context)


def _reading(request: HttpRequest, slug: str, number: int) -> tuple[Membership, Review]:
    membership = membership_for(user=request.user, slug=slug)
    return membership, selectors.review_for(board=membership.board, number=number)


@login_required
@require_GET
def review(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    membership, found = _reading(request, slug, number)
    return render(request, TEMPLATE, _context(membership, found))


def _region(partial: str) -> Callable[..., HttpResponse]:
    @login_required
    @require_GET
    def view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
        membership, found = _reading(request, slug, number)
        # Always a blank note form: what is being typed is kept by the page (js/live.js, data-live-keep), and a
        # re-fetch sent with a note about to be added must not draw it back once it is added.
        context = _context(membership, found)
        return region(request, TEMPLATE, partial, context, page_url=_page_url(slug, found))

    return view


main = _region("main")
notes = _region("notes")
note_form = _region("note-form")


def _action(partial: str, act: Callable[..., object], *, tells: str | None = None) -> Callable[..., HttpResponse]:
    """A form post: `act(request, membership, review, **ids)` through its service, answered with the region the form
    sits in (the refusal in it, at its status), telling the page's other regions with `tells`."""

    @login_required
    @require_POST
    def view(request: HttpRequest, slug: str, number: int, **ids: int) -> HttpResponse:
        membership, found = _reading(request, slug, number)
        error = None
        try:
            act(request, membership, found, **ids)
        except DomainError as exc:
            error = exc
        found = selectors.review_for(board=membership.board, number=number)
        draft = request.POST if error else {}
        context = _context(membership, found, error=error, error_at=partial, draft=draft)
        if error and partial == "note-form":  # what was typed is kept: the whole page for a plain post
            return page(request, TEMPLATE, partial, context, status=error.status_code)
        response = answer(request, TEMPLATE, partial, context, back=_page_url(slug, found), error=error)
        return trigger_client_event(response, tells) if tells and not error and is_htmx(request) else response

    return view


decide = _action(
    "main",
    lambda r, m, review, item_id: services.item_decide(
        acting=m, review=review, item_id=item_id, verdict=r.POST.get("verdict", ""), note=r.POST.get("note", "")
    ),
)
goal = _action(
    "main",
    lambda r, m, review: services.goal_met_set(
        acting=m, review=review, goal_met={"yes": True, "no": False}.get(r.POST.get("goal_met", ""))
    ),
)
close = _action("main", lambda r, m, review: services.review_close(acting=m, review=review), tells=NOTED)
feedback_add = _action(
    "note-form",
    lambda r, m, review: services.feedback_add(
        acting=m,
        review=review,
        text=r.POST.get("text", ""),
        to_backlog=r.POST.get("to_backlog") in ("top", "bottom"),
        position=r.POST.get("to_backlog") or "bottom",
    ),
    tells=NOTED,
)
feedback_to_backlog = _action(
    "notes",
    lambda r, m, review, feedback_id: services.feedback_to_backlog(
        acting=m, review=review, feedback_id=feedback_id, position=r.POST.get("position", "bottom")
    ),
)


@login_required
@require_GET
def export(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    membership, found = _reading(request, slug, number)
    if not found.closed:
        error = Conflict(_("Only a closed review is exported; close it first."))
        return render(request, TEMPLATE, _context(membership, found, error=error, error_at="main"), status=409)
    return markdown_response(found)
