"""A member's saved filters of the backlog: save the filter shown under a name, delete one. Applying one is a link
to the backlog with its query (boards/backlog.html)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from boards import services
from boards.forms import SavedFilterForm
from boards.models import Membership, SavedFilter
from boards.selectors import membership_for, saved_filters_of
from boards.views.backlog import backlog_context
from boards.views.common import answer, is_htmx, page
from scrum_app.errors import DomainError
from scrum_app.forms import add_domain_error

TEMPLATE = "boards/backlog.html"


def _region(membership: Membership, form: SavedFilterForm, saved: SavedFilter | None = None) -> dict[str, object]:
    return {
        "board": membership.board,
        "saved_filters": list(saved_filters_of(membership=membership)),
        "save_form": form,
        "saved": saved,
    }


@login_required
@require_POST
def saved_filter_save(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    backlog_url = reverse("boards:backlog", args=[slug])
    form = SavedFilterForm(request.POST, auto_id="save_%s")
    error = None
    if form.is_valid():
        try:
            saved = services.saved_filter_save(acting=membership, **form.cleaned_data)
        except DomainError as refused:
            add_domain_error(form, refused)
            error = refused
        else:
            fresh = SavedFilterForm(auto_id="save_%s")
            return answer(
                request,
                TEMPLATE,
                "saved-filters",
                _region(membership, fresh, saved),
                back=f"{backlog_url}?{saved.query}",
            )
    status = error.status_code if error else 400
    if is_htmx(request):
        return page(request, TEMPLATE, "saved-filters", _region(membership, form), status=status)
    # Without JavaScript: the backlog again, with the form's error where the name is typed.
    context = backlog_context(request, membership, save_form=form)
    return page(request, TEMPLATE, None, context, status=status)


@login_required
@require_POST
def saved_filter_delete(request: HttpRequest, slug: str, filter_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, slug=slug)
    services.saved_filter_delete(acting=membership, filter_id=filter_id)
    if not is_htmx(request):
        return redirect("boards:backlog", slug=slug)
    return page(request, TEMPLATE, "saved-filters", _region(membership, SavedFilterForm(auto_id="save_%s")))
