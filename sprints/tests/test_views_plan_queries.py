from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from boards.models import BacklogItem
from sprints import services


def add_items(team, start, stop, *, sprint=None):
    BacklogItem.objects.bulk_create(
        [
            BacklogItem(
                board=team.board,
                title=f"Item {n}",
                rank=n,
                points=(1, 2, 3, 5, 8, None)[n % 6],
                ready=n % 2 == 0,
                sprint=sprint,
            )
            for n in range(start, stop)
        ]
    )


def test_the_planning_page_runs_the_same_queries_for_5_and_500_items(team):
    sprint = services.sprint_create(acting=team.po, goal="Ship search")
    client = Client()
    client.force_login(team.po.user)
    add_items(team, 0, 3)
    add_items(team, 3, 5, sprint=sprint)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/b/apollo/sprints/1/plan/").status_code == 200
    add_items(team, 5, 400)
    add_items(team, 400, 500, sprint=sprint)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/b/apollo/sprints/1/plan/")
    html = response.content.decode()
    assert html.count('class="plan-item"') == 500
    assert html.count("Add #") == 398 and html.count("Remove #") == 102  # each row with its own button
    assert len(many) == len(few)
