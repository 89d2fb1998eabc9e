"""Every page of the seeded demo on a 360 px wide phone: nothing scrolls sideways, and the board shows one column at a
time behind a column switcher."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from boards.models import BacklogItem, Board
from poker import services as poker_services
from retros.models import Retro
from sprints.models import Sprint, SprintState

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 360, "height": 780}


def demo_pages() -> list[str]:
    board = Board.objects.get(slug="demo")
    base = f"/b/{board.slug}"
    active = Sprint.objects.get(board=board, state=SprintState.ACTIVE)
    planned = Sprint.objects.filter(board=board, state=SprintState.PLANNED).first()
    closed = Sprint.objects.filter(board=board, state=SprintState.CLOSED).last()
    item = BacklogItem.objects.filter(board=board).order_by("rank").first()
    retro = Retro.objects.filter(board=board).last()
    sam = board.memberships.get(user__username="sam")
    session = poker_services.session_start(acting=sam, items=[item.pk])
    return [
        "/",
        f"{base}/",
        f"{base}/board/",
        f"{base}/items/{item.pk}/",
        f"{base}/sprints/",
        f"{base}/sprints/{active.number}/",
        f"{base}/sprints/{closed.number}/",
        f"{base}/sprints/{planned.number}/plan/",
        f"{base}/velocity/",
        f"{base}/poker/",
        f"{base}/poker/{session.pk}/",
        f"{base}/standups/",
        f"{base}/standups/history/",
        f"{base}/retros/",
        f"{base}/retros/{retro.pk}/",
        f"{base}/settings/",
    ]


def test_no_page_scrolls_sideways_on_a_phone(logged_in):
    call_command("seed_demo", stdout=StringIO())
    from django.contrib.auth import get_user_model

    page = logged_in(get_user_model().objects.get(username="sam"))
    page.set_viewport_size(PHONE)
    wide = {}
    for path in demo_pages():
        response = page.goto(path)
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = width
    assert wide == {}, f"pages wider than {PHONE['width']} px: {wide}"


def test_the_board_shows_one_column_at_a_time_with_a_switcher(logged_in, team):
    from boards.tests.factories import BacklogItemFactory

    BacklogItemFactory(board=team.board, title="Write the login form", status="todo")
    BacklogItemFactory(board=team.board, title="Review the sign-up", status="testing")
    page = logged_in(team.dev.user)
    page.set_viewport_size(PHONE)
    page.goto("/b/apollo/board/")
    todo, testing = (page.get_by_role("link", name=title) for title in ("Write the login form", "Review the sign-up"))
    expect(todo).to_be_visible()
    expect(testing).to_be_hidden()
    switcher = page.get_by_role("navigation", name="Columns")
    expect(switcher.get_by_role("link", name="To do 1")).to_have_attribute("aria-current", "true")

    switcher.get_by_role("link", name="In testing 1").click()
    expect(testing).to_be_visible()
    expect(todo).to_be_hidden()
    expect(switcher.get_by_role("link", name="In testing 1")).to_have_attribute("aria-current", "true")
    box = switcher.get_by_role("link", name="In testing 1").bounding_box()
    assert box["height"] >= 44  # a thumb's target

    page.set_viewport_size({"width": 1280, "height": 900})
    expect(todo).to_be_visible()
    expect(testing).to_be_visible()
    expect(switcher).to_be_hidden()
