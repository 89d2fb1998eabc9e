"""An item's page follows the team live: two members on one item, a tick of the Definition of Ready made by one shows
on the other's page without a reload."""

from playwright.sync_api import expect

from boards.services.definitions import definitions_add_defaults
from boards.tests.factories import BacklogItemFactory
from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)

pytestmark = live_server_db()


def test_a_tick_on_one_members_item_page_shows_on_the_others(asgi_logged_in, team):  # noqa: F811
    definitions_add_defaults(board=team.board)
    item = BacklogItemFactory(board=team.board, title="Export to CSV", points=3, acceptance_criteria="One row per item")
    dana, paula = asgi_logged_in(team.dev.user), asgi_logged_in(team.po.user)
    for page in (dana, paula):
        page.goto(f"/b/apollo/items/{item.pk}/")
        expect(page.locator("main [data-live-topic]")).to_have_attribute("data-live-state", "open")
    paula.evaluate("window.notReloaded = true")

    for text in ("Acceptance criteria written", "Estimated", "At most 13 points (else split it)"):
        dana.locator("#item-checks").get_by_role("button", name=text).click()
        expect(paula.locator("#item-checks").get_by_role("button", name=text)).to_have_attribute("aria-pressed", "true")
    expect(paula.locator("#item-checks .ready-state")).to_have_text("✔ Definition of Ready met")
    assert paula.evaluate("window.notReloaded") is True
