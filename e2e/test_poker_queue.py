"""The facilitator reorders the poker queue by drag and drop; everyone in the room sees the new order live."""

from playwright.sync_api import expect

from boards.tests.factories import BacklogItemFactory
from e2e.drag import drag, hold_over, watch_refresh
from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)
from poker import services as poker_services
from poker.models import Entry, PokerSession

pytestmark = live_server_db()


def queue_titles(page):
    return page.locator("#poker-queue ol.queue > li[data-entry-id] .title")


def test_dragging_the_third_queued_item_to_the_top_reorders_the_queue_for_everyone(asgi_logged_in, team):  # noqa: F811
    for title in ("Login", "Search", "Export", "Import"):
        BacklogItemFactory(board=team.board, title=title)
    sam, dave = asgi_logged_in(team.sm.user), asgi_logged_in(team.dev.user)

    sam.goto("/b/apollo/poker/")
    sam.get_by_role("button", name="Start").click()
    expect(sam.get_by_test_id("current-item")).to_have_text("Login")
    room = sam.url
    for page in (sam, dave):
        page.goto(room)
        expect(page.locator("main [data-live-topic]")).to_have_attribute("data-live-state", "open")
        expect(queue_titles(page)).to_have_text(["Search", "Export", "Import"])
    # Only the facilitator's queue can be dragged.
    expect(dave.locator("#poker-queue [data-sortable]")).to_have_count(0)
    expect(sam.locator("#poker-queue [data-sortable]")).to_have_count(1)

    queued = sam.locator("#poker-queue ol.queue > li[data-entry-id]")
    # Dragged up past the first entry: "above it", whatever the rows' heights.
    drag(sam, queued.nth(2).locator(".title"), queued.nth(0), y=2)

    expect(queue_titles(sam)).to_have_text(["Import", "Search", "Export"])
    # The server's answer replaced the dragged list: the new first entry has no "up" button, the old one gained it.
    expect(sam.get_by_role("button", name="Move Import up")).to_have_count(0)
    expect(sam.get_by_role("button", name="Move Search up")).to_have_count(1)
    expect(queue_titles(dave)).to_have_text(["Import", "Search", "Export"])
    session = PokerSession.objects.get(board=team.board)
    stored = Entry.objects.filter(session=session, state="queued").order_by("position")
    assert [e.title for e in stored] == ["Import", "Search", "Export"]
    # The reload shows the stored order, and the current item did not change.
    dave.reload()
    expect(queue_titles(dave)).to_have_text(["Import", "Search", "Export"])
    expect(dave.get_by_test_id("current-item")).to_have_text("Login")


def facilitator_in_a_started_room(asgi_logged_in, team):  # noqa: F811
    """Sam's page in a room with three entries queued and its live socket open, and the queue orders it posts."""
    for title in ("Login", "Search", "Export", "Import"):
        BacklogItemFactory(board=team.board, title=title)
    sam = asgi_logged_in(team.sm.user)
    sam.goto("/b/apollo/poker/")
    sam.get_by_role("button", name="Start").click()
    expect(sam.locator("main [data-live-topic]")).to_have_attribute("data-live-state", "open")
    expect(queue_titles(sam)).to_have_text(["Search", "Export", "Import"])
    posts = []
    sam.on("request", lambda r: posts.append(r.url) if r.method == "POST" and "/queue/order/" in r.url else None)
    return sam, posts


def test_dropping_an_entry_where_it_was_saves_nothing(asgi_logged_in, team):  # noqa: F811
    sam, posts = facilitator_in_a_started_room(asgi_logged_in, team)

    queued = sam.locator("#poker-queue ol.queue > li[data-entry-id]")
    # Picked up and put down on itself: the order stays as it was.
    drag(sam, queued.nth(1).locator(".title"), queued.nth(1), y=queued.nth(1).bounding_box()["height"] - 2)
    expect(queue_titles(sam)).to_have_text(["Search", "Export", "Import"])
    # A real move after it: had the first drop posted, its request would have gone out first.
    drag(sam, queued.nth(2).locator(".title"), queued.nth(0), y=2)
    expect(queue_titles(sam)).to_have_text(["Import", "Search", "Export"])
    expect(sam.get_by_role("button", name="Move Import up")).to_have_count(0)  # the server's answer is in
    assert len(posts) == 1


def test_a_queue_changed_during_a_drag_keeps_the_servers_order_and_the_drop_is_not_sent(asgi_logged_in, team):  # noqa: F811
    sam, posts = facilitator_in_a_started_room(asgi_logged_in, team)

    queued = sam.locator("#poker-queue ol.queue > li[data-entry-id]")
    hold_over(sam, queued.nth(2).locator(".title"), queued.nth(0), y=2)
    expect(queue_titles(sam)).to_have_text(["Import", "Search", "Export"])
    # Meanwhile the Product Owner queues a quick round: the new queue is fetched but waits for the drop.
    refreshed = watch_refresh(sam, "poker-queue")
    session = PokerSession.objects.get(board=team.board)
    poker_services.quick_round_add(acting=team.po, session=session, title="Hotfix")
    refreshed()
    assert queue_titles(sam).all_text_contents() == ["Import", "Search", "Export"]

    # The order Sam dragged lacks the new entry: it is not sent, and the queue the server holds shows.
    sam.mouse.up()
    expect(queue_titles(sam)).to_have_text(["Search", "Export", "Import", "Hotfix"])
    stored = Entry.objects.filter(session=session, state="queued").order_by("position")
    assert [e.title for e in stored] == ["Search", "Export", "Import", "Hotfix"]
    assert posts == []


def test_a_quick_round_being_typed_survives_another_facilitator_queueing_one(asgi_logged_in, team):  # noqa: F811
    sam, _ = facilitator_in_a_started_room(asgi_logged_in, team)
    session = PokerSession.objects.get(board=team.board)

    sam.get_by_label("Quick round").fill("Rate lim")
    with sam.expect_response(lambda answer: "/queue/" in answer.url and answer.request.method == "GET"):
        poker_services.quick_round_add(acting=team.po, session=session, title="Hotfix")
    expect(queue_titles(sam)).to_have_text(["Search", "Export", "Import", "Hotfix"])
    expect(sam.get_by_label("Quick round")).to_have_value("Rate lim")
    sam.get_by_label("Quick round").press("End")
    sam.keyboard.type("its")
    sam.get_by_role("button", name="Queue", exact=True).click()
    expect(queue_titles(sam)).to_have_text(["Search", "Export", "Import", "Hotfix", "Rate limits"])
    expect(sam.get_by_label("Quick round")).to_have_value("")
