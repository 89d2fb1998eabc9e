"""Token authentication that reads the caller's membership of the board in the URL along with the token."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from accounts.models import ApiToken
from accounts.preferences import activate
from accounts.selectors import api_token_for_key
from accounts.services import api_token_used
from boards.models import Membership
from boards.selectors import membership_for_token


class BoardTokenAuthentication(TokenAuthentication):
    """DRF's TokenAuthentication with the same answers (401 for an unknown token or an inactive user), which on a
    board's URL (`slug`) also finds the caller's membership of that board in the same query: every board request
    needs both, and the busiest ones (the items list) are dominated by per-query cost. Against DRF's own lookup
    followed by the membership query, a cached items page costs 2.6–2.9× the CPU without it (docs/benchmarks.md,
    "Issue 13: hand-written speed paths against the framework").

    The membership, or None when the caller is no member (the view answers 404), is left in `membership`.

    Named tokens (accounts.ApiToken, whose secrets start with its PREFIX) are looked up by their hash instead; the
    view then reads the membership itself.
    """

    membership: Membership | None = None

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, Any] | None:
        context = getattr(request, "parser_context", None) or {}
        self.slug = (context.get("kwargs") or {}).get("slug")
        found = super().authenticate(request)
        if found is not None:
            # Answers in the token user's language and time zone: their profile's, else Accept-Language's.
            activate(request._request, found[0])
        return found

    def authenticate_credentials(self, key: str) -> tuple[AbstractBaseUser, Any]:
        if key.startswith(ApiToken.PREFIX):
            return self._named_token(key)
        found = membership_for_token(key=key, slug=self.slug) if self.slug else None
        if found is None:
            # Unknown token, or a user who is not a member (401, or a user for the 404), as DRF's own lookup says,
            # with the user's profile in the same query.
            try:
                token = self.get_model().objects.select_related("user__profile").get(key=key)
            except self.get_model().DoesNotExist:
                raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
            if not token.user.is_active:
                raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
            return token.user, token
        user = found.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        self.membership = found
        return user, user.auth_token

    def _named_token(self, key: str) -> tuple[AbstractBaseUser, ApiToken]:
        """A named token of the profile page (accounts.ApiToken): the same answers; the view reads the membership."""
        token = api_token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        api_token_used(token)
        return token.user, token
