"""On a phone, dragging is by touch: a press held on a backlog row picks it up and moves it, a swipe over the rows
scrolls the page and moves nothing (SortableJS waits a moment before it takes a touch for a drag)."""

import re

import pytest
from playwright.sync_api import expect

from boards.models import BacklogItem
from boards.tests.factories import BacklogItemFactory
from e2e.drag import SETTLED, wait_until_draggable

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 360, "height": 780}


class Finger:
    """One finger on a touch screen (Chrome's DevTools protocol: Playwright's own touch API only taps)."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})

    def down(self, x: float, y: float) -> None:
        self.cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})

    def move(self, x: float, y: float) -> None:
        self.cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})

    def up(self) -> None:
        self.cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def middle(locator: object) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_on_a_phone_a_held_row_drags_and_a_swipe_scrolls(logged_in, team):
    for n in range(12):
        BacklogItemFactory(board=team.board, title=f"Item {n}")
    page = logged_in(team.po.user)
    page.set_viewport_size(PHONE)
    page.goto("/b/apollo/")
    finger = Finger(page)
    wait_until_draggable(page)
    rows = page.locator("#item-list li.item-row")
    titles = page.locator("#item-list li.item-row .title")
    rows.nth(3).scroll_into_view_if_needed()

    # Held: the row is picked up, then dragged up over the second row, and dropped there.
    x, y = middle(rows.nth(3).locator(".item-id"))
    top = rows.nth(1).bounding_box()["y"] + 3
    finger.down(x, y)
    expect(rows.nth(3)).to_have_class(re.compile(r"\bsortable-chosen\b"))
    for step in range(1, 13):
        finger.move(x, y + (top - y) * step / 12)
        page.wait_for_function(SETTLED)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/move/")) as answer:
        finger.up()
    assert answer.value.ok
    expect(titles.nth(1)).to_have_text("Item 3")
    assert list(BacklogItem.objects.filter(board=team.board).order_by("rank").values_list("title", flat=True))[:4] == [
        "Item 0",
        "Item 3",
        "Item 1",
        "Item 2",
    ]

    # Swiped: the page scrolls, no row moves and nothing is posted.
    moves = []
    page.on("request", lambda r: moves.append(r.url) if r.method == "POST" else None)
    before = page.evaluate("scrollY")
    x, y = middle(rows.nth(4).locator(".item-id"))
    finger.down(x, y)
    for step in range(1, 8):  # the first move comes at once, well within the press that would pick the row up
        finger.move(x, y - 20 * step)
    finger.up()
    page.wait_for_function("before => scrollY > before", arg=before)
    expect(rows.locator(".sortable-chosen")).to_have_count(0)
    assert titles.all_text_contents()[:5] == ["Item 0", "Item 3", "Item 1", "Item 2", "Item 4"]
    assert moves == []
