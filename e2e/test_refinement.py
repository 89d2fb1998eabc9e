"""Backlog refinement in a real browser: the Product Owner writes acceptance criteria on an item in place, splits an
item over 13 points into two, and finds the parts in the backlog where the item was."""

import pytest
from playwright.sync_api import expect

from boards import services
from boards.models import BacklogItem
from boards.tests.factories import BacklogItemFactory
from e2e.axe import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_product_owner_refines_and_splits_items(logged_in, team):
    services.definitions_set(acting=team.po, ready=[{"text": "Estimated"}, {"text": "Criteria written"}], done=[])
    alpha = BacklogItemFactory(board=team.board, title="Alpha", points=3)
    big = BacklogItemFactory(board=team.board, title="Export everything", points=40)
    charlie = BacklogItemFactory(board=team.board, title="Charlie")
    page = logged_in(team.po.user)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto("/b/apollo/")
    # The ceremonies share one menu in the navigation: closed, its links are out of sight.
    expect(page.get_by_role("link", name="Refinement")).to_be_hidden()
    page.get_by_role("button", name="Ceremonies").click()
    page.get_by_role("link", name="Refinement").click()
    expect(page.get_by_role("heading", name="Backlog refinement", level=1)).to_be_visible()
    expect(page.locator("#timer-refinement")).to_be_visible()
    assert serious_violations(page) == []
    page.evaluate("window.notReloaded = true")

    # Acceptance criteria written in place: the card comes back saved, its hint gone.
    card = page.locator(f"#refine-{alpha.pk}")
    expect(card).to_contain_text("No acceptance criteria")
    card.get_by_label("Acceptance criteria").fill("Given a backlog, when exported, then one row per item")
    card.get_by_role("button", name="Save").click()
    expect(page.locator(f"#refine-{alpha.pk}")).to_contain_text("Item saved.")
    expect(page.locator(f"#refine-{alpha.pk}")).not_to_contain_text("No acceptance criteria")
    assert BacklogItem.objects.get(pk=alpha.pk).acceptance_criteria.startswith("Given a backlog")

    # The Definition of Ready ticked on the card: pressed in place, and the item ready once both are.
    card = page.locator(f"#refine-{alpha.pk}")
    card.get_by_role("button", name="Estimated").click()
    expect(page.locator(f"#refine-{alpha.pk}").get_by_role("button", name="Estimated")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.locator(f"#refine-{alpha.pk}").get_by_role("button", name="Criteria written").click()
    expect(page.locator(f"#refine-{alpha.pk}").get_by_role("button", name="Criteria written")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert BacklogItem.objects.get(pk=alpha.pk).ready

    # The item over 13 points says so, and splits into two parts that take its place.
    card = page.locator(f"#refine-{big.pk}")
    expect(card).to_contain_text("Over 13 points: split it")
    card.get_by_label("Split into (one title per line)").fill("Export as CSV\nExport as PDF")
    card.get_by_role("button", name="Split", exact=True).click()
    expect(page.get_by_text(f"Split #{big.pk} into")).to_be_visible()
    parts = [f"#{part.pk} {part.title}" for part in BacklogItem.objects.filter(split_from=big).order_by("rank")]
    assert parts[0].endswith("Export as CSV") and parts[1].endswith("Export as PDF")
    # Alpha, ready now, has left refinement; the parts stand where the big item stood.
    expect(page.locator(".refine-title a")).to_have_text([*parts, f"#{charlie.pk} Charlie"])
    assert page.evaluate("window.notReloaded") is True

    page.get_by_role("link", name="Backlog", exact=True).click()
    expect(page.locator("#item-list li.item-row .title")).to_have_text(
        ["Alpha", "Export as CSV", "Export as PDF", "Charlie"]
    )
    assert errors == []
