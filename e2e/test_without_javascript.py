"""Every page works without JavaScript: plain links and forms, full-page answers."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from boards.models import BacklogItem
from boards.tests.factories import BacklogItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_backlog_and_the_board_work_with_javascript_off(browser, live_server, team):
    BacklogItemFactory(board=team.board, title="Alpha")
    client = Client()
    client.force_login(team.po.user)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto("/b/apollo/")
    page.locator("#add_title").fill("Bravo")
    page.get_by_role("button", name="Add item").click()
    rows = page.locator("#item-list li.item-row .title")
    expect(rows).to_have_text(["Alpha", "Bravo"])

    page.get_by_role("button", name="Move “Bravo” up").click()
    expect(rows).to_have_text(["Bravo", "Alpha"])

    page.get_by_label("Text").fill("alp")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_text(["Alpha"])
    assert "q=alp" in page.url

    page.get_by_role("link", name="Board", exact=True).click()
    page.get_by_label("Column for “Alpha”").select_option("done")
    page.get_by_role("button", name="Move “Alpha”").click()
    expect(page.locator(".column[data-status='done']")).to_contain_text("Alpha")
    assert BacklogItem.objects.get(title="Alpha").status == "done"
    context.close()
