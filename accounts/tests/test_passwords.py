"""Password reset (by mail, behind the login limits) and password change, on Django's views with our pages."""

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.services import save_preferences
from boards.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam():
    return UserFactory(username="sam", email="sam@example.com")


def ask_reset(email, client=None, address="10.0.0.1"):
    return (client or Client(REMOTE_ADDR=address)).post("/accounts/password/reset/", {"email": email})


def reset_link(message) -> str:
    return re.search(r"http://testserver(/accounts/password/reset/[^/]+/[^/]+/)", message.body).group(1)


def test_the_login_page_links_to_the_reset(client):
    assert 'href="/accounts/password/reset/"' in client.get("/accounts/login/").content.decode()
    assert "Forgot your password?" in client.get("/accounts/login/").content.decode()


def test_the_reset_page_shows_its_form(client):
    page = client.get("/accounts/password/reset/")
    assert page.status_code == 200
    assert "Reset your password" in page.content.decode()


def test_a_reset_mails_a_link_that_sets_a_new_password_once(sam, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_reset("SAM@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    [message] = mail.outbox
    assert message.to == ["sam@example.com"]
    assert message.subject == "Reset your Scrum App password"
    assert "(sam)" in message.body

    client = Client()
    link = reset_link(message)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    form_url = form.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "a-new-Passw0rd!", "new_password2": "a-new-Passw0rd!"})
    assert done["Location"] == "/accounts/password/reset/done/"
    assert Client().login(username="sam", password="a-new-Passw0rd!")
    again = Client().get(link, follow=True)
    assert "This link is no longer valid" in again.content.decode()


def test_a_reset_mail_is_in_the_users_language(sam, django_capture_on_commit_callbacks):
    save_preferences(sam, language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset("sam@example.com")
    assert mail.outbox[0].subject == "Сброс пароля в Scrum App"


def test_an_unknown_address_gets_the_same_answer_and_no_mail(sam, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_reset("nobody@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["", "not an address", "<script>alert(1)</script>@x", "a" * 300 + "@example.com"])
def test_a_bad_address_is_a_400_naming_the_field(email):
    response = ask_reset(email)
    assert response.status_code == 400
    assert 'id="id_email_error"' in response.content.decode() or "errorlist" in response.content.decode()
    assert "<script>alert" not in response.content.decode()


def test_resets_are_throttled_like_logins(sam, settings, django_capture_on_commit_callbacks):
    settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS = 3
    with django_capture_on_commit_callbacks(execute=True):
        answers = [ask_reset("sam@example.com").status_code for _ in range(4)]
    assert answers == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    refused = ask_reset("sam@example.com")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many failed login attempts." in refused.content.decode()


def test_a_bad_link_says_it_is_no_longer_valid(client):
    page = client.get("/accounts/password/reset/MQ/bad-token/")
    assert page.status_code == 200
    assert "This link is no longer valid" in page.content.decode()


def test_the_password_change_needs_a_login(client):
    response = client.get("/accounts/password/change/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password/change/"


def test_a_user_changes_their_password(sam, client):
    client.force_login(sam)
    assert "Change your password" in client.get("/accounts/password/change/").content.decode()
    wrong = client.post(
        "/accounts/password/change/",
        {"old_password": "wrong", "new_password1": "a-new-Passw0rd!", "new_password2": "a-new-Passw0rd!"},
    )
    assert wrong.status_code == 400
    assert "old password was entered incorrectly" in wrong.content.decode()
    done = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "a-new-Passw0rd!", "new_password2": "a-new-Passw0rd!"},
        follow=True,
    )
    assert "Your password is changed." in done.content.decode()
    assert client.get("/").status_code == 200  # still logged in here
    assert Client().login(username="sam", password="a-new-Passw0rd!")
