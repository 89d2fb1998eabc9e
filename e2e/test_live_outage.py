"""A board open through a Redis outage shows the cards added during it: the page is told the live layer is down,
polls, and re-fetches once the layer is back. Redis is reached through a gate the test cuts; it is never stopped."""

from playwright.sync_api import expect

from boards.services import item_create
from live.testing import asgi_logged_in, asgi_server, live_server_db, redis_gate  # noqa: F401 (fixtures)
from live.tests.helpers import redis_layers

pytestmark = live_server_db()


def todo(page):
    return page.locator("#board-columns .column[data-status='todo']")


def test_a_board_open_through_a_redis_outage_shows_the_cards_added_during_it(
    asgi_logged_in,  # noqa: F811
    redis_gate,  # noqa: F811
    settings,
    team,
):
    settings.CHANNEL_LAYERS = redis_layers(f"redis://127.0.0.1:{redis_gate.port}/11")
    settings.LIVE_HEARTBEAT_SECONDS = 0.5
    page = asgi_logged_in(team.dev.user)
    page.goto("/b/apollo/board/")
    live = page.locator(".board-live")
    expect(live).to_have_attribute("data-live-state", "open")

    redis_gate.cut()
    item_create(board=team.board, actor=team.po.user, title="Added while Redis was away")
    expect(live).to_have_attribute("data-live-state", "polling", timeout=10_000)
    redis_gate.open()
    expect(todo(page)).to_contain_text("Added while Redis was away", timeout=15_000)
    expect(live).to_have_attribute("data-live-state", "open", timeout=10_000)

    # Back to live: the next change arrives as an event, not by polling.
    item_create(board=team.board, actor=team.po.user, title="Added once Redis was back")
    expect(todo(page)).to_contain_text("Added once Redis was back", timeout=5_000)
