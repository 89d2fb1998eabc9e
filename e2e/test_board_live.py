"""A card moved by one member moves on every other member's board, without a reload."""

from playwright.sync_api import expect

from boards.tests.factories import BacklogItemFactory
from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)

pytestmark = live_server_db()


def column(page, status):
    return page.locator(f"#board-columns .column[data-status='{status}']")


def test_a_move_on_one_board_appears_on_another_members_board(asgi_logged_in, team):  # noqa: F811
    card = BacklogItemFactory(board=team.board, title="Shared card")
    owner, dev = asgi_logged_in(team.po.user), asgi_logged_in(team.dev.user)
    for page in (owner, dev):
        page.goto("/b/apollo/board/")
        expect(page.locator(".board-live")).to_have_attribute("data-live-state", "open")
    owner.get_by_label("Column for “Shared card”").select_option("testing")
    owner.get_by_role("button", name="Move “Shared card”").click()
    expect(column(dev, "testing")).to_contain_text("Shared card")
    expect(column(dev, "todo")).not_to_contain_text("Shared card")
    assert card.pk
