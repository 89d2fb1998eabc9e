"""What every boards API view shares: the caller's membership, paging and the documented error answers."""

from collections.abc import Callable
from functools import cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from drf_spectacular.utils import OpenApiResponse
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from boards.models import Membership
from boards.selectors import (
    members_of,
    membership_for,
)
from scrum_app.pagination import PageNumberPagination

ERRORS = {
    400: OpenApiResponse(description="Bad input: `{field: [message]}` naming each field at fault."),
    401: OpenApiResponse(description="No credentials: send `Authorization: Token …` or log in."),
    403: OpenApiResponse(description="Your role may not do this; the message names the role needed."),
    404: OpenApiResponse(
        description="No such board for you (outsiders see every board as missing), or no such object."
    ),
}


def error_answers(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: ERRORS[code] for code in (401, 404, *codes)}


def api_member(request: Request, slug: str) -> Membership:
    """The caller's membership of the board `slug`, or 404. A token's authentication (BoardTokenAuthentication) has
    read it along with the token: every endpoint under /boards/{slug}/ takes it from there rather than asking again."""
    found = getattr(request.successful_authenticator, "membership", None)
    return found or membership_for(user=request.user, slug=slug)


class BoardScopedApi(APIView):
    """Base of every endpoint under /boards/{slug}/: the caller's membership, or 404."""

    pagination_class = PageNumberPagination

    def member(self) -> Membership:
        if not hasattr(self, "_member"):
            self._member = api_member(self.request, self.kwargs["slug"])
        return self._member

    def members(self) -> Callable[[], dict[str, AbstractBaseUser]]:
        """The board's {username: user}, loaded at most once per request and only when an input names a member."""
        board = self.member().board
        return cache(lambda: {m.user.username: m.user for m in members_of(board=board)})

    def paginated(self, queryset: Any, shape: Callable[[list[Any]], Any]) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        return paginator.get_paginated_response(shape(page))
