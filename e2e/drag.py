"""Drag and drop by the mouse, as a hand does it: press, move in small steps, release.

SortableJS (static/js/sortable_lists.js) moves a row as the pointer passes over the others, animating the rows it
displaces, and takes no other step while they move: a drag has to travel through the page at a hand's pace, not jump
to its end as Playwright's drag_to does. Each step here waits until the rows stand still."""

from collections.abc import Callable

SETTLED = "() => !Array.prototype.some.call(document.querySelectorAll('[data-sortable] > *'), (el) => el.animated)"
# htmx sets the lists up on its first "load" event, a moment after the page's own load event that Playwright waits for.
READY = """() => !!window.Sortable
    && Array.prototype.every.call(document.querySelectorAll("[data-sortable]"), (el) => window.Sortable.get(el))"""


def wait_until_draggable(page: object) -> None:
    """Waits until every sortable list on the page takes a drag."""
    page.wait_for_function(READY)


def hold_over(page: object, grip: object, target: object, *, y: float | None = None, steps: int = 12) -> None:
    """Press on the middle of `grip` (a part of the row or card that is no control) and move onto `target` (its
    middle, or `y` px below its top edge) in `steps` moves, still holding the button: the drag is under way."""
    wait_until_draggable(page)
    # A hand sees both ends before it drags: the mouse only reaches what the viewport shows.
    target.scroll_into_view_if_needed()
    grip.scroll_into_view_if_needed()
    start, end = grip.bounding_box(), target.bounding_box()
    x0, y0 = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    x1, y1 = end["x"] + end["width"] / 2, end["y"] + (end["height"] / 2 if y is None else y)
    page.mouse.move(x0, y0)
    page.mouse.down()
    for step in range(1, steps + 1):
        page.mouse.move(x0 + (x1 - x0) * step / steps, y0 + (y1 - y0) * step / steps)
        page.wait_for_function(SETTLED)


def drag(page: object, grip: object, target: object, *, y: float | None = None, steps: int = 12) -> None:
    """`hold_over`, then release: the drop."""
    hold_over(page, grip, target, y=y, steps=steps)
    page.mouse.up()


def watch_refresh(page: object, region_id: str) -> Callable[[], None]:
    """Arms a watch on the page's next re-fetch of the region `region_id` (a live refresh); the function it returns
    waits until htmx has handled that answer, by when any swap of it would have been done."""
    page.evaluate(
        """(id) => { window.refetched = new Promise((resolve) => document.body.addEventListener("htmx:afterRequest",
            (event) => event.detail.elt.id === id && event.detail.requestConfig.verb === "get" && resolve())); }""",
        region_id,
    )
    return lambda: page.evaluate("window.refetched")
