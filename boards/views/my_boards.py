"""My boards, and a new board."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from boards import services
from boards.forms import BoardCreateForm
from boards.selectors import boards_for_user
from scrum_app.errors import DomainError
from scrum_app.forms import add_domain_error


def _list_page(request: HttpRequest, form: BoardCreateForm, *, status: int = 200) -> HttpResponse:
    context = {"boards": boards_for_user(user=request.user), "form": form}
    return render(request, "boards/board_list.html", context, status=status)


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
        messages.success(request, f"Board “{board.name}” created. You are its Scrum Master.")
        return redirect("boards:backlog", slug=board.slug)
    return _list_page(request, form, status=400)
