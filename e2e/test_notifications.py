"""Notifications end to end, two people in two browsers: Sam assigns an item to Dave on its page; Dave's bell, on
another page, counts it without a reload; Dave opens the list, follows nothing, marks it read, and the bell clears."""

from playwright.sync_api import expect

from boards.tests.factories import BacklogItemFactory
from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)

pytestmark = live_server_db()


def test_an_assignment_rings_the_assignees_bell_live_and_is_marked_read(asgi_logged_in, team):  # noqa: F811
    item = BacklogItemFactory(board=team.board, title="Export to CSV")
    sam, dave = asgi_logged_in(team.sm.user), asgi_logged_in(team.dev.user)
    dave.goto("/")
    expect(dave.locator(".bell-wrap")).to_have_attribute("data-live-state", "open")
    expect(dave.locator("#bell")).to_have_attribute("data-unread", "0")
    dave.evaluate("window.notReloaded = true")

    sam.goto(f"/b/apollo/items/{item.pk}/")
    sam.locator("section[aria-labelledby=edit-heading] form").get_by_label("Assignee").select_option(label="dave")
    sam.locator("section[aria-labelledby=edit-heading] form").get_by_role("button", name="Save").click()
    expect(sam.locator("#item-detail")).to_contain_text("Item saved.")

    expect(dave.locator("#bell")).to_have_attribute("data-unread", "1")
    expect(dave.locator("#bell .bell-count")).to_have_text("1")
    assert dave.evaluate("window.notReloaded") is True

    dave.locator("#bell").click()
    expect(dave).to_have_url(f"{dave.url.split('/notifications')[0]}/notifications/")
    row = dave.locator(".notification.unread")
    expect(row).to_contain_text("sam assigned an item to you")
    expect(row.get_by_role("link", name="Export to CSV")).to_have_attribute("href", f"/b/apollo/items/{item.pk}/")
    row.get_by_role("button", name="Mark read").click()
    expect(dave.locator(".notification.unread")).to_have_count(0)
    expect(dave.locator("#bell")).to_have_attribute("data-unread", "0")
