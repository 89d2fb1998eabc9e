"""The board export (CSV and JSON) and the board import: export → import → export gives the same JSON except ids,
times and the address; who may do what; bad files."""

import csv
import io
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import BacklogItem, Board, Label, Membership
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory, UserFactory
from timers.services import timer_start
from transfer.board_data import TABLES, times_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    """The demo board: four sprints, items with history and ticks, stand-ups, retros, a review, timers."""
    cache.clear()
    call_command("seed_demo", stdout=StringIO())
    return Board.objects.get(slug="demo")


def without_times(data: dict) -> dict:
    data = {key: value for key, value in data.items()}
    data["board"] = {key: value for key, value in data["board"].items() if key != "slug"}
    for table, name in times_of(data):
        data[table] = [{k: v for k, v in row.items() if k != name} for row in data[table]]
    return data


def test_export_import_export_gives_the_same_board(demo):
    sm = Membership.objects.get(board=demo, role="scrum_master")
    timer_start(acting=sm, ceremony="refinement")
    epic = BacklogItemFactory(board=demo, title="Payments", kind="epic")
    stories = BacklogItem.objects.filter(board=demo, kind="story").values_list("pk", flat=True)[:2]
    BacklogItem.objects.filter(pk__in=list(stories)).update(epic=epic)
    sam = sm.user
    first = api_as(sam).get("/api/v1/boards/demo/export/?format=json")
    assert first.status_code == 200 and first["Content-Disposition"] == 'attachment; filename="board-demo.json"'
    exported = first.json()
    assert all(exported[table.name] for table in TABLES if table.name not in ("wip_limits",)), [
        table.name for table in TABLES if not exported[table.name]
    ]
    made = api_as(sam).post("/api/v1/boards/import/", exported, format="json")
    assert made.status_code == 201, made.json()
    slug = made.json()["slug"]
    assert slug != "demo" and made.json()["warnings"] == []
    again = api_as(sam).get(f"/api/v1/boards/{slug}/export/?format=json").json()
    assert without_times(again) == without_times(exported)
    copy = Board.objects.get(slug=slug)
    assert BacklogItem.objects.filter(board=copy).count() == BacklogItem.objects.filter(board=demo).count()
    # The copy is a board of its own: its items list answers, its members are the demo's.
    assert api_as(sam).get(f"/api/v1/boards/{slug}/items/").status_code == 200
    assert set(Membership.objects.filter(board=copy).values_list("user__username", "role")) == set(
        Membership.objects.filter(board=demo).values_list("user__username", "role")
    )


def test_people_with_no_account_here_are_left_out_and_reported(team):
    BacklogItemFactory(board=team.board, title="Login", assignee=team.dev.user)
    exported = api_as(team.po).get("/api/v1/boards/apollo/export/").json()
    exported["members"].append({"username": "ghost", "role": "developer"})
    newcomer = UserFactory(username="nina")
    answer = api_as(newcomer).post("/api/v1/boards/import/", exported, format="json")
    assert answer.status_code == 201
    assert answer.json()["warnings"] == ["ghost has no account here: not a member."]
    board = Board.objects.get(slug=answer.json()["slug"])
    roles = dict(Membership.objects.filter(board=board).values_list("user__username", "role"))
    assert roles == {"paula": "product_owner", "sam": "scrum_master", "dave": "developer", "nina": "developer"}
    assert BacklogItem.objects.get(board=board).assignee == team.dev.user


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"format": "something"}, "format"),
        ({"format": "scrum-app-board", "version": 99, "board": {}, "members": []}, "version"),
        ({"format": "scrum-app-board", "version": 1, "board": {"name": "X"}, "members": [], "items": "x"}, "items"),
        (
            {
                "format": "scrum-app-board",
                "version": 1,
                "board": {"name": "X"},
                "members": [],
                "sprints": [{"ref": 0, "number": 1, "start_date": "yesterday"}],
            },
            "sprints",
        ),
        ({"format": "scrum-app-board", "version": 1, "board": {"name": ""}, "members": []}, "name"),
        ({"format": "scrum-app-board", "version": 1, "board": {"name": 7}, "members": []}, "name"),
        ({"format": "scrum-app-board", "version": 1, "board": {"name": "X"}, "members": ["sam"]}, "members"),
        (
            {
                "format": "scrum-app-board",
                "version": 1,
                "board": {"name": "X"},
                "members": [],
                "items": [{"ref": 0, "title": "A", "kind": "story", "status": "todo", "points": -3, "rank": 1}],
            },
            "items",
        ),
        (
            {
                "format": "scrum-app-board",
                "version": 1,
                "board": {"name": "X"},
                "members": [],
                "items": [
                    {"ref": 0, "title": "A", "kind": "story", "status": "todo", "rank": 1},
                    {"ref": 1, "title": "B", "kind": "story", "status": "todo", "rank": 1},
                ],
            },
            "items",
        ),
    ],
)
def test_a_bad_export_is_refused_naming_what_is_wrong_and_no_board_is_made(team, body, field):
    answer = api_as(team.po).post("/api/v1/boards/import/", body, format="json")
    assert answer.status_code == 400 and field in answer.json(), answer.json()
    assert Board.objects.count() == 1


def test_the_backlog_exports_as_a_spreadsheet_in_backlog_order(team):
    first = BacklogItemFactory(board=team.board, title='Экспорт, "CSV"', points=3, description="two\nlines")
    first.labels.add(Label.objects.create(board=team.board, name="UX"), through_defaults={"board": team.board})
    BacklogItemFactory(board=team.board, title="Second")
    answer = api_as(team.dev).get("/api/v1/boards/apollo/export/?format=csv")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    assert answer.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [(row["title"], row["points"], row["description"], row["labels"]) for row in rows] == [
        ('Экспорт, "CSV"', "3", "two\nlines", "UX"),
        ("Second", "", "", ""),
    ]


def test_outsiders_export_nothing_and_anonymous_import_nothing(team):
    assert api_as(team.outsider).get("/api/v1/boards/apollo/export/?format=json").status_code == 404
    assert api_as(team.outsider).get("/api/v1/boards/apollo/export/?format=csv").status_code == 404
    assert api_as(None).post("/api/v1/boards/import/", {"format": "x"}, format="json").status_code in (401, 403)


def test_the_exports_cost_the_same_queries_for_5_and_50_items(team):
    counts, client = [], api_as(team.po)
    for size in (5, 50):
        BacklogItemFactory.create_batch(size, board=team.board, assignee=team.dev.user)
        for fmt in ("json", "csv"):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(f"/api/v1/boards/apollo/export/?format={fmt}").status_code == 200
            counts.append(len(ctx.captured_queries))
    assert counts[:2] == counts[2:]
