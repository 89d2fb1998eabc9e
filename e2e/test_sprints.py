"""Plan a sprint, start it, move an item to Done and see the burndown change; the charts render in Chromium."""

import datetime as dt
import os

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from boards import services as board_services
from boards.models import Status
from boards.tests.factories import BacklogItemFactory
from sprints import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_team_plans_starts_and_burns_down_a_sprint(team, logged_in):
    login = BacklogItemFactory(board=team.board, title="Log in with SSO", points=5, ready=True)
    export = BacklogItemFactory(board=team.board, title="Export CSV", points=3, ready=True)
    vague = BacklogItemFactory(board=team.board, title="Vague idea", points=None, ready=False)

    po = logged_in(team.po.user)
    po.goto("/b/apollo/sprints/")
    po.get_by_label("Goal").fill("Let customers sign in")
    po.get_by_role("button", name="Plan sprint").click()
    expect(po.get_by_role("heading", name="Plan Sprint 1")).to_be_visible()
    expect(po.locator("#plan-totals")).to_contain_text("no forecast yet")

    po.get_by_role("button", name=f"Add #{login.pk} Log in with SSO to the sprint").click()
    expect(po.locator("#committed-points")).to_have_text("5")
    po.get_by_role("button", name=f"Add #{export.pk} Export CSV to the sprint").click()
    expect(po.locator("#committed-points")).to_have_text("8")
    po.get_by_role("button", name=f"Add #{vague.pk} Vague idea to the sprint").click()
    expect(po.locator("#plan-warnings")).to_contain_text("1 item not estimated.")
    po.get_by_role("button", name=f"Remove #{vague.pk} Vague idea from the sprint").click()
    expect(po.locator("#plan-warnings")).to_have_count(0)
    expect(po.locator("#plan-sprint li")).to_have_count(2)

    sm = logged_in(team.sm.user)
    sm.goto("/b/apollo/sprints/1/")
    sm.get_by_role("button", name="Start sprint").click()
    expect(sm.get_by_text("Sprint 1 started.")).to_be_visible()
    expect(sm.locator("#burndown-chart table.series tbody tr").first).to_contain_text("8")

    # A developer moves the item to Done on the Scrum board, in a browser of their own.
    dev = logged_in(team.dev.user)
    dev.goto("/b/apollo/board/")
    dev.get_by_label("Column for “Log in with SSO”").select_option("done")
    dev.get_by_role("button", name="Move “Log in with SSO”").click()
    expect(dev.locator(f"[data-status='done'] #card-{login.pk}")).to_be_visible()
    sm.reload()
    today = sm.locator("#burndown-chart table.series tbody tr").first
    expect(today.locator("td").nth(1)).to_have_text("3")
    expect(sm.locator("svg.burndown circle.remaining title").first).to_have_text(
        f"{timezone.now():%a %-d %b}: 3 points remaining"
    )

    # The Scrum Master closes it: the unfinished item goes back to the top of the backlog; velocity shows the sprint.
    sm.get_by_label("to the top of the backlog").check()
    sm.get_by_role("button", name="Close sprint").click()
    expect(sm.get_by_text("Sprint 1 closed.")).to_be_visible()
    expect(sm.locator(".sprint-meta")).to_contain_text("completed 5 points")
    sm.get_by_role("link", name="Velocity").click()
    expect(sm.locator("#forecast")).to_have_text("5 points")
    sm.get_by_role("link", name="Backlog").click()
    expect(sm.locator("#item-list li.item-row .title").first).to_have_text("Export CSV")


def _shot(page, section, path):
    """The section from its top to the bottom of its chart: heading, chart and legend, without the data table."""
    box = page.locator(section).bounding_box()
    chart = page.locator(f"{section} svg").bounding_box()
    clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": chart["y"] + chart["height"] - box["y"] + 8}
    page.screenshot(path=path, clip=clip)


def test_the_charts_render(team, logged_in):
    """The worked sprint's charts in Chromium; with SCREENSHOT_DIR set, also saved for the docs."""
    for committed, done in [([8, 5, 3], 2), ([5, 5, 3, 2], 3), ([13, 3, 2], 2)]:
        items = [BacklogItemFactory(board=team.board, points=p) for p in committed]
        with time_machine.travel(dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC), tick=False):
            sprint = services.sprint_create(acting=team.po, goal="Earlier work")
            services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[i.pk for i in items])
            services.sprint_start(acting=team.sm, sprint=sprint)
            for item in items[:done]:
                board_services.item_update(actor=team.dev.user, item=item, status=Status.DONE)
            services.sprint_close(acting=team.sm, sprint=sprint)
    items = {
        name: BacklogItemFactory(board=team.board, title=f"Story {name}", points=p, ready=True)
        for name, p in [("A", 5), ("B", 3), ("C", 8), ("D", 2), ("E", 5), ("G", 3)]
    }

    def at(day, hour):
        return dt.datetime(2026, 3, day, hour, tzinfo=dt.UTC)

    def update(when, name, **fields):
        with time_machine.travel(when, tick=False):
            board_services.item_update(actor=team.dev.user, item=items[name], **fields)

    with time_machine.travel(at(1, 10), tick=False):
        sprint = services.sprint_create(
            acting=team.po, goal="Ship search", start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 13)
        )
        services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[items[n].pk for n in "ABCDE"])
    with time_machine.travel(at(2, 9), tick=False):
        services.sprint_start(acting=team.sm, sprint=sprint)
    update(at(3, 15), "A", status=Status.IN_PROGRESS)
    update(at(3, 17), "A", status=Status.DONE)
    update(at(4, 10), "B", status=Status.TESTING)
    update(at(5, 11), "C", points=13)
    update(at(6, 16), "B", status=Status.DONE)
    update(at(7, 12), "D", status=Status.DONE)
    with time_machine.travel(at(9, 10), tick=False):
        services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[items["G"].pk])
    with time_machine.travel(at(10, 10), tick=False):
        services.sprint_remove_items(acting=team.po, sprint=sprint, item_ids=[items["E"].pk])
    update(at(11, 10), "C", status=Status.PO_REVIEW)
    update(at(12, 12), "G", status=Status.DONE)

    shots = os.environ.get("SCREENSHOT_DIR")
    with time_machine.travel(at(12, 14)):
        page = logged_in(team.sm.user)
        page.set_viewport_size({"width": 1000, "height": 900})
        page.goto(f"/b/apollo/sprints/{sprint.number}/")
        chart = page.locator("svg.burndown")
        expect(chart).to_be_visible()
        expect(chart.locator("circle.remaining")).to_have_count(11)  # Mon 2 … Thu 12; Fri 13 is tomorrow
        expect(chart.locator(".legend")).to_contain_text("Remaining points")
        expect(page.locator(".scope-changes li")).to_have_count(3)
        assert chart.bounding_box()["width"] > 600
        if shots:
            _shot(page, "#burndown-chart", os.path.join(shots, "screenshot-burndown.png"))
        page.goto("/b/apollo/velocity/")
        expect(page.locator("svg.velocity > rect.bar.completed")).to_have_count(3)
        expect(page.locator("#forecast")).to_have_text("14 points")  # (13 + 13 + 16) / 3
        if shots:
            _shot(page, "#velocity-chart", os.path.join(shots, "screenshot-velocity.png"))
        page.emulate_media(media="print")
        expect(page.locator(".topbar")).to_be_hidden()
        expect(page.locator("svg.velocity")).to_be_visible()
