"""A form the server refuses comes back as the form with its errors, what the user typed kept, DEBUG or not."""

import pytest
from playwright.sync_api import expect

from boards.models import BacklogItem

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("debug", [True, False], ids=["make-run-debug", "production"])
def test_a_refused_htmx_form_keeps_the_page_and_the_input(logged_in, team, settings, debug):
    # `make run` serves with DEBUG on: django-htmx's debug script used to swap any 400 for the whole page.
    settings.DEBUG = debug
    page = logged_in(team.po.user)
    page.goto("/b/apollo/")
    page.locator("#add_title").fill("   ")
    page.locator("#add_points").select_option("5")
    page.get_by_role("button", name="Add item").click()

    expect(page.locator(".add-item .errorlist")).to_contain_text("This field is required.")
    expect(page.get_by_role("heading", name="Product backlog")).to_be_visible()
    expect(page.locator("#add_points")).to_have_value("5")
    assert not BacklogItem.objects.exists()
