"""One backlog item: every field, its edit form; and deleting it. Its activity (history and comments) is the
discussion app's region on the page.

The edit form posts with htmx too and gets the item back as saved, "boards/item.html#detail" (docs/pages.md, "One
htmx idiom"); a plain post is redirected to the page.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from boards import services
from boards.forms import ItemEditForm, ItemForm, SplitForm
from boards.models import BacklogItem, Board, Kind, Membership
from boards.selectors import item_for_board, members_of, membership_for, require_role
from boards.selectors_labels import epic_choices, epic_items, epic_progress, labels_of, labels_on
from boards.services.split import may_split
from boards.views.checklist import checklist_context
from boards.views.common import is_htmx, item_as_stored, page, with_urls
from boards.views.definitions import checks_context
from notifications.selectors import is_watching
from scrum_app.errors import DomainError


def item_form(board: Board, members: list[Membership], *args: Any, **kwargs: Any) -> ItemEditForm:
    """The item page's edit form, offering the board's members, labels and epics."""
    return ItemEditForm(
        *args, members=members, labels=list(labels_of(board=board)), epics=epic_choices(board=board), **kwargs
    )


def _epic_context(item: BacklogItem) -> dict[str, Any]:
    """An epic's progress and items (in backlog order) for its page; an item's own epic, with its title."""
    if item.kind == Kind.EPIC:
        items = with_urls(epic_items(epic=item), board=item.board)
        return {"epic_progress": epic_progress([item.pk])[item.pk], "epic_items": items}
    return {"epic": item.epic}


def _detail_page(
    request: HttpRequest,
    membership: Membership,
    item: BacklogItem,
    form: ItemForm,
    *,
    status: int = 200,
    note: str = "",
    split_form: SplitForm | None = None,
    split_error: DomainError | None = None,
) -> HttpResponse:
    """The item's page, or for htmx its detail region (facts, history and the form; `note` saying it was saved)."""
    context = {
        "board": membership.board,
        "membership": membership,
        "item": item,
        "form": form,
        "can_delete": membership.role in services.BACKLOG_ORDER_ROLES,
        "note": note,
        # Splitting: the parts of a split item, and the form for an item that may still be split.
        "parts": list(item.parts.order_by("rank").only("title")) if item.is_split else [],
        "can_split": membership.role in services.BACKLOG_ORDER_ROLES and may_split(item),
        "split_form": split_form or SplitForm(auto_id="split_%s"),
        "split_error": split_error,
        **checks_context(membership, item),
        **_epic_context(item),
        "item_labels": labels_on([item.pk])[item.pk],
        "watching": is_watching(user=request.user, item_id=item.pk),
        **checklist_context(membership, item),
    }
    return page(request, "boards/item.html", "detail", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def item_detail(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    item = item_for_board(board=membership.board, item_id=item_id)
    members = list(members_of(board=membership.board))
    if request.method == "GET":
        return _detail_page(request, membership, item, item_form(membership.board, members, item=item))
    # Only the fields this person changed are saved, and only onto the version they saw.
    form = item_form(membership.board, members, request.POST)
    if not form.is_valid():
        return _detail_page(request, membership, item, form, status=400)
    status = form.save_edits(
        lambda **fields: services.item_update(actor=request.user, item=item, **fields),
        current=lambda: item_as_stored(membership.board, item.pk),
    )
    if status == 200 and not is_htmx(request):
        messages.success(request, _("Item saved."))
        return redirect("boards:item", slug=slug, item_id=item.pk)
    # The item as stored now: what a refused save is shown against, or what htmx gets back saved.
    item = item_for_board(board=membership.board, item_id=item.pk)
    if status != 200:
        return _detail_page(request, membership, item, form, status=status)
    form = item_form(membership.board, members, item=item)
    return _detail_page(request, membership, item, form, note=_("Item saved."))


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """GET asks for confirmation, POST deletes: the Product Owner's or the Scrum Master's call."""
    membership = membership_for(user=request.user, slug=slug)
    require_role(membership, *services.BACKLOG_ORDER_ROLES, action=_("delete items"))
    item = item_for_board(board=membership.board, item_id=item_id)
    if request.method == "GET":
        return render(request, "boards/item_delete.html", {"board": membership.board, "item": item})
    services.item_delete(acting=membership, item=item)
    messages.success(request, _("Deleted #%(id)s %(title)s.") % {"id": item_id, "title": item.title})
    return redirect("boards:backlog", slug=slug)
