"""POST /api/v1/auth/token/: trade a username and password for an API token, behind the login limits, with the login
page's own counters (accounts.throttle). /api/v1/tokens/: the caller's named tokens (accounts.ApiToken)."""

import unicodedata

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.selectors import api_tokens_of
from accounts.services import TOKEN_NAME_MAX, api_token_create, api_token_revoke
from accounts.throttle import LOGIN_REFUSED, LoginRefused, authenticate_counted
from scrum_app.api_errors import ANSWERS
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


# --- named API tokens (the profile page's, as an API) ---------------------------------------------------------------


class ApiTokenIn(StrictInput):
    name = serializers.CharField(
        max_length=TOKEN_NAME_MAX, help_text="Unique among your tokens, e.g. the script or machine that uses it."
    )


class ApiTokenOut(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    last_used_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Updated at most once a minute; null until first used."
    )


class ApiTokenCreatedOut(ApiTokenOut):
    token = serializers.CharField(
        read_only=True, help_text="The secret, shown this once: send it as `Authorization: Token <token>`."
    )


class ApiTokenListApi(Api):
    @extend_schema(
        summary="List my API tokens",
        description="The caller's named tokens, newest first, with when each was created and last used. Their "
        "secrets are never shown again.",
        responses={200: ApiTokenOut(many=True)},
    )
    def get(self, request: Request) -> Response:
        return self.paginated(api_tokens_of(user=request.user), lambda page: ApiTokenOut(page, many=True).data)


class ApiTokenCreateApi(Api):
    @extend_schema(
        summary="Create a named API token",
        description="A new token for the caller, named after what uses it; the answer carries its secret, this once "
        "(only a hash is kept). Up to 50 tokens per person.",
        request=ApiTokenIn,
        responses={201: ApiTokenCreatedOut, **ANSWERS.only(400, 409, conflict="A token of this name exists, or 50.")},
    )
    def post(self, request: Request) -> Response:
        token, secret = api_token_create(user=request.user, **self.parse(ApiTokenIn))
        token.token = secret
        return Response(ApiTokenCreatedOut(token).data, status=status.HTTP_201_CREATED)


class ApiTokenCollectionApi(ApiTokenListApi, ApiTokenCreateApi):
    pass


class ApiTokenRevokeApi(Api):
    @extend_schema(
        summary="Revoke an API token",
        description="It stops working at once. Another person's token is as missing as an unknown one (404).",
        request=None,
        responses={204: OpenApiResponse(description="Revoked."), **ANSWERS.only(404, missing="No such token.")},
    )
    def delete(self, request: Request, token_id: int) -> Response:
        api_token_revoke(user=request.user, token_id=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
