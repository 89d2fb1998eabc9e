"""The burndown's today point follows the board live: a card moved to Done by one member lowers the remaining points
on the Scrum Master's open sprint page, without a reload."""

from playwright.sync_api import expect

from boards.tests.factories import BacklogItemFactory
from live.testing import asgi_logged_in, asgi_server, live_server_db  # noqa: F401 (fixtures)
from sprints import services

pytestmark = live_server_db()


def test_a_card_done_on_the_board_lowers_todays_burndown_point(asgi_logged_in, team):  # noqa: F811
    # Every day a working day, so "today" is a drawn point whatever day the suite runs on.
    team.board.working_days = [1, 2, 3, 4, 5, 6, 7]
    team.board.save(update_fields=["working_days"])
    login = BacklogItemFactory(board=team.board, title="Log in", points=5)
    BacklogItemFactory(board=team.board, title="Export CSV", points=3)
    sprint = services.sprint_create(acting=team.po, goal="Accounts")
    services.sprint_add_items(
        acting=team.po, sprint=sprint, item_ids=list(team.board.items.values_list("pk", flat=True))
    )
    services.sprint_start(acting=team.sm, sprint=sprint)

    master, dev = asgi_logged_in(team.sm.user), asgi_logged_in(team.dev.user)
    master.goto("/b/apollo/sprints/1/")
    expect(master.locator("main [data-live-topic]")).to_have_attribute("data-live-state", "open")
    master.evaluate("window.notReloaded = true")
    today = master.locator("#burndown-chart table.series tbody tr").first
    expect(today.locator("td").nth(1)).to_have_text("8")

    dev.goto("/b/apollo/board/")
    dev.get_by_label("Column for “Log in”").select_option("done")
    dev.get_by_role("button", name="Move “Log in”").click()
    expect(dev.locator(f"[data-status='done'] #card-{login.pk}")).to_be_visible()

    expect(today.locator("td").nth(1)).to_have_text("3")
    assert master.evaluate("window.notReloaded") is True
