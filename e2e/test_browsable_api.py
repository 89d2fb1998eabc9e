import json

import pytest
from playwright.sync_api import expect

from boards.models import BacklogItem
from boards.tests.factories import BacklogItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_logged_in_member_reads_and_adds_items_in_the_browsable_api(logged_in, team):
    BacklogItemFactory(board=team.board, title="Sign up with email")
    page = logged_in(team.po.user)

    page.goto("/api/v1/boards/apollo/items/")
    expect(page.get_by_text('"Sign up with email"')).to_be_visible()

    page.locator("#id__content").fill(json.dumps({"title": "Export to CSV", "points": 3}))
    page.get_by_role("button", name="POST").click()

    expect(page.get_by_text("HTTP 201 Created")).to_be_visible()
    assert BacklogItem.objects.filter(board=team.board, title="Export to CSV", points=3).exists()


def test_an_outsider_sees_no_board_in_the_browsable_api(logged_in, team):
    BacklogItemFactory(board=team.board, title="Sign up with email")
    page = logged_in(team.outsider)
    page.goto("/api/v1/boards/apollo/items/")
    expect(page.get_by_text("HTTP 404 Not Found")).to_be_visible()
    expect(page.get_by_text("Sign up with email")).to_have_count(0)
