"""Board pages. Views are thin: access through selectors, writes through services."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from boards.selectors import boards_for_user


@login_required
def board_list(request: HttpRequest) -> HttpResponse:
    return render(request, "boards/board_list.html", {"boards": boards_for_user(user=request.user)})
