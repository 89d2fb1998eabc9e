"""My boards, the invitations waiting for my answer, and a new board."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from boards import services
from boards.forms import BoardCreateForm
from boards.selectors import boards_for_user, invitations_for_user
from boards.views.common import error_response, is_htmx, page
from scrum_app.errors import DomainError
from scrum_app.forms import add_domain_error


def _list_context(request: HttpRequest, form: BoardCreateForm, *, note: str = "") -> dict[str, object]:
    return {
        "boards": boards_for_user(user=request.user),
        "invitations": invitations_for_user(user=request.user),
        "form": form,
        "note": note,
    }


def _list_page(request: HttpRequest, form: BoardCreateForm, *, status: int = 200) -> HttpResponse:
    return render(request, "boards/board_list.html", _list_context(request, form), status=status)


@login_required
@require_GET
def board_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, BoardCreateForm())


@login_required
@require_POST
def board_create(request: HttpRequest) -> HttpResponse:
    form = BoardCreateForm(request.POST)
    if form.is_valid():
        try:
            board = services.board_create(user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
            return _list_page(request, form, status=error.status_code)
        messages.success(request, _("Board “%(board)s” created. You are its Scrum Master.") % {"board": board.name})
        return redirect("boards:backlog", slug=board.slug)
    return _list_page(request, form, status=400)


# What each answer does, and what it then says.
ANSWERS = {
    "accept": (services.invitation_accept, gettext_lazy("You joined %(board)s as %(role)s.")),
    "decline": (services.invitation_decline, gettext_lazy("You declined the invitation to %(board)s.")),
}


@login_required
@require_POST
def invitation_answer(request: HttpRequest, invitation_id: int, answer: str) -> HttpResponse:
    """Accept or decline one of my invitations. htmx gets my boards and invitations as they now are, with a note; a
    plain form goes back to the page."""
    service, note = ANSWERS[answer]
    try:
        invitation = service(user=request.user, invitation_id=invitation_id)
    except DomainError as error:
        return error_response(request, error, back=reverse("boards:list"))
    note = str(note) % {"board": invitation.board.name, "role": invitation.get_role_display()}
    if is_htmx(request):
        return page(request, "boards/board_list.html", "mine", _list_context(request, BoardCreateForm(), note=note))
    messages.success(request, note)
    return redirect("boards:list")
