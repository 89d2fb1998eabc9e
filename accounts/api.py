"""POST /api/v1/auth/token/: trade a username and password for an API token.

Throttled with the login page's own counters (accounts.throttle): a burst of failed passwords for one username is
refused with 429 from any address, and so is a burst from one address whatever the usernames.
"""

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.throttle import client_address, login_blocked, login_failed
from accounts.views import TOO_MANY
from scrum_app.api_input import StrictInput


class TokenIn(StrictInput):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class TokenOut(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")


class TokenCreateApi(APIView):
    # No session authentication here: the endpoint is for scripts, and must not need a CSRF token.
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Get an API token",
        description="The same token every time for one user. Failed passwords are counted per username and per "
        "address; past the limit the answer is 429 for a few minutes, even with the right password.",
        request=TokenIn,
        responses={
            200: TokenOut,
            400: OpenApiResponse(description="Missing field, or a wrong username or password."),
            429: OpenApiResponse(description="Too many failed attempts for this username or from this address."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        raw = request.data if isinstance(request.data, dict) else {}
        username, address = str(raw.get("username", "")), client_address(request)
        if login_blocked(username=username, address=address):
            raise Throttled(wait=settings.LOGIN_FAILURE_WINDOW_SECONDS, detail=TOO_MANY)
        data = TokenIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request, **data.validated_data)
        if user is None:
            login_failed(username=username, address=address)
            raise ValidationError({"non_field_errors": ["Unable to log in with this username and password."]})
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
