"""The profile page in a real browser: reached from the nav, a display name saved, an API token made and revoked,
the e-mail address changed by the link sent to the new one."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import ApiToken
from e2e.test_accounts_mail import inbox, the_mail  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_keeps_their_profile_and_tokens(logged_in, team, inbox):  # noqa: F811
    page = logged_in(team.sm.user)
    page.goto("/")
    page.get_by_role("link", name="sam").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()

    page.get_by_label("Display name").fill("Sam Smith")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Display name saved.")).to_be_visible()
    expect(page.get_by_label("Display name")).to_have_value("Sam Smith")

    page.get_by_label("Token name").fill("CI deploy")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("#new-token-secret").inner_text()
    assert secret.startswith("sat_")
    expect(page.get_by_role("row", name=re.compile("CI deploy"))).to_contain_text("never")
    page.goto("/accounts/profile/")
    expect(page.locator("#new-token-secret")).to_have_count(0)
    page.get_by_role("button", name="Revoke the token CI deploy").click()
    expect(page.get_by_text("The token “CI deploy” is revoked: it no longer works.")).to_be_visible()
    assert not ApiToken.objects.exists()

    page.get_by_label("New e-mail address").fill("sam@new.example")
    page.get_by_role("button", name="Send the confirmation link").click()
    expect(page.get_by_text("We sent a link to sam@new.example.")).to_be_visible()
    link = re.search(r"https?://\S+/accounts/email/confirm/\S+/", the_mail(inbox, "sam@new.example")).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm the new address").click()
    expect(page.get_by_text("Your e-mail address is now sam@new.example.")).to_be_visible()
    expect(page.get_by_text("Your address: sam@new.example")).to_be_visible()
