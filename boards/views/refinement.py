"""Backlog refinement: the top of the backlog that is not ready yet, each item's acceptance criteria and points
edited in place, its INVEST hints, and splitting an item, from the refinement page or from the item's own page.

The refinement page answers in the one htmx idiom (docs/pages.md): an item's in-place form gets its card back, as
saved or with its errors; a split gets the whole list back (the parts took the item's place); plain forms redirect.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import FETCH_RAISE
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from boards import services
from boards.forms import ItemEditForm, SplitForm
from boards.models import BacklogItem, Membership
from boards.selectors import item_checks, item_for_board, membership_for, refinement_items
from boards.views.common import answer, is_htmx, item_as_stored, page, with_urls
from boards.views.definitions import tick_posted
from boards.views.split import split_posted

# The items refinement shows at once: a team refines the top of its backlog; the rest waits, counted.
REFINEMENT_SHOWN = 20
# What refinement edits in place; the item's page edits the rest.
REFINEMENT_FIELDS = ("points", "acceptance_criteria")
ROW_FIELDS = ("title", "kind", "points", "acceptance_criteria", "rank", "version")


def _edit_form(item: BacklogItem, data: object = None) -> ItemEditForm:
    # The initial values from the row itself, not ItemForm.initial_for: that reads the assignee, a query per item.
    initial = {name: getattr(item, name) for name in REFINEMENT_FIELDS} | {"version": item.version}
    return ItemEditForm(data, members=[], fields=REFINEMENT_FIELDS, initial=initial, auto_id=f"refine{item.pk}_%s")


def _prepared(item: BacklogItem, *, edit_form: ItemEditForm | None = None, split_form: SplitForm | None = None) -> None:
    item.edit_form = edit_form or _edit_form(item)
    item.split_form = split_form or SplitForm(auto_id=f"split{item.pk}_%s")
    item.hints = item.invest_hints  # the same hints as the item's page


def _context(membership: Membership, **extra: object) -> dict[str, object]:
    """The page: the first REFINEMENT_SHOWN items not ready, in backlog order, and how many more (two queries,
    whatever the backlog)."""
    board = membership.board
    rows = refinement_items(board=board)
    items = with_urls(rows.only(*ROW_FIELDS).fetch_mode(FETCH_RAISE)[:REFINEMENT_SHOWN], board=board)
    rest = rows.count() - len(items)
    forms = extra.pop("forms", {})
    checks = item_checks(board_id=board.pk, item_ids=[item.pk for item in items])  # one query for every card
    for item in items:
        _prepared(item, **forms.get(item.pk, {}))
        item.ready_checks = checks[item.pk]["ready"]
    can_split = membership.role in services.BACKLOG_ORDER_ROLES
    return {"board": board, "membership": membership, "items": items, "rest": rest, "can_split": can_split, **extra}


@login_required
@require_GET
def refinement_page(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    return page(request, "boards/refinement.html", "list", _context(membership))


@login_required
@require_POST
def refinement_item(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Save an item's acceptance criteria and points from its card, onto the version the card showed. Any member."""
    membership = membership_for(user=request.user, slug=slug)
    item = item_for_board(board=membership.board, item_id=item_id)
    form = _edit_form(item, request.POST)
    status = 400
    if form.is_valid():
        status = form.save_edits(
            lambda **fields: services.item_update(actor=request.user, item=item, **fields),
            current=lambda: item_as_stored(membership.board, item.pk),
        )
    back = reverse("boards:refinement", args=[slug])
    if status == 200 and not is_htmx(request):
        messages.success(request, _("Item saved."))
        return redirect(back)
    if not is_htmx(request):  # a plain form's errors: the whole page, what was typed kept
        context = _context(membership, forms={item.pk: {"edit_form": form}})
        return page(request, "boards/refinement.html", "list", context, status=status)
    item = _card(membership, item.pk, edit_form=form if status != 200 else None)
    item.note = _("Item saved.") if status == 200 else ""
    context = {"board": membership.board, "item": item, "can_split": membership.role in services.BACKLOG_ORDER_ROLES}
    return page(request, "boards/refinement.html", "card", context, status=status)


def _card(membership: Membership, item_id: int, **forms: Any) -> BacklogItem:
    """One card as it now stands, for htmx to put in place of the one that posted."""
    [item] = with_urls([item_for_board(board=membership.board, item_id=item_id)], board=membership.board)
    _prepared(item, **forms)
    item.ready_checks = item_checks(board_id=membership.board_id, item_ids=[item.pk])[item.pk]["ready"]
    return item


@login_required
@require_POST
def refinement_check(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Tick or untick one criterion of the Definition of Ready from the item's card: every member may. The card
    comes back as it now stands (ready once every criterion is ticked); a plain post goes back to the page."""
    membership = membership_for(user=request.user, slug=slug)
    item = item_for_board(board=membership.board, item_id=item_id)
    error = tick_posted(request, membership, item)
    context = {
        "board": membership.board,
        "item": _card(membership, item.pk),
        "can_split": membership.role in services.BACKLOG_ORDER_ROLES,
        "card_error": error,
    }
    back = reverse("boards:refinement", args=[slug])
    return answer(request, "boards/refinement.html", "card", context, back=back, error=error)


@login_required
@require_POST
def refinement_split(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Split an item from its card; the list comes back with the parts in its place."""
    membership, item, form, error, note = split_posted(request, slug, item_id)
    back = reverse("boards:refinement", args=[slug])
    if note or error:
        if note and not is_htmx(request):
            messages.success(request, note)
        context = _context(membership, note=note, error=error) if is_htmx(request) else {}
        return answer(request, "boards/refinement.html", "list", context, back=back, error=error)
    context = _context(membership, forms={item.pk: {"split_form": form}})
    return page(request, "boards/refinement.html", "list", context, status=400)
