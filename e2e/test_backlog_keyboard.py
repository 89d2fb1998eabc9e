"""The backlog by keyboard: the list is one tab stop, j/k walk it, Alt+arrows reorder, e edits, Enter opens, ? helps;
each step is announced."""

import pytest
from playwright.sync_api import expect

from boards.models import BacklogItem
from boards.tests.factories import BacklogItemFactory

pytestmark = pytest.mark.django_db(transaction=True)

TAB_STOPS_IN_LIST = """() => Array.from(document.querySelectorAll(
    '#item-list a[href], #item-list button, #item-list input, #item-list select, #item-list [tabindex]'))
  .filter(el => el.tabIndex >= 0 && !el.disabled).length"""


def titles(board):
    return list(BacklogItem.objects.filter(board=board).order_by("rank").values_list("title", flat=True))


def focused_title(page):
    return page.evaluate("document.activeElement.querySelector('.title')?.textContent.trim()")


def test_a_product_owner_grooms_the_backlog_by_keyboard(logged_in, team):
    for title in ("Alpha", "Bravo", "Charlie"):
        BacklogItemFactory(board=team.board, title=title)
    page = logged_in(team.po.user)
    page.goto("/b/apollo/")
    expect(page.locator("#item-list li.item-row")).to_have_count(3)
    assert page.evaluate(TAB_STOPS_IN_LIST) == 1

    page.locator("#item-list li.item-row").first.focus()
    page.keyboard.press("j")
    assert focused_title(page) == "Bravo"
    expect(page.locator("#backlog-announcer")).to_have_text("Bravo, 2 of 3")

    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#backlog-announcer")).to_have_text("Moved: Bravo, 1 of 3")
    assert titles(team.board) == ["Bravo", "Alpha", "Charlie"]
    assert focused_title(page) == "Bravo"
    assert page.evaluate(TAB_STOPS_IN_LIST) == 1
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#backlog-announcer")).to_have_text("Already at the top.")

    page.keyboard.press("End")
    assert focused_title(page) == "Charlie"
    page.keyboard.press("e")
    expect(page.locator("li.item-row.editing input[name='title']")).to_have_value("Charlie")

    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()

    page.goto("/b/apollo/")
    page.locator("#item-list li.item-row").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Bravo")).to_be_visible()


def test_the_keyboard_steps_are_announced_in_the_page_language(logged_in, team):
    for title in ("Alpha", "Bravo", "Charlie"):
        BacklogItemFactory(board=team.board, title=title)
    page = logged_in(team.po.user)
    page.set_extra_http_headers({"Accept-Language": "ru"})
    page.goto("/b/apollo/")
    expect(page.locator("#item-list li.item-row")).to_have_count(3)

    page.locator("#item-list li.item-row").first.focus()
    page.keyboard.press("j")
    expect(page.locator("#backlog-announcer")).to_have_text("Bravo, 2 из 3")
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#backlog-announcer")).to_have_text("Перемещено: Bravo, 1 из 3")
    assert titles(team.board) == ["Bravo", "Alpha", "Charlie"]
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#backlog-announcer")).to_have_text("Уже в самом верху.")
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Горячие клавиши")).to_be_visible()
