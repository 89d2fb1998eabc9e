"""The backlog is live: what one member changes shows on another's open backlog, morphed in place, so a row being
edited keeps what was typed in it and the focus, and a row being dragged is not pulled from under the mouse."""

from playwright.sync_api import expect

from boards.models import BacklogItem
from boards.tests.factories import BacklogItemFactory
from e2e.drag import hold_over, watch_refresh
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


def test_a_change_arriving_during_a_drag_waits_for_the_drop_and_the_server_order_shows(asgi_logged_in, team):  # noqa: F811
    for title in ("Alpha", "Bravo", "Charlie"):
        BacklogItemFactory(board=team.board, title=title)
    paula, sam = asgi_logged_in(team.po.user), asgi_logged_in(team.sm.user)
    for page in (paula, sam):
        page.goto("/b/apollo/")
        expect(page.locator(".backlog-live")).to_have_attribute("data-live-state", "open")
    titles = paula.locator("#item-list li.item-row .title")

    # Paula picks Charlie up and holds it over Alpha, at the top.
    row = paula.locator("#item-list li.item-row", has_text="Charlie")
    hold_over(paula, row.locator(".item-id"), paula.locator("#item-list li.item-row", has_text="Alpha"), y=3)
    expect(titles).to_have_text(["Charlie", "Alpha", "Bravo"])
    # Meanwhile Sam puts Bravo first: Paula's page fetches the new list but does not swap it in under her drag.
    refreshed = watch_refresh(paula, "item-list")
    sam.get_by_role("button", name="Move “Bravo” to the top").click()
    refreshed()  # htmx has handled the answer (a swap would have been done by now)
    assert titles.all_text_contents() == ["Charlie", "Alpha", "Bravo"]

    # The drop puts Charlie before Alpha in the server's order, which both pages then show.
    paula.mouse.up()
    expect(titles).to_have_text(["Bravo", "Charlie", "Alpha"])
    expect(sam.locator("#item-list li.item-row .title")).to_have_text(["Bravo", "Charlie", "Alpha"])
    stored = BacklogItem.objects.filter(board=team.board).order_by("rank").values_list("title", flat=True)
    assert list(stored) == ["Bravo", "Charlie", "Alpha"]
