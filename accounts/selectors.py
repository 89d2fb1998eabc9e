"""Reads of a person's own things."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from accounts.models import ApiToken


def api_tokens_of(*, user: AbstractBaseUser) -> QuerySet[ApiToken]:
    """The person's named API tokens, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def api_token_for_key(key: str) -> ApiToken | None:
    """The named token whose secret is `key`, with its user and their profile (one query); None when there is none."""
    return ApiToken.objects.select_related("user__profile").filter(key_hash=ApiToken.hash_key(key)).first()
