"""What arrives by e-mail, followed in a real browser: an invitation to a new account that lands on the board, and a
password reset. The live server writes its mails to files (Django's file backend), read here as an inbox."""

import re
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from playwright.sync_api import expect

from boards.models import Membership, Role
from boards.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def inbox(settings, tmp_path) -> Path:
    """The folder the file backend writes each mail of the live server to."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    return tmp_path


def the_mail(inbox: Path, to: str) -> str:
    """The text of the one mail sent to `to` (the file backend writes one file per connection, mails split by a
    line of dashes)."""
    texts = []
    for path in sorted(inbox.iterdir()):
        for raw in path.read_bytes().split(b"-" * 79):
            if raw.strip():
                message = message_from_bytes(raw.strip(), policy=default)
                if message["To"] == to:
                    texts.append(message.get_body(preferencelist=("plain",)).get_content())
    assert len(texts) == 1, texts
    return texts[0]


def test_the_scrum_master_invites_an_address_whose_owner_signs_up_and_lands_on_the_board(
    browser, live_server, logged_in, team, inbox
):
    master = logged_in(team.sm.user)
    master.goto("/b/apollo/settings/")
    master.get_by_label("Username or e-mail address").fill("nina@example.com")
    master.locator("#id_role").select_option("developer")
    master.get_by_role("button", name="Send invitation").click()
    expect(master.get_by_text("Invitation sent to nina@example.com as Developer.")).to_be_visible()
    expect(master.locator("tr.invited")).to_contain_text("nina@example.com")

    text = the_mail(inbox, "nina@example.com")
    assert "sam invites you to join the board “Apollo” as Developer." in text
    link = re.search(r"https?://\S+/invitations/\S+/", text).group(0)

    context = browser.new_context()  # a stranger's browser: no session
    page = context.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", name="Join Apollo")).to_be_visible()
    expect(page.get_by_label("E-mail address")).to_have_value("nina@example.com")
    expect(page.get_by_label("E-mail address")).to_be_disabled()
    page.get_by_label("Username").fill("nina")
    page.locator("#id_password1").fill("a-long-Passw0rd")
    page.locator("#id_password2").fill("a-long-Passw0rd")
    page.get_by_role("button", name="Sign up and join").click()
    expect(page.get_by_text("You joined Apollo as Developer.")).to_be_visible()
    expect(page.get_by_role("heading", name="Product backlog")).to_be_visible()
    assert Membership.objects.get(board=team.board, user__username="nina").role == Role.DEVELOPER

    page.goto(link)  # once only
    expect(page.get_by_text("This invitation link was already used: it works once.")).to_be_visible()
    master.reload()
    expect(master.locator("#member-nina")).to_be_visible()
    expect(master.locator("tr.invited")).to_have_count(0)
    context.close()


def test_a_forgotten_password_is_reset_by_mail(browser, live_server, team, inbox):
    UserFactory(username="nina", email="nina@example.com")
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("nina@example.com")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", the_mail(inbox, "nina@example.com")).group(0)
    page.goto(link)
    page.locator("#id_new_password1").fill("a-new-Passw0rd!")
    page.locator("#id_new_password2").fill("a-new-Passw0rd!")
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("heading", name="Password set")).to_be_visible()

    page.get_by_role("link", name="Log in").last.click()
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Password").fill("a-new-Passw0rd!")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My boards")).to_be_visible()
    assert PASSWORD != "a-new-Passw0rd!"
    context.close()
