"""API clients for the personas: token-authenticated as a script would be, or anonymous."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def api_as(user=None) -> APIClient:
    """An APIClient sending `Authorization: Token …` for `user` (a User or a Membership), or anonymous for None."""
    client = APIClient()
    if user is not None:
        user = getattr(user, "user", user)
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def persona(team, name):
    """The user behind a persona name: po, sm, dev, outsider; None for anonymous."""
    if name == "anonymous":
        return None
    if name == "outsider":
        return team.outsider
    return getattr(team, name).user
