"""A stand-up in two browsers, live: a developer posts an entry with a blocker and the Scrum Master sees it appear;
the Scrum Master starts the timebox and both see the countdown; the blocker shows on the board page until someone
resolves it there, and the stand-up page drops it at once."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from boards.tests.factories import BacklogItemFactory
from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)
from sprints import services as sprint_services
from standups.models import Blocker
from timers.models import Timer

pytestmark = live_server_db()


def active_sprint(team):
    # Every day a working day, so "today" is a stand-up day whatever day the suite runs on.
    team.board.working_days = [1, 2, 3, 4, 5, 6, 7]
    team.board.save(update_fields=["working_days"])
    login = BacklogItemFactory(board=team.board, title="Log in", points=5)
    sprint = sprint_services.sprint_create(acting=team.po, goal="Accounts")
    sprint_services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[login.pk])
    sprint_services.sprint_start(acting=team.sm, sprint=sprint)
    return login


def following(page):
    for scope in (".standup-main", ".board-live"):
        expect(page.locator(f"{scope}[data-live-topic]")).to_have_attribute("data-live-state", "open")


def test_a_stand_up_with_a_blocker_resolved_live(asgi_logged_in, team):  # noqa: F811
    login = active_sprint(team)
    dave, sam = asgi_logged_in(team.dev.user), asgi_logged_in(team.sm.user)
    for page in (dave, sam):
        page.goto("/b/apollo/standups/")
        following(page)
    sam.evaluate("window.notReloaded = true")
    expect(sam.get_by_test_id("not-spoken")).to_have_text("Not spoken yet: dave, paula, sam")

    dave.get_by_label("What I did").fill("Login form <b>done</b>")
    dave.get_by_label("What I will do").fill("Error messages")
    dave.get_by_label("What blocks me").fill(f"Waiting for review of #{login.pk}")
    dave.get_by_role("button", name="Post my entry").click()
    expect(dave.locator("#my-entry .saved")).to_be_visible()

    entry = sam.locator('li.entry[data-member="dave"]')
    expect(entry).to_contain_text("Login form <b>done</b>")  # shown as typed, not as markup
    expect(entry).to_contain_text("Error messages")
    expect(sam.get_by_test_id("not-spoken")).to_have_text("Not spoken yet: paula, sam")
    expect(sam.locator("#open-blockers .blocker-text")).to_have_text(f"Waiting for review of #{login.pk}")
    expect(sam.locator("#open-blockers")).to_contain_text(f"#{login.pk} Log in")

    expect(dave.get_by_role("button", name="Start the timer")).to_have_count(0)
    expect(sam.get_by_label("Minutes")).to_have_value("15")
    sam.get_by_role("button", name="Start the timer").click()
    for page in (sam, dave):
        expect(page.get_by_test_id("countdown")).to_have_text(re.compile(r"^1[45]:\d\d left$"))

    board = asgi_logged_in(team.dev.user)
    board.goto("/b/apollo/board/")
    expect(board.locator(".board-live[data-live-topic]")).to_have_attribute("data-live-state", "open")
    expect(board.get_by_test_id("open-blockers-count")).to_have_text("1")
    board.get_by_role("button", name=f"Resolve “Waiting for review of #{login.pk}”").click()
    expect(board.locator("#open-blockers")).to_contain_text("No open blockers.")
    expect(sam.locator("#open-blockers")).to_contain_text("No open blockers.")
    assert sam.evaluate("window.notReloaded") is True
    resolved = Blocker.objects.get()
    assert (resolved.resolved_by, resolved.item_id) == (team.dev.user, login.pk)


def test_the_countdown_says_when_time_is_up(asgi_logged_in, team):  # noqa: F811
    active_sprint(team)
    from standups.services import timebox_start

    timer = timebox_start(acting=team.sm, day=team.board.today())
    Timer.objects.filter(pk=timer.pk).update(ends_at=timezone.now() + dt.timedelta(seconds=8))
    dave = asgi_logged_in(team.dev.user)
    dave.goto("/b/apollo/standups/")
    expect(dave.get_by_test_id("countdown")).to_have_text(re.compile(r"^0:0\d left$"))
    expect(dave.get_by_test_id("countdown")).to_have_text("Time is up", timeout=15_000)


def test_the_countdown_speaks_russian_to_a_russian_browser(asgi_logged_in, team):  # noqa: F811
    active_sprint(team)
    from standups.services import timebox_start

    timer = timebox_start(acting=team.sm, day=team.board.today())
    Timer.objects.filter(pk=timer.pk).update(ends_at=timezone.now() + dt.timedelta(seconds=8))
    dave = asgi_logged_in(team.dev.user)
    dave.set_extra_http_headers({"Accept-Language": "ru"})
    dave.goto("/b/apollo/standups/")
    expect(dave.get_by_role("heading", level=1)).to_contain_text("Дейли")
    expect(dave.get_by_test_id("countdown")).to_have_text(re.compile(r"^осталось 0:0\d$"))
    expect(dave.get_by_test_id("countdown")).to_have_text("Время вышло", timeout=15_000)
