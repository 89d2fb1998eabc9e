"""A ceremony timer in two browsers, live: on the planning page the Scrum Master starts the timer and the developer
sees the same countdown; the Scrum Master stops it and both see it stopped, without a reload."""

import re

from playwright.sync_api import expect

from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)
from sprints import services as sprint_services

pytestmark = live_server_db()

PLAN = "/b/apollo/sprints/1/plan/"


def test_the_scrum_master_starts_and_stops_a_timer_everyone_sees(asgi_logged_in, team):  # noqa: F811
    sprint_services.sprint_create(acting=team.po, goal="Accounts")
    sam, dave = asgi_logged_in(team.sm.user), asgi_logged_in(team.dev.user)
    for page in (sam, dave):
        page.goto(PLAN)
        expect(page.locator(".timer-live[data-live-topic]")).to_have_attribute("data-live-state", "open")
        expect(page.get_by_test_id("countdown")).to_have_text("Not started: the Scrum Master starts the timer.")
    dave.evaluate("window.notReloaded = true")
    expect(dave.get_by_role("button", name="Start the timer")).to_have_count(0)
    expect(sam.get_by_label("Minutes")).to_have_value("240")  # two hours a week of a two-week sprint

    sam.get_by_label("Minutes").fill("30")
    sam.get_by_role("button", name="Start the timer").click()
    for page in (sam, dave):
        expect(page.get_by_test_id("countdown")).to_have_text(re.compile(r"^(30:00|29:\d\d) left$"))
    first = dave.get_by_test_id("countdown").text_content()
    expect(dave.get_by_test_id("countdown")).not_to_have_text(first)  # it ticks
    expect(dave.get_by_role("button", name="Stop the timer")).to_have_count(0)

    sam.get_by_role("button", name="Stop the timer").click()
    for page in (sam, dave):
        expect(page.get_by_test_id("countdown")).to_have_text(
            re.compile(r"^Stopped at \d\d:\d\d \S+, after 0 minutes$")
        )
    expect(sam.get_by_role("button", name="Start the timer")).to_be_visible()
    assert dave.evaluate("window.notReloaded") is True
