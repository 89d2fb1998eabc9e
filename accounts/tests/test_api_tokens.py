"""Named API tokens over the API: list, create, revoke; authentication with them; last use noted once a minute."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import API_TOKENS_MAX, api_token_create
from boards.tests.api_client import api_as
from boards.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKENS = "/api/v1/tokens/"


@pytest.fixture
def sam():
    return UserFactory(username="sam")


def with_token(secret):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def test_anonymous_callers_get_401():
    assert APIClient().get(TOKENS).status_code == 401
    assert APIClient().post(TOKENS, {"name": "x"}, format="json").status_code == 401
    assert APIClient().delete(f"{TOKENS}1/").status_code == 401


def test_a_token_is_created_with_its_secret_once_and_listed_without_it(sam):
    response = api_as(sam).post(TOKENS, {"name": "CI"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "name", "created_at", "last_used_at", "token"}
    assert body["token"].startswith("sat_")
    assert body["last_used_at"] is None
    listed = api_as(sam).get(TOKENS).json()["results"]
    assert listed == [{k: v for k, v in body.items() if k != "token"}]


def test_the_new_token_authenticates_on_boards_and_notes_its_use(sam, team):
    secret = api_as(team.dev.user).post(TOKENS, {"name": "CI"}, format="json").json()["token"]
    assert with_token(secret).get("/api/v1/boards/apollo/items/").status_code == 200
    assert with_token(secret).get("/api/v1/boards/").status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_a_named_token_of_an_outsider_still_gets_404_on_a_board(team):
    _token, secret = api_token_create(user=team.outsider, name="CI")
    assert with_token(secret).get("/api/v1/boards/apollo/items/").status_code == 404


@pytest.mark.parametrize("secret", ["sat_nope", "sat_", "sat_" + "x" * 500])
def test_an_unknown_named_token_is_a_401(secret):
    assert with_token(secret).get("/api/v1/boards/").status_code == 401


def test_an_inactive_users_token_is_a_401(sam):
    _token, secret = api_token_create(user=sam, name="CI")
    sam.is_active = False
    sam.save(update_fields=["is_active"])
    assert with_token(secret).get("/api/v1/boards/").status_code == 401


def test_last_use_is_written_at_most_once_a_minute(sam):
    token, secret = api_token_create(user=sam, name="CI")
    client = with_token(secret)

    def updates() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get("/api/v1/boards/")
        return sum('UPDATE "accounts_apitoken"' in q["sql"] for q in queries)

    with time_machine.travel("2026-12-01 10:00:00Z", tick=False):
        assert updates() == 1
        assert updates() == 0
    with time_machine.travel("2026-12-01 10:00:59Z", tick=False):
        assert updates() == 0
    with time_machine.travel("2026-12-01 10:01:01Z", tick=False):
        assert updates() == 1
    token.refresh_from_db()
    assert str(token.last_used_at) == "2026-12-01 10:01:01+00:00"


def test_the_token_of_auth_token_still_works(sam):
    from boards.tests.factories import PASSWORD

    key = APIClient().post("/api/v1/auth/token/", {"username": "sam", "password": PASSWORD}).json()["token"]
    assert with_token(key).get("/api/v1/boards/").status_code == 200
    assert with_token(key).get(TOKENS).json()["results"] == []


@pytest.mark.parametrize(
    ("body", "status"),
    [({}, 400), ({"name": ""}, 400), ({"name": "x" * 101}, 400), ({"name": "a\x00b"}, 400), ({"nom": "x"}, 400)],
)
def test_bad_input_is_a_400_naming_the_field(sam, body, status):
    response = api_as(sam).post(TOKENS, body, format="json")
    assert response.status_code == status
    assert set(response.json()) & {"name", "nom"}
    assert not ApiToken.objects.exists()


def test_a_taken_name_is_a_409(sam):
    api_token_create(user=sam, name="CI")
    response = api_as(sam).post(TOKENS, {"name": "CI"}, format="json")
    assert response.status_code == 409
    assert "name" in response.json()


def test_there_is_a_limit_of_tokens(sam):
    ApiToken.objects.bulk_create(
        [ApiToken(user=sam, name=f"t{n}", key_hash=f"{n:064d}") for n in range(API_TOKENS_MAX)]
    )
    assert api_as(sam).post(TOKENS, {"name": "one more"}, format="json").status_code == 409


def test_a_token_is_revoked_by_its_owner_only(sam):
    token, secret = api_token_create(user=sam, name="CI")
    olga = UserFactory(username="olga")
    assert api_as(olga).delete(f"{TOKENS}{token.pk}/").status_code == 404
    assert api_as(sam).delete(f"{TOKENS}{token.pk}/").status_code == 204
    assert with_token(secret).get("/api/v1/boards/").status_code == 401
    assert api_as(sam).delete(f"{TOKENS}{token.pk}/").status_code == 404


def test_others_tokens_are_not_listed(sam):
    api_token_create(user=UserFactory(username="olga"), name="hers")
    assert api_as(sam).get(TOKENS).json()["results"] == []


def test_the_list_costs_the_same_queries_with_many_tokens(sam):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api_as(sam).get(TOKENS).status_code == 200
        return len(queries)

    api_token_create(user=sam, name="one")
    count()  # the first request of the process reads what it then keeps
    few = count()
    for n in range(10):
        api_token_create(user=sam, name=f"t{n}")
    assert count() == few


def test_old_tokens_keep_their_last_use_when_a_new_one_is_made(sam):
    with time_machine.travel(timedelta(days=-1)):
        token, secret = api_token_create(user=sam, name="old")
        with_token(secret).get("/api/v1/boards/")
    used = ApiToken.objects.get(pk=token.pk).last_used_at
    api_token_create(user=sam, name="new")
    assert ApiToken.objects.get(pk=token.pk).last_used_at == used
