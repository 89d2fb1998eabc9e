import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from boards.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"


def ask(username, password, address="10.0.0.1"):
    return APIClient().post(TOKEN, {"username": username, "password": password}, format="json", REMOTE_ADDR=address)


def test_it_trades_a_password_for_a_token_that_opens_the_api(team):
    response = ask("sam", PASSWORD)
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=team.sm.user).key
    assert ask("sam", PASSWORD).json()["token"] == token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/boards/apollo/").status_code == 200


def test_it_refuses_a_wrong_password_with_400(team):
    response = ask("sam", "wrong")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not Token.objects.exists()


def test_it_refuses_an_unknown_user_with_the_same_400(team):
    assert ask("nobody", "wrong").json() == ask("sam", "wrong").json()


@pytest.mark.parametrize(("payload", "field"), [({"password": "x"}, "username"), ({"username": "sam"}, "password")])
def test_it_names_a_missing_field(team, payload, field):
    response = APIClient().post(TOKEN, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_it_refuses_malformed_json(team):
    response = APIClient().post(TOKEN, '{"username": ', content_type="application/json")
    assert response.status_code == 400


def test_an_inactive_user_gets_no_token(team):
    team.sm.user.is_active = False
    team.sm.user.save(update_fields=["is_active"])
    assert ask("sam", PASSWORD).status_code == 400


@override_settings(LOGIN_FAILURES_PER_ACCOUNT=3, LOGIN_FAILURES_PER_ADDRESS=100)
def test_a_burst_of_failures_for_one_username_is_throttled_from_any_address(team):
    assert ask("sam", "guess1", address="10.0.0.1").status_code == 400
    assert ask("sam", "guess2", address="10.0.0.2").status_code == 400
    assert ask("sam", "guess3", address="10.0.0.1").status_code == 400

    blocked = ask("sam", PASSWORD, address="10.9.9.9")
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "300"
    assert blocked.json() == {"detail": "Too many failed login attempts. Expected available in 300 seconds."}
    assert not Token.objects.exists()
    # Other accounts are not locked out by sam's attacker.
    assert ask("dave", PASSWORD, address="10.0.0.2").status_code == 200


@override_settings(LOGIN_FAILURES_PER_ACCOUNT=100, LOGIN_FAILURES_PER_ADDRESS=3)
def test_a_burst_of_failures_from_one_address_is_throttled_whatever_the_username(team):
    for name in ("sam", "dave", "paula"):
        assert ask(name, "wrong", address="10.0.0.7").status_code == 400
    assert ask("olga", PASSWORD, address="10.0.0.7").status_code == 429
    assert ask("olga", PASSWORD, address="10.0.0.8").status_code == 200


@override_settings(LOGIN_FAILURES_PER_ACCOUNT=2)
def test_the_login_page_and_the_token_endpoint_share_their_counters(team, client):
    client.post("/accounts/login/", {"username": "sam", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    client.post("/accounts/login/", {"username": "sam", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    assert ask("sam", PASSWORD, address="10.0.0.3").status_code == 429


@pytest.mark.parametrize("username", ["sam\x01\n", "a b", "x" * 250])
def test_a_username_of_any_characters_is_counted_and_refused_with_400(team, username):
    response = ask(username, "wrong")
    assert response.status_code == 400
    assert set(response.json()) <= {"non_field_errors", "username"}  # wrong, or too long a name
