"""POST /api/v1/auth/token/: trade a username and password for an API token.

Behind the login limits, with the login page's own counters (accounts.throttle).
"""

import unicodedata

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.throttle import LOGIN_REFUSED, LoginRefused, authenticate_counted
from scrum_app.api_input import StrictInput
from scrum_app.api_views import Api


class TokenIn(StrictInput):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})

    def validate_username(self, value: str) -> str:
        # As the login form's UsernameField: fullwidth "ｓａｍ" is "sam" here too.
        return unicodedata.normalize("NFKC", value)


class TokenOut(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")


class TokenCreateApi(Api):
    # No session authentication here: the endpoint is for scripts, and must not need a CSRF token.
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Get an API token",
        description="The same token every time for one user. Failed passwords are counted per account and address, "
        "per account and per address, together with the login page's (README, Login limits); past a limit the answer "
        "is 429 with Retry-After, even with the right password.",
        request=TokenIn,
        responses={
            200: TokenOut,
            400: OpenApiResponse(description="Missing field, or a wrong username or password."),
            429: OpenApiResponse(
                description="Too many failed attempts for this account or from this address: try again after "
                "Retry-After seconds."
            ),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        try:
            user = authenticate_counted(request, **self.parse(TokenIn))
        except LoginRefused as refused:
            raise Throttled(wait=refused.retry_after, detail=LOGIN_REFUSED) from None
        if user is None:
            raise ValidationError({"non_field_errors": ["Unable to log in with this username and password."]})
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
