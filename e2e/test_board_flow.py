"""The Scrum board in a real browser: move cards by their form and by drag and drop; WIP limits show."""

import pytest
from playwright.sync_api import expect

from boards.models import BacklogItem, Status, WipLimit
from boards.tests.factories import BacklogItemFactory
from e2e.drag import drag

pytestmark = pytest.mark.django_db(transaction=True)


def column(page, status):
    return page.locator(f"#board-columns .column[data-status='{status}']")


def test_a_developer_moves_cards_across_columns(logged_in, team):
    WipLimit.objects.create(board=team.board, status=Status.IN_PROGRESS, limit=1)
    BacklogItemFactory(board=team.board, title="Busy", status=Status.IN_PROGRESS)
    card = BacklogItemFactory(board=team.board, title="Login form")
    page = logged_in(team.dev.user)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/b/apollo/board/")
    expect(column(page, "todo")).to_contain_text("Login form")
    expect(column(page, "in_progress").locator(".count")).to_have_text("1 / 1")

    # The card's own form (keyboard friendly).
    page.get_by_label("Column for “Login form”").select_option("in_progress")
    page.get_by_role("button", name="Move “Login form”").click()
    expect(column(page, "in_progress")).to_contain_text("Login form")
    expect(page.get_by_label("Column for “Login form”")).to_be_focused()
    expect(column(page, "in_progress").locator(".count")).to_have_text("2 / 1")
    expect(column(page, "in_progress")).to_have_class("column over-limit is-bottleneck")
    expect(column(page, "in_progress")).to_contain_text("Over WIP limit")
    expect(page.locator("#bottleneck")).to_contain_text("Bottleneck: In progress")

    # Drag and drop with the mouse onto another column (anywhere in it: the card list fills the column).
    drag(page, page.locator(f"#card-{card.pk} .card-meta"), column(page, "testing"))
    expect(column(page, "testing")).to_contain_text("Login form")
    expect(column(page, "in_progress")).not_to_contain_text("Login form")
    expect(column(page, "in_progress").locator(".count")).to_have_text("1 / 1")  # the server's answer
    assert BacklogItem.objects.get(pk=card.pk).status == Status.TESTING
    assert errors == []


def test_a_move_on_one_screen_shows_on_another_after_refresh(logged_in, team):
    card = BacklogItemFactory(board=team.board, title="Shared card")
    owner = logged_in(team.po.user)
    master = logged_in(team.sm.user)
    owner.goto("/b/apollo/board/")
    master.goto("/b/apollo/board/")
    drag(owner, owner.locator(f"#card-{card.pk} .card-meta"), column(owner, "po_review"))
    expect(column(owner, "po_review")).to_contain_text("Shared card")
    # The card sits where it was dropped at once; the column's count changes with the server's answer.
    expect(column(owner, "po_review").locator(".count")).to_have_text("1")
    master.reload()
    expect(column(master, "po_review")).to_contain_text("Shared card")
