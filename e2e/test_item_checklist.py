"""An item's checklist: one member adds, ticks, reorders and removes sub-tasks on the item page; another member's
open item page follows live without losing what they are typing, and the backlog row shows the progress."""

from playwright.sync_api import expect

from boards.models import ChecklistEntry
from boards.tests.factories import BacklogItemFactory
from e2e.held import held_requests, wait_for_held
from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)

pytestmark = live_server_db()


def open_item(page, item):
    page.goto(f"/b/apollo/items/{item.pk}/")
    expect(page.locator("main [data-live-topic]")).to_have_attribute("data-live-state", "open")


def expect_entries(page, texts):
    """The checklist shows these entries, in this order (each entry's text is its rename field's value)."""
    fields = page.locator("#item-checklist li.checklist-entry input.checklist-text")
    expect(fields).to_have_count(len(texts))
    for index, text in enumerate(texts):
        expect(fields.nth(index)).to_have_value(text)


def test_a_checklist_built_by_one_member_shows_live_on_anothers_item_page(asgi_logged_in, team):  # noqa: F811
    item = BacklogItemFactory(board=team.board, title="Export")
    dave, sam = asgi_logged_in(team.dev.user), asgi_logged_in(team.sm.user)
    for page in (dave, sam):
        open_item(page, item)

    for text in ("Schema", "View", "Tests"):
        dave.locator("#checklist-new").fill(text)
        dave.locator("#checklist-new").press("Enter")
        expect(dave.locator("#checklist-new")).to_have_value("")
    expect_entries(dave, ["Schema", "View", "Tests"])
    expect_entries(sam, ["Schema", "View", "Tests"])

    # Sam starts a new entry; Dave's tick and move arrive meanwhile: Sam's typing is kept.
    sam.locator("#checklist-new").fill("Docs, half typed")
    dave.get_by_role("button", name="Done: Schema").click()
    dave.get_by_role("button", name="Move “Tests” up").click()
    expect(sam.locator("#checklist-heading .checklist-progress")).to_have_text("1/3")
    expect_entries(sam, ["Schema", "Tests", "View"])
    expect(sam.locator("#checklist-new")).to_have_value("Docs, half typed")
    sam.locator("#checklist-new").press("Enter")
    expect_entries(dave, ["Schema", "Tests", "View", "Docs, half typed"])

    dave.get_by_role("button", name="Remove “View”").click()
    expect_entries(sam, ["Schema", "Tests", "Docs, half typed"])
    stored = ChecklistEntry.objects.filter(item=item).order_by("position").values_list("text", "done")
    assert list(stored) == [("Schema", True), ("Tests", False), ("Docs, half typed", False)]

    dave.goto("/b/apollo/")
    expect(dave.locator(f"#item-{item.pk} .checklist-progress")).to_have_text("1/3")


def test_an_empty_entry_is_refused_and_said_why(asgi_logged_in, team):  # noqa: F811
    item = BacklogItemFactory(board=team.board, title="Export")
    dave = asgi_logged_in(team.dev.user)
    open_item(dave, item)
    dave.locator("#checklist-new").fill("   ")
    dave.get_by_role("button", name="Add", exact=True).click()
    expect(dave.locator("#item-checklist .errorlist")).to_have_text("Write something.")
    assert not ChecklistEntry.objects.exists()


def test_two_quick_clicks_whose_second_answer_comes_late_leave_the_checklist_live(asgi_logged_in, team):  # noqa: F811
    """Dave ticks one entry and moves another before the first answer is back: the first answer replaces the
    checklist, so the second one's form is gone when its answer comes. The page must still follow Sam's changes (it
    waits for its own actions before re-fetching, and a lost end of one would have frozen it)."""
    item = BacklogItemFactory(board=team.board, title="Export")
    for position, text in enumerate(("Schema", "View", "Tests")):
        ChecklistEntry.objects.create(board=team.board, item=item, text=text, position=position)
    dave, sam = asgi_logged_in(team.dev.user), asgi_logged_in(team.sm.user)
    for page in (dave, sam):
        open_item(page, item)
    held = held_requests(dave, f"items/{item.pk}/checklist/*", method="POST")

    dave.get_by_role("button", name="Done: Schema").click()
    dave.get_by_role("button", name="Move “Tests” up").click()
    wait_for_held(dave, held, 2)
    assert len(held) == 2
    with dave.expect_response(lambda answer: answer.request.method == "POST"):
        held[0].continue_()
    expect(dave.locator("#checklist-heading .checklist-progress")).to_have_text("1/3")
    with dave.expect_response(lambda answer: answer.request.method == "POST"):
        held[1].continue_()
    expect_entries(dave, ["Schema", "Tests", "View"])

    sam.locator("#checklist-new").fill("Docs")
    sam.locator("#checklist-new").press("Enter")
    expect_entries(dave, ["Schema", "Tests", "View", "Docs"])
