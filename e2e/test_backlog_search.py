"""Search and filters of the backlog in a real browser: results as you type, filters in the address, a saved filter."""

import pytest
from playwright.sync_api import expect

from boards.models import Kind, Status
from boards.tests.factories import BacklogItemFactory
from e2e.axe import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def rows(page):
    return page.locator("#item-list li.item-row .title")


def test_a_product_owner_finds_items_as_they_type_and_saves_the_filter(logged_in, live_server, team):
    BacklogItemFactory(board=team.board, title="Export the monthly reports", kind=Kind.STORY)
    BacklogItemFactory(board=team.board, title="Crash on login", kind=Kind.BUG, description="A report from support")
    BacklogItemFactory(board=team.board, title="Закрыть задачи спринта", status=Status.DONE)
    BacklogItemFactory(board=team.board, title="Onboarding")
    page = logged_in(team.po.user)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/b/apollo/")
    filters = page.get_by_role("search", name="Filter the backlog")
    page.evaluate("window.notReloaded = true")
    expect(rows(page)).to_have_count(4)

    # Typed a letter at a time, as a person types: the list follows, with the matches marked.
    filters.get_by_label("Search").press_sequentially("repo", delay=40)
    expect(rows(page)).to_have_text(["Export the monthly reports", "Crash on login"])
    expect(page.locator("#item-list mark").first).to_contain_text("repo", ignore_case=True)
    expect(page.locator("#item-list .snippet")).to_contain_text("report")
    expect(page.locator("#item-list .count")).to_have_text("2 items match the filter")
    expect(page).to_have_url(f"{live_server.url}/b/apollo/?q=repo")

    # A filter narrows the search further, and the address says both.
    filters.get_by_label("Kind").select_option("bug")
    expect(rows(page)).to_have_text(["Crash on login"])
    expect(page).to_have_url(f"{live_server.url}/b/apollo/?q=repo&kind=bug")

    # Russian: another form of the word finds it (stems on PostgreSQL, the typed beginning on SQLite, whose LIKE
    # folds the case of Latin letters only).
    filters.get_by_label("Kind").select_option("")
    filters.get_by_label("Search").fill("задач")
    expect(rows(page)).to_have_text(["Закрыть задачи спринта"])
    filters.get_by_label("Search").fill("")
    expect(rows(page)).to_have_count(4)

    # Statuses tick together; a bad number says what is wrong, in the list.
    filters.get_by_label("Done").check()
    expect(rows(page)).to_have_text(["Закрыть задачи спринта"])
    filters.get_by_label("To do").check()
    expect(rows(page)).to_have_count(4)
    filters.get_by_label("Done").uncheck()
    expect(rows(page)).to_have_count(3)

    # Saved under a name: listed, and its link brings the filter back after it was cleared.
    page.get_by_label("Save this filter as").fill("Open work")
    page.get_by_role("button", name="Save filter").click()
    expect(page.get_by_text("Saved “Open work”.")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    assert serious_violations(page) == []
    page.get_by_role("link", name="Clear").click()
    expect(rows(page)).to_have_count(4)
    page.get_by_role("link", name="Open work").click()
    expect(page).to_have_url(f"{live_server.url}/b/apollo/?status=todo")
    expect(rows(page)).to_have_count(3)
    expect(filters.get_by_label("To do")).to_be_checked()

    # Deleted, it is gone.
    page.get_by_role("button", name="Delete the saved filter “Open work”").click()
    expect(page.get_by_role("link", name="Open work")).to_have_count(0)
    assert errors == []


def test_another_member_does_not_see_that_saved_filter(logged_in, team):
    from boards import services

    services.saved_filter_save(acting=team.po, name="PO view", query="status=todo")
    page = logged_in(team.dev.user)
    page.goto("/b/apollo/")
    expect(page.get_by_role("heading", name="Product backlog")).to_be_visible()
    expect(page.get_by_role("link", name="PO view")).to_have_count(0)
