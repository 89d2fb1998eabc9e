"""The Definitions of Ready and Done in a real browser: a member ticks the Definition of Ready on the item's page and
sees it become ready; the board refuses a drop into Done while the Definition of Done is not met, saying what is
missing."""

import pytest
from playwright.sync_api import expect

from boards.models import BacklogItem, Criterion, CriterionCheck, Status
from boards.services.definitions import definitions_add_defaults
from boards.tests.factories import BacklogItemFactory
from e2e.axe import serious_violations
from e2e.drag import drag

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_ticks_the_definition_of_ready_and_sees_the_item_become_ready(logged_in, team):
    definitions_add_defaults(board=team.board)
    item = BacklogItemFactory(board=team.board, title="Export to CSV", points=3, acceptance_criteria="One row per item")
    page = logged_in(team.dev.user)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/b/apollo/items/{item.pk}/")
    checks = page.locator("#item-checks")
    expect(checks.locator(".ready-state")).to_have_text("Not ready")

    for text in ("Acceptance criteria written", "Estimated", "At most 13 points (else split it)"):
        button = checks.get_by_role("button", name=text)
        button.click()
        expect(checks.get_by_role("button", name=text)).to_have_attribute("aria-pressed", "true")
    expect(checks.locator(".ready-state")).to_have_text("✔ Definition of Ready met")
    assert BacklogItem.objects.get(pk=item.pk).ready
    assert serious_violations(page) == []

    page.goto("/b/apollo/?ready=yes")
    expect(page.locator("#item-list")).to_contain_text("Export to CSV")
    assert errors == []


def test_the_board_refuses_a_drop_into_done_with_an_unticked_definition_of_done(logged_in, team):
    definitions_add_defaults(board=team.board)
    card = BacklogItemFactory(board=team.board, title="Checkout", status=Status.PO_REVIEW)
    for criterion in Criterion.objects.filter(board=team.board, kind="done", text__in=["Code reviewed", "Tests pass"]):
        CriterionCheck.objects.create(board=team.board, item=card, criterion=criterion)
    page = logged_in(team.dev.user)
    page.goto("/b/apollo/board/")
    done = page.locator("#board-columns .column[data-status='done']")

    drag(page, page.locator(f"#card-{card.pk} .card-meta"), done)

    expect(page.locator("#flash")).to_contain_text("Definition of Done is not met")
    expect(page.locator("#flash")).to_contain_text("Accepted by the Product Owner")
    # The refused drop is fetched back: the card stays where it was.
    expect(page.locator("#board-columns .column[data-status='po_review']")).to_contain_text("Checkout")
    expect(done).not_to_contain_text("Checkout")
    assert BacklogItem.objects.get(pk=card.pk).status == Status.PO_REVIEW
