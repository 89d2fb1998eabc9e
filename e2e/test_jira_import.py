"""A Product Owner brings a Jira backlog over in a real browser: uploads Jira's CSV, reads the preview (nothing written
yet), maps a status Jira names its own way, imports, and finds the items in the backlog."""

import pytest
from playwright.sync_api import expect

from boards.models import BacklogItem
from e2e.axe import serious_violations
from transfer.tests.jira_csv import jira_csv
from transfer.tests.test_jira_import import BACKLOG

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_product_owner_imports_a_jira_csv_through_its_preview(logged_in, team):
    page = logged_in(team.po.user)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/b/apollo/")
    page.get_by_role("link", name="Import from Jira").click()
    page.get_by_label("Jira CSV file").set_input_files(
        files=[{"name": "jira.csv", "mimeType": "text/csv", "buffer": jira_csv(BACKLOG)}]
    )
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_test_id("import-counts")).to_have_text("5 new, 0 updated, 0 unchanged.")
    expect(page.locator(".import-warnings")).to_contain_text("Row 6: 200 story points: over the deck, set to 100.")
    expect(page.locator("table.import-rows")).to_contain_text("Экспорт отчёта")
    assert not BacklogItem.objects.exists()
    assert serious_violations(page) == []
    page.get_by_label("Blocked").select_option(label="In progress")
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_test_id("import-result")).to_have_text("5 new, 0 updated, 0 unchanged.")
    page.get_by_role("link", name="Open the backlog").click()
    expect(page.locator("#item-list")).to_contain_text("Wire the button")
    assert BacklogItem.objects.get(jira_key="APP-4").status == "in_progress"
    assert errors == []
