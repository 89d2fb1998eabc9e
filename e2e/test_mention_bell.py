"""A mention rings the bell, live, in another browser: Paula mentions Dave in a comment on an item; Dave, on another
page, sees his bell count it without a reload, opens the list and follows the link to the item's discussion."""

from playwright.sync_api import expect

from boards.tests.factories import BacklogItemFactory
from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)

pytestmark = live_server_db()


def test_a_mention_appears_in_the_mentioned_members_bell_live(asgi_logged_in, team):  # noqa: F811
    item = BacklogItemFactory(board=team.board, title="Export to CSV")
    paula, dave = asgi_logged_in(team.po.user), asgi_logged_in(team.dev.user)
    dave.goto("/b/apollo/")
    expect(dave.locator(".bell-wrap")).to_have_attribute("data-live-state", "open")
    expect(dave.locator("#bell")).to_have_attribute("data-unread", "0")
    dave.evaluate("window.notReloaded = true")

    paula.goto(f"/b/apollo/items/{item.pk}/")
    paula.locator("#comment-new").fill("Could you check the totals, @dave?")
    paula.get_by_role("button", name="Post comment").click()
    expect(paula.locator(".activity-comment .mention")).to_have_text(["@dave"])

    expect(dave.locator("#bell")).to_have_attribute("data-unread", "1")
    assert dave.evaluate("window.notReloaded") is True
    dave.locator("#bell").click()
    row = dave.locator(".notification.unread")
    expect(row).to_contain_text("paula mentioned you")
    row.get_by_role("link", name="Export to CSV").click()
    expect(dave.locator(".activity-comment", has_text="Could you check the totals")).to_be_visible()
