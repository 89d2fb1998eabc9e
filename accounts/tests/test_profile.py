"""The profile page: display name, e-mail change by link, settings links, named API tokens."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken, Profile
from accounts.services import api_token_create
from boards.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam():
    return UserFactory(username="sam", email="sam@example.com")


@pytest.fixture
def as_sam(sam):
    client = Client()
    client.force_login(sam)
    return client


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/accounts/profile/"),
        ("post", "/accounts/profile/"),
        ("post", "/accounts/email/"),
        ("get", "/accounts/email/confirm/abc/"),
        ("post", "/accounts/tokens/"),
        ("post", "/accounts/tokens/1/revoke/"),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_page_shows_the_persons_own_things_and_the_nav_links_to_it(as_sam):
    page = as_sam.get("/accounts/profile/").content.decode()
    assert "Your profile" in page
    assert "Your address: sam@example.com" in page
    assert 'href="/accounts/profile/"' in page
    assert 'href="/accounts/preferences/"' in page
    assert 'href="/accounts/password/change/"' in page
    assert "No tokens yet." in page


def test_the_notification_settings_link_shows_only_when_that_page_exists(as_sam):
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("notifications:settings")
    except NoReverseMatch:
        url = None
    page = as_sam.get("/accounts/profile/").content.decode()
    assert ("Notification settings" in page) == (url is not None)


def test_the_display_name_is_saved_and_shown(sam, as_sam):
    response = as_sam.post("/accounts/profile/", {"display_name": "  Sam   Smith "})
    assert response.status_code == 302
    assert Profile.objects.get(user=sam).display_name == "Sam Smith"
    assert 'value="Sam Smith"' in as_sam.get("/accounts/profile/").content.decode()
    # At the top of every page, in place of the username (the profile comes with the user: no query more).
    header = as_sam.get("/").content.decode()
    assert ">Sam Smith</a>" in header and ">sam</a>" not in header


@pytest.mark.parametrize("name", ["x" * 81, "bad\x07bell"])
def test_a_bad_display_name_is_a_400_naming_the_field(sam, as_sam, name):
    response = as_sam.post("/accounts/profile/", {"display_name": name})
    assert response.status_code == 400
    assert 'id="id_display_name_error"' in response.content.decode()
    assert not Profile.objects.filter(user=sam).exclude(display_name="").exists()


def test_a_hostile_display_name_is_escaped(as_sam):
    as_sam.post("/accounts/profile/", {"display_name": "<script>alert(1)</script>"})
    page = as_sam.get("/accounts/profile/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- e-mail change -------------------------------------------------------------------------------------------------


def confirm_link(message) -> str:
    return re.search(r"http://testserver(/accounts/email/confirm/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def link(as_sam, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_sam.post("/accounts/email/", {"email": "sam@new.example"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["sam@new.example"]
    mail.outbox.clear()
    return confirm_link(message)


def test_the_address_changes_only_when_its_owner_follows_the_link(
    sam, as_sam, link, django_capture_on_commit_callbacks
):
    sam.refresh_from_db()
    assert sam.email == "sam@example.com"
    assert "Confirm the new address" in as_sam.get(link).content.decode()
    sam.refresh_from_db()
    assert sam.email == "sam@example.com"  # a GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = as_sam.post(link)
    assert response.status_code == 302
    sam.refresh_from_db()
    assert sam.email == "sam@new.example"
    [notice] = mail.outbox
    assert notice.to == ["sam@example.com"]
    assert "is now sam@new.example" in notice.body


def test_the_link_works_once(sam, as_sam, link):
    as_sam.post(link)
    again = as_sam.post(link)
    assert again.status_code == 410
    assert "used already" in again.content.decode()


def test_another_logged_in_person_cannot_use_the_link(sam, link):
    olga = Client()
    olga.force_login(UserFactory(username="olga", email="olga@example.com"))
    response = olga.post(link)
    assert response.status_code == 410
    assert "for another account" in response.content.decode()
    sam.refresh_from_db()
    assert sam.email == "sam@example.com"


def test_an_expired_or_forged_link_says_so(sam, as_sam, link):
    with time_machine.travel(timedelta(days=3)):
        assert "has expired" in as_sam.post(link).content.decode()
    forged = link.replace("sam", "olga") if "sam" in link else link[:-5] + "xxxx/"
    assert as_sam.post(forged).status_code == 410
    sam.refresh_from_db()
    assert sam.email == "sam@example.com"


@pytest.mark.parametrize("email", ["", "nope", "<b>@x", "sam@example.com"])
def test_a_bad_new_address_is_a_400_naming_the_field(as_sam, email):
    response = as_sam.post("/accounts/email/", {"email": email})
    assert response.status_code == 400
    assert 'id="id_email_error"' in response.content.decode()
    assert mail.outbox == []


# --- API tokens on the page ----------------------------------------------------------------------------------------


def test_a_token_is_created_shown_once_and_works(sam, as_sam):
    response = as_sam.post("/accounts/tokens/", {"name": "CI deploy"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = re.search(r'<code id="new-token-secret">(sat_[\w-]+)</code>', response.content.decode()).group(1)
    assert ApiToken.objects.get(user=sam).key_hash == ApiToken.hash_key(secret)
    assert secret not in as_sam.get("/accounts/profile/").content.decode()
    api = Client(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/boards/").status_code == 200
    assert "CI deploy" in as_sam.get("/accounts/profile/").content.decode()


@pytest.mark.parametrize(("name", "status"), [("", 400), ("x" * 101, 400)])
def test_a_bad_token_name_is_a_400(sam, as_sam, name, status):
    response = as_sam.post("/accounts/tokens/", {"name": name})
    assert response.status_code == status
    assert 'id="id_name_error"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_taken_token_name_is_refused(sam, as_sam):
    api_token_create(user=sam, name="CI")
    response = as_sam.post("/accounts/tokens/", {"name": "CI"})
    assert response.status_code == 400
    assert "You already have a token named “CI”." in response.content.decode()


def test_a_token_is_revoked_and_stops_working(sam, as_sam):
    token, secret = api_token_create(user=sam, name="CI")
    response = as_sam.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    assert Client(HTTP_AUTHORIZATION=f"Token {secret}").get("/api/v1/boards/").status_code == 401


def test_another_persons_token_cannot_be_revoked(sam, as_sam):
    token, _secret = api_token_create(user=UserFactory(username="olga"), name="CI")
    assert as_sam.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_page_costs_the_same_queries_with_many_tokens(sam, as_sam):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert as_sam.get("/accounts/profile/").status_code == 200
        return len(queries)

    api_token_create(user=sam, name="one")
    few = count()
    for n in range(10):
        api_token_create(user=sam, name=f"t{n}")
    assert count() == few
