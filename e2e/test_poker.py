"""Three people in three browsers estimate a backlog together, live."""

import re

from playwright.sync_api import expect

from boards.models import BacklogItem
from boards.tests.factories import BacklogItemFactory
from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)
from poker import services

pytestmark = live_server_db()


def seat(page, username):
    return page.locator(f'li.seat[data-username="{username}"]')


def test_three_people_estimate_together_live(asgi_logged_in, team):  # noqa: F811
    login = BacklogItemFactory(board=team.board, title="Login")
    BacklogItemFactory(board=team.board, title="Search")
    sam, paula, dave = (asgi_logged_in(m.user) for m in (team.sm, team.po, team.dev))

    sam.goto("/b/apollo/poker/")
    sam.get_by_role("button", name="Start").click()
    expect(sam.get_by_test_id("current-item")).to_have_text("Login")
    room = sam.url
    for page in (sam, paula, dave):
        page.goto(room)
        expect(page.locator("main [data-live-topic]")).to_have_attribute("data-live-state", "open")

    dave.get_by_role("button", name="Card 5").click()
    for page in (sam, paula):
        expect(seat(page, "dave")).to_contain_text("voted")
        expect(seat(page, "dave")).not_to_contain_text("not voted")
        expect(page.get_by_test_id("tally")).to_have_text("1 of 3 voted")
    paula.get_by_role("button", name="Card 8").click()
    expect(sam.get_by_test_id("tally")).to_have_text("2 of 3 voted")
    expect(seat(dave, "paula")).not_to_contain_text("8")

    sam.get_by_role("button", name="Reveal").click()
    for page in (sam, paula, dave):
        expect(seat(page, "dave").locator(".card-face")).to_have_text("5")
        expect(seat(page, "paula").locator(".card-face")).to_have_text("8")
        expect(page.locator(".suggestion")).to_contain_text("8")

    expect(sam.locator("#accept-points")).to_have_value("8")
    sam.get_by_role("button", name="Accept").click()
    for page in (sam, paula, dave):
        expect(page.get_by_test_id("current-item")).to_have_text("Search")
    login.refresh_from_db()
    assert login.points == 8
    assert BacklogItem.objects.get(title="Search").points is None


def test_a_dropped_voter_shows_away_and_keeps_their_vote(asgi_logged_in, team):  # noqa: F811
    BacklogItemFactory(board=team.board, title="Login")
    from poker import services

    session = services.session_start(acting=team.sm, auto_reveal=False)
    sam, dave = asgi_logged_in(team.sm.user), asgi_logged_in(team.dev.user)
    for page in (sam, dave):
        page.goto(f"/b/apollo/poker/{session.pk}/")
        expect(page.locator("main [data-live-topic]")).to_have_attribute("data-live-state", "open")
    dave.get_by_role("button", name="Card 3").click()
    expect(seat(sam, "dave")).to_contain_text("voted")
    expect(seat(sam, "dave")).not_to_contain_text("away")
    dave.context.close()
    expect(seat(sam, "dave")).to_contain_text("away")
    expect(seat(sam, "dave")).to_contain_text("voted")


def test_the_deck_is_readable_and_the_room_passes_axe_during_a_round(asgi_logged_in, team):  # noqa: F811
    from e2e.axe import serious_violations
    from poker import services

    BacklogItemFactory(board=team.board, title="Login")
    session = services.session_start(acting=team.sm, auto_reveal=False)
    dave = asgi_logged_in(team.dev.user)
    dave.goto(f"/b/apollo/poker/{session.pk}/")
    expect(dave.locator("main [data-live-topic]")).to_have_attribute("data-live-state", "open")
    expect(dave.get_by_role("button", name="Card 13")).to_have_text("13")
    # One synchronous read of the card on the page now: a live refresh may have swapped the round since it was found.
    colours = dave.evaluate(
        """() => { const card = document.querySelector('button[aria-label="Card 13"]');
                   return [getComputedStyle(card).color, getComputedStyle(card).backgroundColor]; }"""
    )
    assert colours[0] != colours[1], f"the card's text is drawn in its background colour: {colours}"
    assert serious_violations(dave) == []


def test_a_russian_browser_votes_and_counts_down_in_russian(asgi_logged_in, team):  # noqa: F811
    BacklogItemFactory(board=team.board, title="Login")
    session = services.session_start(acting=team.sm, countdown_seconds=5)
    dave = asgi_logged_in(team.dev.user)
    dave.set_extra_http_headers({"Accept-Language": "ru"})
    dave.goto(f"/b/apollo/poker/{session.pk}/")
    expect(dave.locator("main [data-live-topic]")).to_have_attribute("data-live-state", "open")
    countdown = dave.locator(".countdown")
    expect(countdown).to_have_text(re.compile(r"^осталось 0:0\d$"))
    dave.get_by_role("button", name="Карта 5").click()
    expect(dave.get_by_role("button", name="Карта 5")).to_have_attribute("aria-pressed", "true")
    expect(dave.get_by_test_id("tally")).to_have_text("Проголосовали: 1 из 3")
    expect(dave.locator(".countdown")).to_have_text("время вышло", timeout=10_000)
