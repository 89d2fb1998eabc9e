"""The Scrum board page: one column per status, WIP limits, the bottleneck; every member moves cards.

Composed here, above the apps (docs/architecture.md): it shows the board's items (boards) of the active sprint
(sprints), with the open blockers of the stand-up (standups) and the open actions of the retros (retros).
"""

from django.contrib.auth.decorators import login_required
from django.db.models import FETCH_RAISE
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from boards import services
from boards.forms import StatusForm
from boards.models import NOT_SPLIT, Membership, Status
from boards.selectors import board_columns, bottleneck, item_for_board, items_of, membership_for
from boards.views.common import error_response, is_htmx, page, with_urls
from boards.views.rows import board_cards, shown
from scrum_app.errors import DomainError, InvalidInput
from sprints.selectors import active_sprint


def _board_url(slug: str, *, every_item: bool) -> str:
    url = reverse("scrum_board", args=[slug])
    return f"{url}?scope=all" if every_item else url


def _board_context(request: HttpRequest, membership: Membership, *, scope: str | None) -> dict[str, object]:
    """The board shows the active sprint's items, as a Scrum board does; `scope="all"` (or no active sprint) shows
    every item of the board."""
    board = membership.board
    sprint = active_sprint(board=board)
    show_all = sprint is None or scope == "all"
    items = shown(items_of(board=board).filter(NOT_SPLIT))
    if not show_all:
        items = items.filter(sprint=sprint)
    # FETCH_RAISE: a card that lazily loaded a relation would cost a query per card; fail loudly instead.
    items = with_urls(items.fetch_mode(FETCH_RAISE), board=board)
    columns = board_columns(board=board, items=items)
    every_item = show_all and sprint is not None  # "every item" is a choice only while a sprint is active
    csrf = csrf_input(request)
    cards = [board_cards(column.items, scope="all" if every_item else "", csrf=csrf) for column in columns]
    return {
        "board": board,
        "membership": membership,
        "columns": columns,
        "columns_with_cards": list(zip(columns, cards, strict=True)),
        "bottleneck": bottleneck(columns),
        "statuses": Status.choices,
        "sprint": sprint,
        "scope": "all" if every_item else "",
        "refresh_url": _board_url(board.slug, every_item=every_item),
    }


@login_required
@require_GET
def scrum_board(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    return page(
        request, "boards/board.html", "columns", _board_context(request, membership, scope=request.GET.get("scope"))
    )


@login_required
@require_POST
def item_status(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Move a card to another column. Every member may."""
    membership = membership_for(user=request.user, slug=slug)
    item = item_for_board(board=membership.board, item_id=item_id)
    form = StatusForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput(f"status: {form.errors['status'][0]}", field="status")
        services.item_update(actor=request.user, item=item, status=form.cleaned_data["status"])
    except DomainError as error:
        return error_response(request, error, back=reverse("scrum_board", args=[slug]))
    scope = request.POST.get("scope")
    if is_htmx(request):
        return page(request, "boards/board.html", "columns", _board_context(request, membership, scope=scope))
    return redirect(_board_url(slug, every_item=scope == "all"))
