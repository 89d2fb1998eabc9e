"""The Definitions of Ready and Done on the pages: editing the lists on the settings page, and ticking an item's
criteria on its page. Both forms post with htmx too and get their region back ("boards/settings.html#definitions",
"boards/item.html#checks"); a plain post goes back to the page (docs/pages.md, "One htmx idiom")."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from boards import services
from boards.models import BacklogItem, CriterionKind, Membership
from boards.selectors import definitions_of, item_checks, item_for_board, membership_for
from boards.views.common import answer, region
from scrum_app.errors import DomainError

DEFINITION_TITLES = dict(CriterionKind.choices)


def definitions_context(membership: Membership, *, error: DomainError | None = None) -> dict[str, Any]:
    """What the settings page's definitions region shows: both lists, and the forms to edit them for the Product
    Owner and the Scrum Master."""
    lists = definitions_of(board=membership.board)
    return {
        "board": membership.board,
        "definitions": [(kind, DEFINITION_TITLES[kind], lists[kind]) for kind in CriterionKind.values],
        "can_define": membership.role in services.DEFINITION_ROLES,
        "definitions_error": error,
    }


def checks_context(membership: Membership, item: BacklogItem, *, error: DomainError | None = None) -> dict[str, Any]:
    """What the item page's checklists region shows: each criterion ticked or not, and whether the item is ready."""
    checks = item_checks(board_id=membership.board_id, item_ids=[item.pk])[item.pk]
    return {
        "board": membership.board,
        "item": item,
        "checklists": [(kind, DEFINITION_TITLES[kind], checks[kind]) for kind in CriterionKind.values],
        "checks_error": error,
    }


def posted_number(value: str | None) -> int | None:
    """A posted id, or None for anything that is not a plain number of a sane length."""
    return int(value) if value and value.isdigit() and len(value) < 16 else None


@login_required
@require_POST
def definitions_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Add, rename, delete or move one criterion: the Product Owner's or the Scrum Master's."""
    membership = membership_for(user=request.user, slug=slug)
    error = None
    try:
        services.criterion_edit(
            acting=membership,
            kind=request.POST.get("kind", ""),
            action=request.POST.get("action", ""),
            criterion_id=posted_number(request.POST.get("criterion")),
            text=request.POST.get("text", ""),
        )
    except DomainError as refused:
        error = refused
    back = reverse("boards:settings", args=[slug])
    return answer(
        request,
        "boards/settings.html",
        "definitions",
        definitions_context(membership, error=error),
        back=back,
        error=error,
    )


def tick_posted(request: HttpRequest, membership: Membership, item: BacklogItem) -> DomainError | None:
    """Tick or untick the posted criterion (`criterion`, `met` 1 or 0) for the item; the refusal, if any."""
    try:
        services.check_set(
            acting=membership,
            item_id=item.pk,
            criterion_id=posted_number(request.POST.get("criterion")) or 0,  # none: no such criterion, a 404
            met=request.POST.get("met") == "1",
        )
    except DomainError as refused:
        return refused
    return None


@login_required
@require_http_methods(["GET", "POST"])
def item_check(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """The item's checklists: GET is the region the item page re-fetches when someone ticks (live); POST ticks or
    unticks one criterion, which every member may."""
    membership = membership_for(user=request.user, slug=slug)
    item = item_for_board(board=membership.board, item_id=item_id)
    back = reverse("boards:item", args=[slug, item.pk])
    if request.method == "GET":
        return region(request, "boards/item.html", "checks", checks_context(membership, item), page_url=back)
    error = tick_posted(request, membership, item)
    item = item_for_board(board=membership.board, item_id=item.pk)
    return answer(
        request, "boards/item.html", "checks", checks_context(membership, item, error=error), back=back, error=error
    )
