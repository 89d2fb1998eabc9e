"""Bulk edit in the backlog: select three items (a click, then a shift-click for the range) and move them into a
sprint in one action; another member's open backlog shows them move, live. And by keyboard: Space selects rows."""

from playwright.sync_api import expect

from boards.models import BacklogItem, Label
from boards.tests.factories import BacklogItemFactory
from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)
from sprints import services as sprint_services

pytestmark = live_server_db()


def open_backlog(page):
    page.goto("/b/apollo/")
    expect(page.locator(".backlog-live")).to_have_attribute("data-live-state", "open")


def row(page, title):
    return page.locator("#item-list li.item-row", has_text=title)


def test_three_items_selected_by_click_and_shift_click_move_into_a_sprint_live(asgi_logged_in, team):  # noqa: F811
    for title in ("Alpha", "Bravo", "Charlie", "Delta", "Echo"):
        BacklogItemFactory(board=team.board, title=title)
    sprint = sprint_services.sprint_create(acting=team.po, goal="Ship it")
    paula, dave = asgi_logged_in(team.po.user), asgi_logged_in(team.dev.user)
    for page in (paula, dave):
        open_backlog(page)
    expect(dave.locator("#item-list .sprint-tag")).to_have_count(0)

    row(paula, "Bravo").locator("input.select-item").click()
    row(paula, "Delta").locator("input.select-item").click(modifiers=["Shift"])
    expect(paula.locator("#bulk-edit .bulk-count")).to_have_text("3 selected")
    expect(paula.locator("#item-list li.item-row.is-selected .title")).to_have_text(["Bravo", "Charlie", "Delta"])

    paula.locator("#bulk_sprint").select_option(label="Sprint 1")
    paula.get_by_role("button", name="Apply to selected").click()
    expect(paula.locator("#bulk-edit [data-bulk-done]")).to_have_text("Changed 3 items.")
    expect(paula.locator("#bulk-edit .bulk-count")).to_have_text("Select rows to change several items at once.")
    expect(paula.locator("#item-list input.select-item:checked")).to_have_count(0)

    in_sprint = BacklogItem.objects.filter(board=team.board, sprint=sprint).order_by("rank")
    assert list(in_sprint.values_list("title", flat=True)) == ["Bravo", "Charlie", "Delta"]
    # Dave's open backlog shows the three in Sprint 1, without a reload.
    tagged = dave.locator("#item-list li.item-row", has=dave.locator(".sprint-tag", has_text="Sprint 1"))
    expect(tagged.locator(".title")).to_have_text(["Bravo", "Charlie", "Delta"])


def test_space_selects_rows_and_select_all_shown_selects_the_filtered_rows(asgi_logged_in, team):  # noqa: F811
    for title in ("Alpha", "Bravo", "Charlie"):
        BacklogItemFactory(board=team.board, title=title)
    BacklogItemFactory(board=team.board, title="Bug one", kind="bug")
    dave = asgi_logged_in(team.dev.user)
    open_backlog(dave)

    row(dave, "Alpha").focus()
    dave.keyboard.press("Space")
    dave.keyboard.press("j")
    dave.keyboard.press("j")
    dave.keyboard.press("Shift+Space")
    expect(dave.locator("#bulk-edit .bulk-count")).to_have_text("3 selected")
    dave.keyboard.press("k")
    dave.keyboard.press("Space")  # unselects Bravo
    expect(dave.locator("#item-list li.item-row.is-selected .title")).to_have_text(["Alpha", "Charlie"])

    dave.locator("#bulk_points").select_option("5")
    dave.get_by_role("button", name="Apply to selected").click()
    expect(dave.locator("#bulk-edit [data-bulk-done]")).to_have_text("Changed 2 items.")
    points = dict(BacklogItem.objects.filter(board=team.board).values_list("title", "points"))
    assert points == {"Alpha": 5, "Bravo": None, "Charlie": 5, "Bug one": None}

    dave.locator("#filter_kind").select_option("story")
    expect(dave.locator("#item-list li.item-row")).to_have_count(3)
    dave.locator("#bulk-select-all").check()
    expect(dave.locator("#bulk-edit .bulk-count")).to_have_text("3 selected")
    dave.locator("#bulk_status").select_option("in_progress")
    dave.get_by_role("button", name="Apply to selected").click()
    expect(dave.locator("#bulk-edit [data-bulk-done]")).to_have_text("Changed 3 items.")
    statuses = dict(BacklogItem.objects.filter(board=team.board).values_list("title", "status"))
    assert statuses == {"Alpha": "in_progress", "Bravo": "in_progress", "Charlie": "in_progress", "Bug one": "todo"}


def test_a_refused_bulk_names_the_item_and_changes_nothing(asgi_logged_in, team):  # noqa: F811
    from boards.tests.conftest import definitions_with_ticks

    for title in ("Alpha", "Bravo"):
        BacklogItemFactory(board=team.board, title=title)
    definitions_with_ticks(team, kinds=("ready", "done"))
    bravo = BacklogItem.objects.get(title="Bravo")
    bravo.checks.filter(criterion__kind="done").delete()
    dave = asgi_logged_in(team.dev.user)
    open_backlog(dave)
    dave.locator("#bulk-select-all").check()
    dave.locator("#bulk_status").select_option("done")
    dave.get_by_role("button", name="Apply to selected").click()
    expect(dave.locator("#bulk-edit .errorlist")).to_contain_text(f"#{bravo.pk} “Bravo” is not done yet")
    expect(dave.locator("#bulk-edit .bulk-count")).to_have_text("2 selected")  # still selected, to try again
    assert set(BacklogItem.objects.values_list("status", flat=True)) == {"todo"}


def test_a_label_added_to_selected_rows_shows_on_them_and_on_another_members_backlog(asgi_logged_in, team):  # noqa: F811
    for title in ("Alpha", "Bravo", "Charlie"):
        BacklogItemFactory(board=team.board, title=title)
    Label.objects.create(board=team.board, name="checkout")
    dave, sam = asgi_logged_in(team.dev.user), asgi_logged_in(team.sm.user)
    for page in (dave, sam):
        open_backlog(page)

    row(dave, "Alpha").locator("input.select-item").click()
    row(dave, "Charlie").locator("input.select-item").click()
    dave.locator("#bulk_labels_add").select_option(label="checkout")
    dave.get_by_role("button", name="Apply to selected").click()
    expect(dave.locator("#bulk-edit [data-bulk-done]")).to_have_text("Changed 2 items.")

    for page in (dave, sam):  # sam's page without a reload
        labelled = page.locator("#item-list li.item-row", has=page.locator("span.label", has_text="checkout"))
        expect(labelled.locator(".title")).to_have_text(["Alpha", "Charlie"])
