import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from boards.tests.factories import PASSWORD, UserFactory


def post_login(username, password, address="10.0.0.1"):
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})


def test_it_logs_in_and_redirects_to_my_boards(db):
    UserFactory(username="ann")
    response = post_login("ann", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_follows_a_local_next_but_not_a_foreign_one(db):
    UserFactory(username="ann")
    local = Client().post("/accounts/login/?next=/b/x/", {"username": "ann", "password": PASSWORD})
    assert local["Location"] == "/b/x/"
    foreign = Client().post("/accounts/login/?next=https://evil.example/", {"username": "ann", "password": PASSWORD})
    assert foreign["Location"] == "/"


def test_a_wrong_password_says_so_with_400(db):
    UserFactory(username="ann")
    response = post_login("ann", "nope")
    assert response.status_code == 400
    assert b"Please enter a correct username and password" in response.content


@override_settings(LOGIN_FAILURES_PER_ACCOUNT=3, LOGIN_FAILURES_PER_ADDRESS=100)
def test_a_burst_against_one_username_gets_429_from_any_address(db):
    UserFactory(username="ann")
    for n in range(3):
        assert post_login("ann", "guess", address=f"10.0.0.{n}").status_code == 400
    blocked = post_login("ann", PASSWORD, address="10.9.9.9")
    assert blocked.status_code == 429
    assert b"Too many failed login attempts. Try again in 5 minutes." in blocked.content
    assert blocked["Retry-After"] == "300"
    # Another account is not affected.
    UserFactory(username="bob")
    assert post_login("bob", PASSWORD, address="10.9.9.9").status_code == 302


@override_settings(LOGIN_FAILURES_PER_ACCOUNT=100, LOGIN_FAILURES_PER_ADDRESS=4)
def test_a_burst_from_one_address_gets_429_across_usernames(db):
    UserFactory(username="ann")
    for n in range(4):
        assert post_login(f"nobody{n}", "guess", address="10.1.1.1").status_code == 400
    assert post_login("ann", PASSWORD, address="10.1.1.1").status_code == 429
    assert post_login("ann", PASSWORD, address="10.1.1.2").status_code == 302


def test_logout_needs_post_and_ends_the_session(db):
    user = UserFactory(username="ann")
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302  # back to the login page


def test_signup_creates_an_account_and_logs_in(db):
    client = Client()
    response = client.post(
        "/accounts/signup/",
        {"username": "newbie", "password1": "a-long-passphrase-42", "password2": "a-long-passphrase-42"},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_signup_names_the_field_at_fault_and_keeps_the_input(db):
    response = Client().post(
        "/accounts/signup/", {"username": "newbie", "password1": "a-long-passphrase-42", "password2": "different"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["password2"]
    assert b'value="newbie"' in response.content


def post_signup(username, address="10.0.0.1"):
    password = "a-long-passphrase-42"
    return Client(REMOTE_ADDR=address).post(
        "/accounts/signup/", {"username": username, "password1": password, "password2": password}
    )


@pytest.mark.parametrize("taken", ["ann", "ANN"])
def test_signup_refuses_a_taken_username_without_saying_it_exists(db, taken):
    UserFactory(username="ann")
    response = post_signup(taken)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This username is not available. Choose another one." in html
    assert "exists" not in html
    assert get_user_model().objects.filter(username__iexact="ann").count() == 1


@override_settings(LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=99, LOGIN_FAILURES_PER_ACCOUNT=100, LOGIN_FAILURES_PER_ADDRESS=3)
def test_probing_taken_usernames_from_one_address_gets_429(db):
    for name in ("ann", "bob", "cid"):
        UserFactory(username=name)
        assert post_signup(name, address="10.2.2.2").status_code == 400
    blocked = post_signup("newbie", address="10.2.2.2")
    assert blocked.status_code == 429
    assert b"Too many failed login attempts" in blocked.content
    assert int(blocked["Retry-After"]) > 0
    assert not get_user_model().objects.filter(username="newbie").exists()
    assert post_signup("newbie", address="10.2.2.3").status_code == 302


@override_settings(LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=99, LOGIN_FAILURES_PER_ACCOUNT=100, LOGIN_FAILURES_PER_ADDRESS=3)
def test_signup_mistakes_other_than_a_taken_name_are_not_counted(db):
    for _ in range(4):
        mismatch = Client(REMOTE_ADDR="10.3.3.3").post(
            "/accounts/signup/", {"username": "newbie", "password1": "a-long-passphrase-42", "password2": "other"}
        )
        assert mismatch.status_code == 400
    assert post_signup("newbie", address="10.3.3.3").status_code == 302
