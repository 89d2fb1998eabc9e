"""The product backlog: items in priority order, filters, inline add and edit, reordering."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import FETCH_RAISE
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from boards import services
from boards.filters import Viewer
from boards.forms import (
    INLINE_FIELDS,
    QUICK_ADD_FIELDS,
    ItemEditForm,
    ItemFilterForm,
    ItemForm,
    MoveForm,
    SavedFilterForm,
)
from boards.models import BacklogItem, Membership
from boards.search import highlights, index_planned, with_highlights
from boards.selectors import (
    backlog,
    item_for_board,
    members_of,
    membership_for,
    require_role,
    saved_filters_of,
)
from boards.selectors_labels import epic_choices, labels_of
from boards.views.common import error_response, is_htmx, item_as_stored, page, return_to, with_urls
from boards.views.rows import backlog_rows, shown
from scrum_app.errors import DomainError, InvalidInput
from scrum_app.forms import add_domain_error

BACKLOG_CHANGED = "backlog-changed"


def filter_form_for(request: HttpRequest, membership: Membership, members: list[Membership]) -> ItemFilterForm:
    """The backlog's filter form, read from the page's address; an invalid field is reported and the rest apply."""
    board = membership.board
    # boards sits below sprints: the board's sprint numbers through its reverse relation.
    sprints = list(board.sprints.order_by("-number").values_list("number", flat=True))
    usernames = {m.user.username for m in members}
    labels = list(labels_of(board=board))
    viewer = Viewer(
        username=request.user.get_username(),
        is_member=usernames.__contains__,
        label_names=lambda: {label.name.lower() for label in labels},
    )
    form = ItemFilterForm(
        request.GET,
        members=members,
        sprints=sprints,
        viewer=viewer,
        labels=labels,
        epics=epic_choices(board=board),
        auto_id="filter_%s",
    )
    form.is_valid()
    return form


def _with_neighbours(items: list[BacklogItem]) -> list[BacklogItem]:
    # "Up" puts an item before the one shown above it, "down" after the one shown below it.
    for index, item in enumerate(items):
        item.previous_id = items[index - 1].pk if index > 0 else None
        item.next_id = items[index + 1].pk if index + 1 < len(items) else None
    return items


def backlog_context(request: HttpRequest, membership: Membership, **extra: Any) -> dict[str, Any]:
    board = membership.board
    members = list(members_of(board=board))
    filter_form = filter_form_for(request, membership, members)
    filters = filter_form.filters
    rows = shown(backlog(board=board, filters=filters))
    # FETCH_RAISE: a row that lazily loaded a relation would cost a query per item; fail loudly instead.
    with index_planned(filters.q):
        items = _with_neighbours(with_urls(with_highlights(rows, filters.q).fetch_mode(FETCH_RAISE), board=board))
    if filters.q:
        for item in items:
            item.marks = highlights(item, filters.q)
    can_order = membership.role in services.BACKLOG_ORDER_ROLES
    here = request.get_full_path() if request.method == "GET" else reverse("boards:backlog", args=[board.slug])
    return {
        "board": board,
        "membership": membership,
        "members": members,
        "items": items,
        "rows": backlog_rows(items, can_order=can_order, here=here, csrf=csrf_input(request)),
        "filter_form": filter_form,
        "filtered": bool(filters),
        "filter_query": filters.query_string(),
        "saved_filters": list(saved_filters_of(membership=membership)),
        "save_form": extra.pop("save_form", None) or SavedFilterForm(auto_id="save_%s"),
        "can_order": can_order,
        "add_form": extra.pop("add_form", None) or ItemForm(members=members, fields=QUICK_ADD_FIELDS, auto_id="add_%s"),
        **extra,
    }


@login_required
@require_GET
def backlog_page(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    context = backlog_context(request, membership)
    status = 400 if context["filter_form"].errors else 200
    return page(request, "boards/backlog.html", "item-list", context, status=status)


@login_required
@require_POST
def item_create(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    members = list(members_of(board=membership.board))
    form = ItemForm(request.POST, members=members, fields=QUICK_ADD_FIELDS, auto_id="add_%s")
    status = 400
    if form.is_valid():
        try:
            item = services.item_create(board=membership.board, actor=request.user, **form.values())
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status_code
        else:
            if not is_htmx(request):
                return redirect("boards:backlog", slug=slug)
            fresh = ItemForm(
                members=members, fields=QUICK_ADD_FIELDS, auto_id="add_%s", initial={"kind": form.cleaned_data["kind"]}
            )
            context = {"board": membership.board, "add_form": fresh, "added": item}
            response = page(request, "boards/backlog.html", "add-form", context)
            return trigger_client_event(response, BACKLOG_CHANGED)
    if is_htmx(request):
        context = {"board": membership.board, "add_form": form}
        return page(request, "boards/backlog.html", "add-form", context, status=status)
    return page(
        request, "boards/backlog.html", None, backlog_context(request, membership, add_form=form), status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """The backlog row's inline editor. Without htmx the item's own page does this job."""
    membership = membership_for(user=request.user, slug=slug)
    [item] = with_urls([item_for_board(board=membership.board, item_id=item_id)], board=membership.board)
    if not is_htmx(request):
        return redirect(item.url)
    members = list(members_of(board=membership.board))
    if request.method == "GET":
        form = ItemEditForm(members=members, fields=INLINE_FIELDS, item=item, auto_id=f"edit{item.pk}_%s")
        return page(
            request, "boards/backlog.html", "item-edit", {"board": membership.board, "item": item, "form": form}
        )
    # Only the fields this person changed are saved, and only onto the version they saw.
    form = ItemEditForm(request.POST, members=members, fields=INLINE_FIELDS, auto_id=f"edit{item.pk}_%s")
    status = 400
    if form.is_valid():
        status = form.save_edits(
            lambda **fields: services.item_update(actor=request.user, item=item, **fields),
            current=lambda: item_as_stored(membership.board, item.pk),
        )
        if status == 200:
            # The whole list refreshes: the edit may move the item out of the current filter.
            return trigger_client_event(HttpResponse(status=204), BACKLOG_CHANGED)
    context = {"board": membership.board, "item": item, "form": form}
    return page(request, "boards/backlog.html", "item-edit", context, status=status)


@login_required
@require_POST
def item_move(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    require_role(membership, *services.BACKLOG_ORDER_ROLES, action=_("change the backlog order"))
    item = item_for_board(board=membership.board, item_id=item_id)
    back = return_to(request, reverse("boards:backlog", args=[slug]))
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise InvalidInput(f"{field}: {errors[0]}", field=field)
        services.item_move(acting=membership, item_id=item.pk, **form.values())
    except DomainError as error:
        response = error_response(request, error, back=back)
        # Whatever was refused, show the order as it really is now.
        return trigger_client_event(response, BACKLOG_CHANGED) if is_htmx(request) else response
    if is_htmx(request):
        return trigger_client_event(HttpResponse(status=204), BACKLOG_CHANGED)
    return redirect(back)
