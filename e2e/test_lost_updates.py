"""Two people edit one backlog item at the same time in two browsers: the later save overwrites nothing silently."""

import pytest
from playwright.sync_api import expect

from boards.models import BacklogItem
from boards.tests.factories import BacklogItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def open_inline_edit(page, title):
    page.goto("/b/apollo/")
    page.locator(f"a[aria-label^='Edit #'][aria-label$=' {title}']").click()
    editor = page.locator("li.item-row.editing")
    expect(editor).to_be_visible()
    return editor


def test_the_later_inline_save_shows_the_earlier_one_and_keeps_both(logged_in, team):
    item = BacklogItemFactory(board=team.board, title="Login", points=3)
    owner = logged_in(team.po.user)
    developer = logged_in(team.dev.user)
    owners_editor = open_inline_edit(owner, "Login")
    developers_editor = open_inline_edit(developer, "Login")

    developers_editor.get_by_label("Points").select_option("8")
    developers_editor.get_by_role("button", name="Save").click()
    expect(developer.locator("#item-list li.item-row", has_text="Login")).to_contain_text("8 pts")

    # The owner only renames; the form they opened still shows 3 points.
    owners_editor.get_by_label("Title").fill("Log in with SSO")
    owners_editor.get_by_role("button", name="Save").click()
    expect(owners_editor).to_contain_text("Someone else saved this while you were editing it")
    expect(owners_editor.locator(".field-points .theirs")).to_have_text("Saved meanwhile by someone else: 8")
    expect(owners_editor.get_by_label("Title")).to_have_value("Log in with SSO")
    expect(owners_editor.get_by_label("Points")).to_have_value("8")
    stored = BacklogItem.objects.get(pk=item.pk)
    assert (stored.title, stored.points) == ("Login", 8)

    # Saving again, knowing, keeps the new title and the developer's points.
    owners_editor.get_by_role("button", name="Save").click()
    row = owner.locator("#item-list li.item-row", has_text="Log in with SSO")
    expect(row).to_contain_text("8 pts")
    stored = BacklogItem.objects.get(pk=item.pk)
    assert (stored.title, stored.points) == ("Log in with SSO", 8)


def test_a_stale_save_on_the_item_page_keeps_what_was_typed(logged_in, team):
    item = BacklogItemFactory(board=team.board, title="Export", description="Draft")
    owner = logged_in(team.po.user)
    developer = logged_in(team.dev.user)
    owner.goto(f"/b/apollo/items/{item.pk}/")
    developer.goto(f"/b/apollo/items/{item.pk}/")

    developer.get_by_label("Description").fill("CSV, one row per item")
    developer.get_by_role("button", name="Save").click()
    expect(developer.get_by_text("Item saved.")).to_be_visible()

    owner.get_by_label("Description").fill("Excel too")
    owner.get_by_role("button", name="Save").click()
    expect(owner.locator(".field-description .theirs")).to_have_text(
        "Saved meanwhile by someone else: CSV, one row per item"
    )
    expect(owner.get_by_label("Description")).to_have_value("Excel too")
    assert BacklogItem.objects.get(pk=item.pk).description == "CSV, one row per item"
