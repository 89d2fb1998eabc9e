"""Every page works without JavaScript: plain links and forms, full-page answers."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from boards.models import BacklogItem, Invitation, Membership, Role
from boards.tests.factories import BacklogItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _without_javascript(browser, live_server, user):
    """A browser context with JavaScript off, logged in as `user`."""
    client = Client()
    client.force_login(user)
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
    return context


def test_the_backlog_and_the_board_work_with_javascript_off(browser, live_server, team):
    BacklogItemFactory(board=team.board, title="Alpha")
    context = _without_javascript(browser, live_server, team.po.user)
    page = context.new_page()
    page.goto("/b/apollo/")
    page.locator("#add_title").fill("Bravo")
    page.get_by_role("button", name="Add item").click()
    rows = page.locator("#item-list li.item-row .title")
    expect(rows).to_have_text(["Alpha", "Bravo"])

    page.get_by_role("button", name="Move “Bravo” up").click()
    expect(rows).to_have_text(["Bravo", "Alpha"])

    page.get_by_label("Search").fill("alp")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(rows).to_have_text(["Alpha"])
    assert "q=alp" in page.url

    page.get_by_role("link", name="Board", exact=True).click()
    page.get_by_label("Column for “Alpha”").select_option("done")
    page.get_by_role("button", name="Move “Alpha”").click()
    expect(page.locator(".column[data-status='done']")).to_contain_text("Alpha")
    assert BacklogItem.objects.get(title="Alpha").status == "done"
    context.close()


def test_the_item_page_and_the_members_work_with_javascript_off(browser, live_server, team):
    item = BacklogItemFactory(board=team.board, title="Export")
    context = _without_javascript(browser, live_server, team.sm.user)
    page = context.new_page()
    page.goto(f"/b/apollo/items/{item.pk}/")
    page.get_by_label("Points").select_option("3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Item saved.")).to_be_visible()
    expect(page.locator("ol.activity")).to_contain_text("changed points: – → 3")
    assert page.url.endswith(f"/b/apollo/items/{item.pk}/")
    # The discussion: comment, then edit it through its plain link.
    page.get_by_label("Comment", exact=True).fill("Needs *care*")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".activity-comment em")).to_have_text("care")
    page.locator(".activity-comment").get_by_role("link", name="Edit").click()
    page.get_by_label("Edit your comment").fill("Needs **great** care")
    page.locator(".comment-edit").get_by_role("button", name="Save").click()
    expect(page.locator(".activity-comment strong").last).to_have_text("great")
    expect(page.locator(".activity-comment .edited")).to_contain_text("edited")

    page.goto("/b/apollo/settings/")
    page.get_by_label("Username").fill("olga")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to olga as Developer, if that user exists.")).to_be_visible()
    assert Invitation.objects.filter(username="olga").exists()
    page.get_by_label("Role of dave").select_option("scrum_master")
    page.locator("#member-dave").get_by_role("button", name="Change").click()
    expect(page.get_by_text("dave is now Scrum Master.")).to_be_visible()
    assert Membership.objects.get(pk=team.dev.pk).role == Role.SCRUM_MASTER
    context.close()
