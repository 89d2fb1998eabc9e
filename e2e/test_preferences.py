"""A person picks Russian with the switcher on any page, it follows them to another browser, and times are shown in
their browser's time zone, labelled, until they pick one in their settings."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from boards.tests.factories import BacklogItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_switcher_and_the_settings_follow_the_user(browser, live_server, team):
    from e2e.sessions import logged_in_pages

    item = BacklogItemFactory(board=team.board, title="Login page")
    type(item).objects.filter(pk=item.pk).update(created_at=dt.datetime(2026, 12, 4, 20, 5, tzinfo=dt.UTC))
    with logged_in_pages(browser, live_server.url) as logged_in:
        page = logged_in(team.dev.user, timezone_id="Asia/Tokyo")
        page.goto("/")
        expect(page.get_by_role("heading", name="My boards")).to_be_visible()
        # The browser's zone, reported by the first page, is the zone of the next ones.
        page.goto(f"/b/apollo/items/{item.pk}/")
        expect(page.get_by_text("5 Dec 2026, 05:05 JST").first).to_be_visible()

        page.get_by_role("button", name="Русский").click()
        expect(page.get_by_role("link", name="Мои доски")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        expect(page.get_by_text("5 декабря 2026, 05:05 JST").first).to_be_visible()

        # Another browser, in English and in another zone: the language is the user's; the zone is this browser's
        # until the user picks one.
        other = logged_in(team.dev.user, timezone_id="Europe/Moscow")
        other.goto("/")
        other.goto("/accounts/preferences/")
        expect(other.get_by_role("heading", name="Ваши настройки")).to_be_visible()
        other.get_by_label("Часовой пояс").select_option("Europe/Moscow")
        other.get_by_label("Язык:", exact=True).select_option("")
        other.get_by_role("button", name="Сохранить").click()
        expect(other.get_by_role("heading", name="Your settings")).to_be_visible()
        expect(other.get_by_text("Times on pages are now shown in Europe/Moscow.")).to_be_visible()

        page.goto(f"/b/apollo/items/{item.pk}/")
        # This browser keeps the language its switcher picked; the zone is now the one the user picked.
        expect(page.get_by_text("4 декабря 2026, 23:05 MSK").first).to_be_visible()
