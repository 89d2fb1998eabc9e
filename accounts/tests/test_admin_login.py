"""The admin's login (scrum_app.admin.ScrumAdminSite): Django's, behind the login limits."""

from django.test import Client, override_settings

from boards.tests.factories import PASSWORD, UserFactory


def admin_login(username, password, address="10.0.0.1"):
    return Client(REMOTE_ADDR=address).post("/admin/login/", {"username": username, "password": password})


def test_it_lets_staff_in(db):
    UserFactory(username="root", is_staff=True)
    client = Client(REMOTE_ADDR="10.0.0.1")
    assert client.post("/admin/login/", {"username": "root", "password": PASSWORD}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_it_refuses_a_right_password_of_someone_who_is_not_staff(db):
    UserFactory(username="ann")
    response = admin_login("ann", PASSWORD)
    assert response.status_code == 200
    assert b"for a staff account" in response.content


@override_settings(LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=2)
def test_past_the_limit_it_answers_429_and_says_why(db):
    UserFactory(username="root", is_staff=True)
    assert admin_login("root", "guess").status_code == 200
    assert admin_login("root", "guess").status_code == 200

    refused = admin_login("root", PASSWORD)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "300"
    assert b"Too many failed login attempts. Try again in 5 minutes." in refused.content


@override_settings(LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=2)
def test_it_shares_the_counters_with_the_login_page(db):
    UserFactory(username="root", is_staff=True)
    Client(REMOTE_ADDR="10.0.0.1").post("/accounts/login/", {"username": "root", "password": "guess"})
    assert admin_login("root", "guess").status_code == 200

    assert admin_login("root", PASSWORD).status_code == 429
    assert (
        Client(REMOTE_ADDR="10.0.0.1").post("/accounts/login/", {"username": "root", "password": PASSWORD}).status_code
        == 429
    )
