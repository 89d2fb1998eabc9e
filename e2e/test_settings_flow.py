"""A new team in a real browser: create a board, set it up, invite a member who accepts and sees it; edit an item."""

import pytest
from playwright.sync_api import expect

from boards.models import Board, Membership, Role
from boards.tests.factories import BacklogItemFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_scrum_master_sets_up_a_board_and_a_new_member_sees_it(logged_in, team):
    newcomer = UserFactory(username="nora")
    master = logged_in(team.sm.user)
    master.goto("/")
    master.get_by_label("Name").fill("Gemini")
    master.get_by_label("Sprint length").select_option("3")
    master.get_by_role("button", name="Create board").click()
    expect(master.get_by_role("heading", name="Product backlog")).to_be_visible()
    expect(master.get_by_text("You are its Scrum Master")).to_be_visible()

    master.get_by_role("link", name="Settings").click()
    master.get_by_label("Retro vote budget").fill("3")
    master.get_by_label("Sat").check()
    master.get_by_label("Time zone").select_option("Europe/Berlin")
    master.get_by_label("In progress").fill("2")
    master.get_by_role("button", name="Save settings").click()
    expect(master.get_by_text("Settings saved.")).to_be_visible()
    board = Board.objects.get(name="Gemini")
    assert (board.sprint_length_weeks, board.retro_vote_budget, board.time_zone) == (3, 3, "Europe/Berlin")
    assert board.working_days == [1, 2, 3, 4, 5, 6]
    assert dict(board.wip_limits.values_list("status", "limit")) == {"in_progress": 2}

    # A bad value shows beside its field and keeps what was typed.
    master.get_by_label("Name", exact=True).fill("")
    master.get_by_label("Retro vote budget").fill("5")
    master.get_by_role("button", name="Save settings").click()
    expect(master.locator(".field-name .errorlist")).to_contain_text("This field is required.")
    expect(master.get_by_label("Retro vote budget")).to_have_value("5")

    master.get_by_label("Username").fill("nora")
    master.locator("#id_role").select_option("product_owner")
    master.get_by_role("button", name="Send invitation").click()
    expect(master.get_by_text("Invitation sent to nora as Product Owner, if that user exists.")).to_be_visible()

    owner = logged_in(newcomer)
    owner.goto("/")
    owner.get_by_role("button", name="Accept the invitation to Gemini").click()
    # The click only sends the request: wait for the page to show the board before reading the database.
    expect(owner.get_by_role("link", name="Gemini")).to_be_visible()
    assert Membership.objects.get(board=board, user=newcomer).role == Role.PRODUCT_OWNER
    owner.get_by_role("link", name="Gemini").click()
    expect(owner.get_by_role("heading", name="Product backlog")).to_be_visible()
    owner.get_by_role("link", name="Settings").click()
    expect(owner.get_by_text("Only the Scrum Master changes settings and members")).to_be_visible()
    expect(owner.get_by_role("button", name="Save settings")).to_have_count(0)

    master.reload()
    master.locator("#member-nora").get_by_role("button", name="Remove nora").click()
    expect(master.get_by_text("nora left the board.")).to_be_visible()
    owner.goto(f"/b/{board.slug}/")
    expect(owner.get_by_role("heading", name="Not found")).to_be_visible()


def test_a_developer_edits_an_item_on_its_page_and_sees_it_in_the_activity(logged_in, team):
    item = BacklogItemFactory(board=team.board, title="Export")
    page = logged_in(team.dev.user)
    page.goto("/b/apollo/")
    page.get_by_role("link", name="Export", exact=True).click()
    expect(page.get_by_role("heading", name="Export")).to_be_visible()
    page.get_by_label("Status").select_option("testing")
    page.get_by_label("Points").select_option("3")
    page.get_by_label("Acceptance criteria").fill("One row per item")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Item saved.")).to_be_visible()
    history = page.locator("ol.activity")
    expect(history).to_contain_text("dave changed status: To do → In testing")
    expect(history).to_contain_text("dave changed points: – → 3")
    expect(page.locator("dl.facts")).to_contain_text("One row per item")
    expect(page.get_by_role("link", name="Delete this item…")).to_have_count(0)
    item.refresh_from_db()
    assert item.status == "testing"


@pytest.mark.parametrize("width", [1280, 360])
def test_the_members_table_stays_inside_its_panel(logged_in, team, width):
    for name in ("Maximiliana", "Bartholomew"):
        Membership.objects.create(board=team.board, user=UserFactory(username=name.lower(), first_name=name))
    page = logged_in(team.sm.user)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/b/apollo/settings/")
    expect(page.get_by_role("button", name="Remove").first).to_be_visible()
    table, panel = page.evaluate(
        "() => { const t = document.querySelector('table.members');"
        " return [t.getBoundingClientRect().right, t.closest('.panel').getBoundingClientRect().right]; }"
    )
    assert table <= panel, f"the members table ends at {table}px, past its panel's {panel}px"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
