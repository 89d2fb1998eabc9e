import pytest
from playwright.sync_api import expect

from boards.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_logs_in_and_lands_on_my_boards(browser, live_server, team):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My boards")).to_be_visible()
    expect(page.get_by_text("Apollo")).to_be_visible()
    context.close()


def test_a_wrong_password_keeps_me_out(browser, live_server, team):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    context.close()


def test_past_the_limit_the_page_says_to_wait(browser, live_server, team, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS = 1
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    for password in ("wrong", PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("sam")
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Too many failed login attempts. Try again in 5 minutes.")).to_be_visible()
    context.close()
