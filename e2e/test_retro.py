"""Three people in three browsers hold a whole retrospective together, live; the next sprint's retro opens with the
last one's actions."""

from playwright.sync_api import expect

from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)
from retros.models import Action, Retro
from sprints.services import sprint_create

pytestmark = live_server_db()


def phase(page):
    return page.locator(".retro-phases li.current")


def card(page, text):
    return page.locator("li.retro-card", has_text=text)


def live(*pages):
    for page in pages:
        expect(page.locator("[data-live-topic^='retro:']")).to_have_attribute("data-live-state", "open")


def test_three_people_hold_a_retro_live_and_the_next_one_reviews_its_actions(asgi_logged_in, team):  # noqa: F811
    sprint_create(acting=team.sm)
    sam, paula, dave = (asgi_logged_in(m.user) for m in (team.sm, team.po, team.dev))

    sam.goto("/b/apollo/retros/")
    sam.get_by_label("Hide cards while writing").check()
    sam.get_by_role("button", name="Open the retro").click()
    expect(phase(sam)).to_have_text("Review")
    room = sam.url
    for page in (paula, dave):
        page.goto(room)
    live(sam, paula, dave)

    # Write, with the cards hidden: the others see only how many there are.
    sam.get_by_role("button", name="Move on to write").click()
    for page in (sam, paula, dave):
        expect(phase(page)).to_have_text("Write")
    dave.get_by_label("Column").select_option("minuses")
    dave.get_by_label("Card").fill("Flaky <CI> **again**")
    dave.get_by_label("Anonymous").check()
    dave.get_by_role("button", name="Add card").click()
    expect(card(dave, "Flaky <CI> **again**")).to_contain_text("you (anonymous)")
    paula.get_by_label("Card").fill("Great pairing")
    paula.get_by_role("button", name="Add card").click()
    expect(sam.get_by_test_id("count-minuses")).to_have_text("1")
    expect(sam.get_by_test_id("count-pluses")).to_have_text("1")
    expect(paula.get_by_test_id("count-minuses")).to_have_text("1")
    assert "Flaky" not in sam.content() and "Flaky" not in paula.content()

    # Vote: two votes each, hidden from the others until the vote ends.
    sam.get_by_role("button", name="Move on to vote").click()
    for page in (sam, paula, dave):
        expect(card(page, "Flaky <CI> **again**")).to_be_visible()
        expect(page.get_by_test_id("votes-left")).to_have_text("You have 2 of 2 votes left.")
    expect(card(paula, "Flaky <CI>")).to_contain_text("anonymous")
    expect(card(paula, "Flaky <CI>")).not_to_contain_text("dave")
    for left in (1, 0):
        dave.get_by_role("button", name="Vote for: Flaky <CI> **again**").click()
        expect(dave.get_by_test_id("votes-left")).to_have_text(f"You have {left} of 2 votes left.")
    expect(dave.get_by_role("button", name="Vote for: Great pairing")).to_be_disabled()
    paula.get_by_role("button", name="Vote for: Flaky <CI> **again**").click()
    expect(paula.get_by_test_id("votes-left")).to_have_text("You have 1 of 2 votes left.")
    paula.get_by_role("button", name="Vote for: Great pairing").click()
    expect(paula.get_by_test_id("votes-left")).to_have_text("You have 0 of 2 votes left.")
    expect(sam.get_by_test_id("votes")).to_have_count(0)

    # Discuss: cards by votes, an action from the top card.
    sam.get_by_role("button", name="Move on to discuss").click()
    for page in (sam, paula, dave):
        expect(page.locator("ol.ranked li.retro-card").first).to_contain_text("Flaky <CI> **again**")
        expect(page.locator("ol.ranked li.retro-card").first.get_by_test_id("votes")).to_have_text("3 votes")
    sam.get_by_label("From card").select_option(label="Flaky <CI> **again** (3)")
    sam.get_by_label("Action").fill("Quarantine flaky tests")
    sam.get_by_label("Owner").select_option("dave")
    sam.get_by_label("Due").fill("2026-12-18")
    sam.get_by_role("button", name="Add action").click()
    for page in (paula, dave):
        expect(page.locator(".retro-actions")).to_contain_text("Quarantine flaky tests")
        expect(page.locator(".retro-actions")).to_contain_text("dave")

    # Close: everyone sees the summary and the export.
    sam.get_by_role("button", name="Close the retro").click()
    for page in (sam, paula, dave):
        expect(page.get_by_role("heading", name="Summary")).to_be_visible()
        expect(page.get_by_role("link", name="Export as Markdown").first).to_be_visible()
    with dave.expect_download() as download:
        dave.get_by_role("link", name="Export as Markdown").first.click()
    assert download.value.suggested_filename == "retro-apollo-sprint-1.md"
    assert Retro.objects.get().phase == "closed"

    # The action is the team's improvement item on the board.
    paula.goto("/b/apollo/board/")
    expect(paula.locator("#improvement-actions")).to_contain_text("Quarantine flaky tests")

    # The next sprint's retro opens in review with the last one's action: carried over, live for the others.
    sprint_create(acting=team.sm)
    sam.goto("/b/apollo/retros/")
    sam.get_by_label("Sprint").select_option("2")
    sam.get_by_role("button", name="Open the retro").click()
    expect(phase(sam)).to_have_text("Review")
    dave.goto(sam.url)
    live(sam, dave)
    expect(sam.locator(".review-actions")).to_contain_text("Quarantine flaky tests")
    dave.get_by_role("button", name="Carry over: Quarantine flaky tests").click()
    expect(sam.locator(".retro-actions")).to_contain_text("Quarantine flaky tests")
    expect(sam.locator(".review-actions")).to_contain_text("carried over")
    assert Action.objects.filter(state="open").get().retro.sprint.number == 2
    # The board panel follows the action live: ticking it done there takes it off the other browser's board.
    paula.goto("/b/apollo/board/")
    expect(paula.locator("[data-live-topic='board:apollo']").first).to_have_attribute("data-live-state", "open")
    dave.goto("/b/apollo/board/")
    dave.get_by_role("button", name="Done: Quarantine flaky tests").click()
    expect(paula.locator("#improvement-actions")).to_contain_text("No open improvement actions.")
