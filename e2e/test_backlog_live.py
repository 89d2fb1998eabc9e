"""The backlog is live: what one member changes shows on another's open backlog, morphed in place, so a row being
edited keeps what was typed in it and the focus."""

from playwright.sync_api import expect

from boards.tests.factories import BacklogItemFactory
from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)

pytestmark = live_server_db()


def test_a_change_by_one_member_shows_on_anothers_backlog_without_losing_an_edit(asgi_logged_in, team):  # noqa: F811
    BacklogItemFactory(board=team.board, title="Alpha")
    BacklogItemFactory(board=team.board, title="Bravo")
    paula, dave = asgi_logged_in(team.po.user), asgi_logged_in(team.dev.user)
    for page in (paula, dave):
        page.goto("/b/apollo/")
        expect(page.locator(".backlog-live")).to_have_attribute("data-live-state", "open")

    paula.get_by_role("link", name="Edit", exact=False).first.click()
    title = paula.locator("li.item-row.editing input[name='title']")
    expect(title).to_have_value("Alpha")
    title.fill("Alpha, half typed")

    dave.locator("#add_title").fill("Charlie from Dave")
    dave.get_by_role("button", name="Add item").click()

    rows = paula.locator("#item-list li.item-row")
    expect(rows).to_have_count(3)
    expect(rows.nth(2)).to_contain_text("Charlie from Dave")
    expect(title).to_have_value("Alpha, half typed")
    expect(title).to_be_focused()
