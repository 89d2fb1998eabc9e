"""An item's discussion between two members, live: one comments with an @mention chosen from the autocomplete, the
other sees it appear without a reload, edits their own comment, and the first sees it marked edited. A draft being
typed survives the live refresh."""

from playwright.sync_api import expect

from boards.tests.factories import BacklogItemFactory
from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)

pytestmark = live_server_db()


def test_a_mention_chosen_from_the_list_shows_live_and_an_edit_shows_as_edited(asgi_logged_in, team):  # noqa: F811
    item = BacklogItemFactory(board=team.board, title="Export to CSV")
    paula, dave = asgi_logged_in(team.po.user), asgi_logged_in(team.dev.user)
    for page in (paula, dave):
        page.goto(f"/b/apollo/items/{item.pk}/")
        expect(page.locator("main [data-live-topic]")).to_have_attribute("data-live-state", "open")
    dave.evaluate("window.notReloaded = true")
    # Dave starts a comment of his own: it must survive the refreshes Paula's comments cause.
    dave.locator("#comment-new").fill("Half a thought")

    box = paula.locator("#comment-new")
    box.click()
    box.press_sequentially("Can you look, @d")
    listbox = paula.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_text(["@dave"])
    box.press("Escape")
    expect(listbox).to_have_count(0)
    box.press_sequentially("a")
    expect(listbox.get_by_role("option", name="@dave")).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")  # one option: it stays chosen
    box.press("Enter")
    expect(box).to_have_value("Can you look, @dave ")
    box.press_sequentially("and @s")
    expect(listbox.get_by_role("option")).to_have_text(["@sam"])
    listbox.get_by_role("option", name="@sam").click()
    expect(box).to_have_value("Can you look, @dave and @sam ")
    paula.get_by_role("button", name="Post comment").click()

    comment = dave.locator(".activity-comment", has_text="Can you look")
    expect(comment.locator(".mention")).to_have_text(["@dave", "@sam"])
    expect(dave.locator("#comment-new")).to_have_value("Half a thought")
    assert dave.evaluate("window.notReloaded") is True

    # Dave answers, then edits his answer inline; Paula sees it edited.
    # (The post's own answer and the live refresh it causes both redraw the region: wait for both, so the click on
    # "Edit" lands on the region as it stays.)
    dave.evaluate(
        "window.swaps = 0; document.addEventListener('htmx:afterSettle', e => {"
        " if (e.detail.target.id === 'item-discussion') window.swaps++; })"
    )
    dave.get_by_role("button", name="Post comment").click()
    dave.wait_for_function("() => window.swaps >= 2")
    mine = dave.locator(".activity-comment", has_text="Half a thought")
    mine.get_by_role("link", name="Edit").click()
    editor = dave.get_by_label("Edit your comment")
    editor.fill("A whole thought, @paula")
    dave.locator(".comment-edit").get_by_role("button", name="Save").click()
    expect(dave.locator(".activity-comment", has_text="A whole thought").locator(".edited")).to_contain_text("edited")
    theirs = paula.locator(".activity-comment", has_text="A whole thought")
    expect(theirs.locator(".edited")).to_contain_text("edited")
    expect(theirs.locator(".mention")).to_have_text("@paula")
    expect(paula.locator(".activity-comment", has_text="Half a thought")).to_have_count(0)
