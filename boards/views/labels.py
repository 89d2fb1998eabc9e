"""The board's labels page (any member adds, renames, recolours and deletes them) and the epics page (each epic
in backlog order with its progress). The labels' forms post with htmx too and get the list back,
"boards/labels.html#labels"; a plain post is redirected to the page, or on a refusal shown it again with what was
typed (docs/pages.md, "One htmx idiom")."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from boards.models import LabelColor, Membership
from boards.selectors import membership_for
from boards.selectors_labels import epics_of, label_for_board, labels_of
from boards.services import labels as label_services
from boards.views.common import answer, page
from boards.views.definitions import posted_number
from scrum_app.errors import DomainError, InvalidInput


def _labels_context(membership: Membership, **extra: Any) -> dict[str, Any]:
    board = membership.board
    labels = list(labels_of(board=board).annotate(item_count=Count("item_labels")))
    typed = extra.pop("typed", None)
    for label in labels:
        # A refused rename shows what was typed in that label's row.
        label.typed = typed if typed and typed.get("label") == label.pk else None
    return {
        "board": board,
        "membership": membership,
        "labels": labels,
        "colors": LabelColor.choices,
        "default_color": LabelColor.BLUE.value,
        "backlog_url": reverse("boards:backlog", args=[board.slug]),
        "typed": typed,
        **extra,
    }


def _label_posted(request: HttpRequest, membership: Membership) -> str:
    """Carry out the posted action (`add`, `edit` or `delete`) and say what it did."""
    action = request.POST.get("action", "")
    name, color = request.POST.get("name", ""), request.POST.get("color", LabelColor.BLUE)
    if action == "add":
        label = label_services.label_create(acting=membership, name=name, color=color)
        return _("Label “%(name)s” added.") % {"name": label.name}
    label_id = posted_number(request.POST.get("label")) or 0  # none: no such label, a 404
    label = label_for_board(board=membership.board, label_id=label_id)
    if action == "edit":
        label_services.label_update(acting=membership, label=label, name=name, color=color)
        return _("Label “%(name)s” saved.") % {"name": label.name}
    if action == "delete":
        label_services.label_delete(acting=membership, label=label)
        return _("Label “%(name)s” deleted: it left every item it was on.") % {"name": label.name}
    raise InvalidInput(_("Unknown action."), field="action")


@login_required
@require_http_methods(["GET", "POST"])
def labels_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The board's labels with how many items carry each; every member may change them."""
    membership = membership_for(user=request.user, slug=slug)
    if request.method == "GET":
        return page(request, "boards/labels.html", "labels", _labels_context(membership))
    try:
        note = _label_posted(request, membership)
    except DomainError as error:
        typed = {
            "label": posted_number(request.POST.get("label")),
            "name": request.POST.get("name", ""),
            "color": request.POST.get("color", ""),
        }
        context = _labels_context(membership, error=error, typed=typed)
        # The page again (its list only, for htmx) with what was typed: nothing is lost.
        return page(request, "boards/labels.html", "labels", context, status=error.status_code)
    back = reverse("boards:labels", args=[slug])
    return answer(request, "boards/labels.html", "labels", _labels_context(membership, note=note), back=back)


@login_required
@require_GET
def epics_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The board's epics in backlog order, each with its progress (items and points done of total)."""
    membership = membership_for(user=request.user, slug=slug)
    board = membership.board
    context = {
        "board": board,
        "membership": membership,
        "epics": epics_of(board=board),
        "backlog_url": reverse("boards:backlog", args=[board.slug]),
    }
    return page(request, "boards/epics.html", None, context)
