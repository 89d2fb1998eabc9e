"""Labels and epics in a real browser: a member creates a label, puts it on an item on the item's page, and filters
the backlog by it; an epic's page and the epics page show its progress as its items get done."""

import pytest
from playwright.sync_api import expect

from boards.models import BacklogItem, Kind, Status
from boards.tests.factories import BacklogItemFactory
from e2e.axe import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def watch_errors(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_a_member_creates_a_label_puts_it_on_an_item_and_filters_the_backlog_by_it(logged_in, team):
    item = BacklogItemFactory(board=team.board, title="Checkout page")
    BacklogItemFactory(board=team.board, title="Nightly backup")
    page = logged_in(team.dev.user)
    errors = watch_errors(page)

    page.goto("/b/apollo/")
    page.get_by_role("link", name="Labels", exact=True).click()
    expect(page.get_by_role("heading", name="Labels", exact=True)).to_be_visible()
    page.get_by_label("Name", exact=True).fill("UX")
    page.get_by_label("Colour", exact=True).select_option(label="Violet")
    page.get_by_role("button", name="Add label").click()
    expect(page.locator("#labels [role=status]")).to_have_text("Label “UX” added.")
    expect(page.locator("#labels .label-7d4fd6.on-light")).to_have_text("UX")
    # The same name in another case is refused, what was typed kept.
    page.get_by_label("Name", exact=True).fill("ux")
    page.get_by_role("button", name="Add label").click()
    expect(page.locator("#labels [role=alert]")).to_contain_text("already has a label named")
    expect(page.get_by_label("Name", exact=True)).to_have_value("ux")
    assert serious_violations(page) == []

    page.goto(f"/b/apollo/items/{item.pk}/")
    page.locator("section[aria-labelledby=edit-heading] form").get_by_label("UX").check()
    page.locator("section[aria-labelledby=edit-heading] form").get_by_role("button", name="Save").click()
    expect(page.get_by_text("Item saved.")).to_be_visible()
    expect(page.locator("dd.labels")).to_have_text("UX")
    assert list(BacklogItem.objects.get(pk=item.pk).labels.values_list("name", flat=True)) == ["UX"]

    page.goto("/b/apollo/")
    rows = page.locator("#item-list li.item-row")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Checkout page").locator(".label")).to_have_text("UX")
    page.locator("#backlog-filters").get_by_label("UX").check()
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Checkout page")
    assert "label=UX" in page.url  # the filtered backlog is a link to share
    assert errors == []


def test_an_epic_shows_its_progress_as_its_items_get_done(logged_in, team):
    epic = BacklogItemFactory(board=team.board, title="Checkout", kind=Kind.EPIC)
    cart = BacklogItemFactory(board=team.board, title="Cart", points=3, epic=epic)
    pay = BacklogItemFactory(board=team.board, title="Pay", points=5, epic=epic)
    other = BacklogItemFactory(board=team.board, title="Receipt", points=2)
    page = logged_in(team.dev.user)
    errors = watch_errors(page)

    page.goto(f"/b/apollo/items/{other.pk}/")
    form = page.locator("section[aria-labelledby=edit-heading] form")
    form.get_by_label("Epic").select_option(label=f"#{epic.pk} Checkout")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Item saved.")).to_be_visible()
    expect(page.locator("#item-detail .facts")).to_contain_text(f"#{epic.pk} Checkout")

    BacklogItem.objects.filter(pk=cart.pk).update(status=Status.DONE)
    page.get_by_role("link", name="Epics", exact=True).click()
    card = page.locator(f"#epic-{epic.pk}")
    expect(card).to_contain_text("1 of 3 items done · 3 of 10 points")
    expect(card.locator("progress")).to_have_attribute("value", "30")
    assert serious_violations(page) == []

    card.get_by_role("link", name=f"#{epic.pk} Checkout").click()
    expect(page.locator(".epic-items")).to_contain_text("1 of 3 items done · 3 of 10 points")
    expect(page.locator(".epic-items li")).to_have_text(
        [f"#{cart.pk} Cart Done · 3 pts", f"#{pay.pk} Pay To do · 5 pts", f"#{other.pk} Receipt To do · 2 pts"]
    )
    assert errors == []
