import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import BacklogItem, ItemEvent, Status, WipLimit
from boards.tests.conftest import HTMX, assert_sends_anonymous_visitors_to_log_in
from boards.tests.factories import BacklogItemFactory, BoardFactory


def column_html(html, status):
    start = html.index(f'data-status="{status}"')
    return html[start : html.index("</section>", start)]


def test_it_sends_anonymous_visitors_to_log_in(team, client):
    assert_sends_anonymous_visitors_to_log_in(client, "/b/apollo/board/")


def test_it_hides_the_board_from_outsiders(team, client_for):
    assert client_for(team.outsider).get("/b/apollo/board/").status_code == 404


def test_it_shows_one_column_per_status_in_flow_order_with_its_items(team, client_for):
    BacklogItemFactory(board=team.board, title="Write tests", status=Status.TESTING, points=3)
    BacklogItemFactory(board=team.board, title="Plan it", status=Status.TODO)
    html = client_for(team.dev.user).get("/b/apollo/board/").content.decode()
    positions = [html.index(f'data-status="{status}"') for status in Status.values]
    assert positions == sorted(positions)
    for label in ("To do", "In progress", "In testing", "PO review", "Done"):
        assert f">{label}" in html
    assert "Write tests" in column_html(html, "testing")
    assert "Plan it" in column_html(html, "todo")
    assert "Plan it" not in column_html(html, "testing")


def test_a_column_over_its_wip_limit_shows_count_over_limit_and_is_marked(team, client_for):
    WipLimit.objects.create(board=team.board, status=Status.IN_PROGRESS, limit=3)
    WipLimit.objects.create(board=team.board, status=Status.TESTING, limit=2)
    for n in range(4):
        BacklogItemFactory(board=team.board, title=f"Busy {n}", status=Status.IN_PROGRESS)
    BacklogItemFactory(board=team.board, title="Checked", status=Status.TESTING)
    html = client_for(team.dev.user).get("/b/apollo/board/").content.decode()
    busy = column_html(html, "in_progress")
    assert "4 / 3" in busy
    assert "over-limit" in html[html.rindex("<section", 0, html.index('data-status="in_progress"')) :][:200]
    assert "Over WIP limit" in busy
    testing = column_html(html, "testing")
    assert "1 / 2" in testing
    assert "Over WIP limit" not in testing


def test_it_names_the_bottleneck(team, client_for):
    WipLimit.objects.create(board=team.board, status=Status.TESTING, limit=1)
    BacklogItemFactory(board=team.board, status=Status.IN_PROGRESS)
    BacklogItemFactory(board=team.board, status=Status.TESTING)
    BacklogItemFactory(board=team.board, status=Status.TESTING)
    html = client_for(team.dev.user).get("/b/apollo/board/").content.decode()
    assert "Bottleneck: <strong>In testing</strong>" in html
    assert "over its WIP limit" in html


def test_it_says_when_there_is_no_bottleneck(team, client_for):
    BacklogItemFactory(board=team.board, status=Status.TODO)
    html = client_for(team.dev.user).get("/b/apollo/board/").content.decode()
    assert "No bottleneck" in html


def test_htmx_gets_only_the_columns_region(team, client_for):
    BacklogItemFactory(board=team.board, title="Card")
    response = client_for(team.dev.user).get("/b/apollo/board/", **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="board-columns"')
    assert "<html" not in html and "Card" in html


@pytest.mark.parametrize("member", ["po", "sm", "dev"])
def test_every_member_moves_a_card_to_another_column(team, client_for, member):
    item = BacklogItemFactory(board=team.board, title="Card")
    user = getattr(team, member).user
    response = client_for(user).post(f"/b/apollo/items/{item.pk}/status/", {"status": "in_progress"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="board-columns"')
    assert "Card" in column_html(html, "in_progress")
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    event = ItemEvent.objects.get(item=item, field="status")
    assert (event.old_value, event.new_value, event.actor) == ("todo", "in_progress", user)


def test_moving_a_card_without_javascript_redirects_to_the_board(team, client_for):
    item = BacklogItemFactory(board=team.board)
    response = client_for(team.dev.user).post(f"/b/apollo/items/{item.pk}/status/", {"status": "done"})
    assert response.status_code == 302
    assert response["Location"] == "/b/apollo/board/"
    item.refresh_from_db()
    assert item.status == Status.DONE


def test_an_unknown_status_is_a_400_naming_the_field(team, client_for):
    item = BacklogItemFactory(board=team.board)
    response = client_for(team.dev.user).post(f"/b/apollo/items/{item.pk}/status/", {"status": "shipped"}, **HTMX)
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#flash"
    assert "status:" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.TODO


def test_a_card_of_another_board_or_an_outsider_gets_404(team, client_for):
    foreign = BacklogItemFactory(board=BoardFactory())
    assert (
        client_for(team.dev.user).post(f"/b/apollo/items/{foreign.pk}/status/", {"status": "done"}).status_code == 404
    )
    own = BacklogItemFactory(board=team.board)
    assert client_for(team.outsider).post(f"/b/apollo/items/{own.pk}/status/", {"status": "done"}).status_code == 404
    assert BacklogItem.objects.filter(status=Status.DONE).count() == 0


def test_the_board_runs_the_same_queries_for_5_and_500_items(team, client_for):
    client = client_for(team.dev.user)
    WipLimit.objects.create(board=team.board, status=Status.DONE, limit=3)
    statuses = Status.values

    def add(start, stop):
        BacklogItem.objects.bulk_create(
            [
                BacklogItem(board=team.board, title=f"Item {n}", rank=n, status=statuses[n % 5], assignee=team.dev.user)
                for n in range(start, stop)
            ]
        )

    add(0, 5)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/b/apollo/board/").status_code == 200
    add(5, 500)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/b/apollo/board/")
    assert sum(column.count for column in response.context["columns"]) == 500
    assert len(many) == len(few)
