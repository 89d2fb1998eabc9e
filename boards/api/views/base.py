"""The base of every API view under /boards/{slug}/, in every app: the caller's membership, or 404."""

from collections.abc import Callable
from functools import cache

from django.contrib.auth.models import AbstractBaseUser
from rest_framework.request import Request

from boards.models import Membership
from boards.selectors import members_of, membership_for
from scrum_app.api_views import Api, VersionedApi


def api_member(request: Request, slug: str) -> Membership:
    """The caller's membership of the board `slug`, or 404. A token's authentication (BoardTokenAuthentication) has
    read it along with the token: every endpoint under /boards/{slug}/ takes it from there rather than asking again."""
    found = getattr(request.successful_authenticator, "membership", None)
    return found or membership_for(user=request.user, slug=slug)


class BoardScopedApi(Api):
    # Base of every endpoint under /boards/{slug}/: the caller's membership, or 404. (Comments, not docstrings, as in
    # scrum_app.api_views: no operation is described by its base class.)

    def member(self) -> Membership:
        if not hasattr(self, "_member"):
            self._member = api_member(self.request, self.kwargs["slug"])
        return self._member

    def members(self) -> Callable[[], dict[str, AbstractBaseUser]]:
        """The board's {username: user}, loaded at most once per request and only when an input names a member."""
        board = self.member().board
        return cache(lambda: {m.user.username: m.user for m in members_of(board=board)})


class VersionedBoardApi(BoardScopedApi, VersionedApi):
    # One versioned object of a board (the board itself, an item, a sprint, a stand-up entry, a retro's card or
    # action): GET with its ETag, edits guarded by its version (scrum_app.api_views.VersionedApi).
    pass
