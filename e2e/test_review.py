"""A whole sprint review in two browsers, live: the Scrum Master opens it from the sprint page, the Product Owner
accepts one item and rejects another (the Scrum Master's page shows both as they are made), feedback goes into the
backlog, the goal is met, the review is closed and exported."""

from pathlib import Path

from playwright.sync_api import expect

from boards.models import BacklogItem
from boards.tests.factories import BacklogItemFactory
from e2e.axe import serious_violations
from e2e.held import held_requests, wait_for_held
from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)
from reviews.tests.dates import near_its_end
from sprints.services import sprint_add_items, sprint_create, sprint_start

pytestmark = live_server_db()


def active_sprint(team):
    """Sprint 1, goal "Sign-up", ending today: Login Done, Search and Export in PO review."""
    titles = {"Login": "done", "Search": "po_review", "Export": "po_review"}
    items = [BacklogItemFactory(board=team.board, title=title, points=3) for title in titles]
    sprint = sprint_create(acting=team.sm, goal="Sign-up")
    sprint_add_items(acting=team.sm, sprint=sprint, item_ids=[item.pk for item in items])
    sprint_start(acting=team.sm, sprint=sprint)
    for item in items:
        BacklogItem.objects.filter(pk=item.pk).update(status=titles[item.title])
    near_its_end(sprint)


def row(page, title):
    return page.locator("li[data-item-id]", has_text=title)


def test_the_product_owner_runs_a_review_the_scrum_master_sees_live(asgi_logged_in, team):  # noqa: F811
    active_sprint(team)
    sam, paula = asgi_logged_in(team.sm.user), asgi_logged_in(team.po.user)

    sam.goto("/b/apollo/sprints/1/")
    sam.get_by_role("button", name="Open the review").click()
    expect(sam.get_by_role("heading", name="Sprint review: Sprint 1")).to_be_visible()
    paula.goto(sam.url)
    for page in (sam, paula):
        expect(page.locator("section.review[data-live-topic]")).to_have_attribute("data-live-state", "open")
    sam.evaluate("window.notReloaded = true")
    expect(sam.get_by_test_id("review-points")).to_have_text("Committed 9 points, completed 3 points.")
    expect(sam.get_by_role("button", name="Accept: Search")).to_have_count(0)  # only the PO decides
    assert serious_violations(paula) == []

    paula.get_by_role("button", name="Accept: Search").click()
    expect(row(sam, "Search")).to_contain_text("Accepted by the PO")
    expect(sam.get_by_test_id("increment")).to_contain_text("Search")
    paula.get_by_label("Why reject Export?").fill("No CSV yet")
    paula.get_by_role("button", name="Reject: Export").click()
    expect(row(sam, "Export")).to_contain_text("Rejected by the PO: No CSV yet")
    expect(sam.get_by_test_id("unfinished")).to_contain_text("Export")
    expect(sam.get_by_test_id("review-points")).to_have_text("Committed 9 points, completed 6 points.")

    sam.get_by_label("Feedback").fill("Search by tag")
    sam.get_by_label("add it to the bottom of the backlog").check()
    # A reconnect re-fetches every region, the note form too: what is being typed comes back with it.
    with sam.expect_response(lambda answer: "/note-form/" in answer.url):
        sam.evaluate("htmx.trigger('#review-note-form', 'live:refresh')")
    expect(sam.get_by_label("Feedback")).to_have_value("Search by tag")
    expect(sam.get_by_label("add it to the bottom of the backlog")).to_be_checked()
    sam.get_by_role("button", name="Add feedback").click()
    expect(sam.get_by_label("Feedback")).to_have_value("")
    for page in (sam, paula):
        expect(page.locator("#review-notes")).to_contain_text("Search by tag")
        expect(page.locator("#review-notes").get_by_role("link", name="backlog item #")).to_be_visible()
    assert BacklogItem.objects.filter(title="Search by tag", sprint=None).exists()

    paula.get_by_role("button", name="Goal met", exact=True).click()
    expect(sam.get_by_test_id("goal-met")).to_have_text("yes")

    paula.get_by_role("button", name="Close the review").click()
    expect(sam.get_by_text("a read-only summary")).to_be_visible()
    expect(sam.get_by_label("Feedback")).to_have_count(0)
    assert sam.evaluate("window.notReloaded") is True

    with sam.expect_download() as download:
        sam.get_by_role("link", name="Export as Markdown").click()
    assert download.value.suggested_filename == "review-apollo-sprint-1.md"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Goal met: yes" in text and "Search (3): Accepted" in text and "Rejected, No CSV yet" in text

    sam.goto("/b/apollo/sprints/1/")
    sam.get_by_role("link", name="Sprint review").click()
    expect(sam.get_by_test_id("goal-met")).to_have_text("yes")


def test_a_re_fetch_on_a_slow_network_neither_loses_a_note_being_typed_nor_draws_a_sent_one_back(
    asgi_logged_in,  # noqa: F811
    team,
):
    active_sprint(team)
    sam = asgi_logged_in(team.sm.user)
    sam.goto("/b/apollo/sprints/1/")
    sam.get_by_role("button", name="Open the review").click()
    expect(sam.locator("section.review[data-live-topic]")).to_have_attribute("data-live-state", "open")
    held = held_requests(sam, "note-form")

    # The re-fetch leaves with an empty box and comes back after the note was typed.
    sam.evaluate("htmx.trigger('#review-note-form', 'live:refresh')")
    wait_for_held(sam, held, 1)
    sam.get_by_label("Feedback").fill("Search by tag")
    sam.get_by_label("add it to the bottom of the backlog").check()
    with sam.expect_response(lambda answer: "/note-form/" in answer.url):
        held[0].continue_()
    expect(sam.get_by_label("Feedback")).to_have_value("Search by tag")
    expect(sam.get_by_label("add it to the bottom of the backlog")).to_be_checked()

    # The re-fetch leaves with the note in the box and comes back after the note was added.
    sam.evaluate("htmx.trigger('#review-note-form', 'live:refresh')")
    wait_for_held(sam, held, 2)
    sam.get_by_role("button", name="Add feedback").click()
    expect(sam.locator("#review-notes")).to_contain_text("Search by tag")
    expect(sam.get_by_label("Feedback")).to_have_value("")
    held[1].continue_()
    expect(sam.get_by_label("keep it as a note")).to_be_checked()
    sam.wait_for_timeout(300)  # the re-fetch has had time to come back, and changed nothing
    expect(sam.get_by_label("Feedback")).to_have_value("")

    # A re-fetch leaves with the next note in the box, the note is sent, and the re-fetch would come back first: the
    # note's answer (the box emptied) must not go to a form the re-fetch has replaced.
    sam.get_by_label("Feedback").fill("Export to PDF")
    sam.evaluate("htmx.trigger('#review-note-form', 'live:refresh')")
    wait_for_held(sam, held, 3)
    posts = held_requests(sam, "feedback", method="POST")
    sam.get_by_role("button", name="Add feedback").click()
    wait_for_held(sam, posts, 1)
    held[2].continue_()
    posts[0].continue_()
    expect(sam.locator("#review-notes")).to_contain_text("Export to PDF")
    expect(sam.get_by_label("Feedback")).to_have_value("")
    sam.wait_for_timeout(300)
    expect(sam.get_by_label("Feedback")).to_have_value("")
    assert BacklogItem.objects.filter(title="Search by tag").count() == 1
