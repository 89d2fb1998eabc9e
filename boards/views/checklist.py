"""An item's checklist on its page: add an entry, tick it, rename it, move it up or down, remove it. Every member
may. Each form posts with htmx too and gets the region back ("boards/item.html#checklist"); a plain post goes back
to the item's page (docs/pages.md, "One htmx idiom"). The region re-fetches itself on the board's live events, so
another member's tick shows without a reload."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from boards import services
from boards.models import BacklogItem, ChecklistEntry, Membership
from boards.selectors import item_checklists, item_for_board, membership_for
from boards.views.common import answer, region
from scrum_app.errors import DomainError, InvalidInput

TEMPLATE = "boards/item.html"


def checklist_context(
    membership: Membership, item: BacklogItem, *, error: DomainError | None = None, typed: str = ""
) -> dict[str, Any]:
    """What the item page's checklist region shows: the entries in order, how many are done, the add form (with
    `typed`, the text a refused add had, kept)."""
    entries = item_checklists(item_ids=[item.pk])[item.pk]
    return {
        "board": membership.board,
        "item": item,
        "checklist": entries,
        "checklist_done": sum(entry["done"] for entry in entries),
        "checklist_url": reverse("boards:item_checklist", args=[membership.board.slug, item.pk]),
        "checklist_error": error,
        "checklist_typed": typed,
        "checklist_limit": ChecklistEntry.TEXT_LIMIT,
    }


@login_required
@require_http_methods(["GET", "POST"])
def item_checklist(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """GET: the region (re-fetched live). POST `text`: add an entry at the end."""
    membership = membership_for(user=request.user, slug=slug)
    item = item_for_board(board=membership.board, item_id=item_id)
    back = reverse("boards:item", args=[slug, item.pk])
    if request.method == "GET":
        return region(request, TEMPLATE, "checklist", checklist_context(membership, item), page_url=back)
    text = request.POST.get("text", "")
    error = None
    try:
        services.checklist_entry_add(acting=membership, item_id=item.pk, text=text)
    except DomainError as refused:
        error = refused
    context = checklist_context(membership, item, error=error, typed=text if error else "")
    return answer(request, TEMPLATE, "checklist", context, back=back, error=error)


# What each button of an entry asks the service for; "up" and "down" are resolved against the entry's index.
ACTIONS = ("tick", "untick", "rename", "up", "down", "delete")


def _apply(membership: Membership, item: BacklogItem, entry_id: int, action: str, text: str) -> None:
    if action not in ACTIONS:
        raise InvalidInput(_("Unknown change %(action)r.") % {"action": action}, field="action")
    if action == "delete":
        services.checklist_entry_delete(acting=membership, item_id=item.pk, entry_id=entry_id)
        return
    fields: dict[str, Any] = {}
    if action in ("tick", "untick"):
        fields["done"] = action == "tick"
    elif action == "rename":
        fields["text"] = text
    else:
        order = [entry["id"] for entry in item_checklists(item_ids=[item.pk])[item.pk]]
        index = order.index(entry_id) if entry_id in order else 0
        # At either end the entry stays where it is: a move past the end is no move.
        fields["position"] = max(0, min(len(order) - 1, index + (-1 if action == "up" else 1)))
    services.checklist_entry_update(acting=membership, item_id=item.pk, entry_id=entry_id, **fields)


@login_required
@require_POST
def item_checklist_entry(request: HttpRequest, slug: str, item_id: int, entry_id: int) -> HttpResponse:
    """One change to one entry, named by the button pressed (`action`: tick, untick, rename with `text`, up, down,
    delete)."""
    membership = membership_for(user=request.user, slug=slug)
    item = item_for_board(board=membership.board, item_id=item_id)
    error = None
    try:
        _apply(membership, item, entry_id, request.POST.get("action", ""), request.POST.get("text", ""))
    except DomainError as refused:
        error = refused
    back = reverse("boards:item", args=[slug, item.pk])
    return answer(
        request, TEMPLATE, "checklist", checklist_context(membership, item, error=error), back=back, error=error
    )
