import datetime as dt
import threading

import pytest
from channels.db import database_sync_to_async
from django.db import connections
from django.utils import timezone

from boards import ranking, services
from boards.models import BacklogItem, ItemEvent, Kind, Role, Status
from boards.tests.api_client import api_as, persona
from boards.tests.conftest import titles
from boards.tests.factories import BacklogItemFactory, BoardFactory, MembershipFactory
from conftest import postgres_only
from live.tests.helpers import run, socket_for
from sprints.models import Sprint, SprintState

pytestmark = pytest.mark.django_db


def split_url(item, slug="apollo"):
    return f"/api/v1/boards/{slug}/items/{getattr(item, 'pk', item)}/split/"


def shown(team):
    """The titles the items API lists, in backlog order (split items have left it)."""
    return [row["title"] for row in api_as(team.dev).get("/api/v1/boards/apollo/items/").json()["results"]]


def sprint_on(board, state, number=1):
    today = timezone.localdate()
    started = {"started_at": timezone.now(), "committed_points": 0} if state == SprintState.ACTIVE else {}
    return Sprint.objects.create(
        board=board, number=number, start_date=today, end_date=today + dt.timedelta(days=13), state=state, **started
    )


@pytest.mark.parametrize("who", ["po", "sm"])
def test_the_product_owner_and_scrum_master_split_an_item_into_parts_that_take_its_place(team, backlog, who):
    c = backlog[2]
    c.kind, c.description, c.points = Kind.BUG, "Export fails on big boards", 40
    c.save()
    response = api_as(persona(team, who)).post(split_url(c), {"titles": ["C1", "C2", "C3"]}, format="json")

    assert response.status_code == 201, response.json()
    parts = response.json()
    assert [p["title"] for p in parts] == ["C1", "C2", "C3"]
    assert {(p["kind"], p["description"], p["points"], p["split_from"]) for p in parts} == {
        ("bug", "Export fails on big boards", None, c.pk)
    }
    assert shown(team) == ["A", "B", "C1", "C2", "C3", "D", "E"]
    c.refresh_from_db()
    assert c.is_split and c.points == 40  # kept as it was, marked split
    assert list(c.parts.order_by("rank").values_list("title", flat=True)) == ["C1", "C2", "C3"]
    history = ItemEvent.objects.filter(item__in=[c.pk, *(p["id"] for p in parts)]).values_list("field", flat=True)
    assert sorted(history) == ["created", "created", "created", "split"]


def test_the_items_api_shows_where_an_item_came_from(team, backlog):
    api_as(team.po).post(split_url(backlog[0]), {"titles": ["A1", "A2"]}, format="json")
    rows = api_as(team.dev).get("/api/v1/boards/apollo/items/").json()["results"]
    assert [(row["title"], row["split_from"] == backlog[0].pk) for row in rows[:3]] == [
        ("A1", True),
        ("A2", True),
        ("B", False),
    ]
    original = api_as(team.dev).get(f"/api/v1/boards/apollo/items/{backlog[0].pk}/")
    assert original.status_code == 200  # still there for its links and history
    assert original.json()["split_from"] is None


def test_parts_fit_between_neighbours_with_no_room_left(team):
    first = BacklogItemFactory(board=team.board, title="First", rank=10)
    BacklogItemFactory(board=team.board, title="Next", rank=11)
    response = api_as(team.po).post(split_url(first), {"titles": ["P1", "P2", "P3"]}, format="json")
    assert response.status_code == 201, response.json()
    assert shown(team) == ["P1", "P2", "P3", "Next"]
    ranks = list(BacklogItem.objects.filter(board=team.board).values_list("rank", flat=True))
    assert len(set(ranks)) == len(ranks) == 5


def test_a_planned_sprints_item_leaves_it_to_its_parts(team, backlog):
    planned = sprint_on(team.board, SprintState.PLANNED)
    BacklogItem.objects.filter(pk=backlog[1].pk).update(sprint=planned)
    parts = api_as(team.po).post(split_url(backlog[1]), {"titles": ["B1", "B2"]}, format="json").json()
    assert [p["sprint"] for p in parts] == [1, 1]
    assert sorted(planned.items.values_list("title", flat=True)) == ["B1", "B2"]


def test_a_developer_may_not_split_and_is_told_who_may(team, backlog):
    response = api_as(team.dev).post(split_url(backlog[0]), {"titles": ["A1", "A2"]}, format="json")
    assert response.status_code == 403
    assert "Product Owner or the Scrum Master" in response.json()["detail"]
    assert titles(team.board) == list("ABCDE")


def test_outsiders_and_anonymous_cannot_split(team, backlog):
    payload = {"titles": ["A1", "A2"]}
    assert api_as(team.outsider).post(split_url(backlog[0]), payload, format="json").status_code == 404
    assert api_as(None).post(split_url(backlog[0]), payload, format="json").status_code == 401
    foreign = BacklogItemFactory(board=BoardFactory())
    assert api_as(team.po).post(split_url(foreign), payload, format="json").status_code == 404
    assert titles(team.board) == list("ABCDE")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"titles": ["Only one"]}, "titles"),
        ({"titles": []}, "titles"),
        ({}, "titles"),
        ({"titles": "A1, A2"}, "titles"),
        ({"titles": ["A1", "  "]}, "titles.1"),
        ({"titles": ["A1", "x" * 201]}, "titles.1"),
        ({"titles": ["A1", {"a": 1}]}, "titles.1"),
        ({"titles": [f"A{n}" for n in range(21)]}, "titles"),
        ({"titles": ["A1", "A2"], "points": 3}, "points"),
    ],
)
def test_it_refuses_bad_titles_naming_the_field(team, backlog, payload, field):
    response = api_as(team.po).post(split_url(backlog[0]), payload, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert titles(team.board) == list("ABCDE")


def test_it_refuses_to_split_a_done_an_active_or_a_split_item(team, backlog):
    BacklogItem.objects.filter(pk=backlog[0].pk).update(status=Status.DONE)
    BacklogItem.objects.filter(pk=backlog[1].pk).update(sprint=sprint_on(team.board, SprintState.ACTIVE))
    client = api_as(team.po)
    assert client.post(split_url(backlog[2]), {"titles": ["C1", "C2"]}, format="json").status_code == 201
    for item in backlog[:3]:
        response = client.post(split_url(item), {"titles": ["X1", "X2"]}, format="json")
        assert response.status_code == 409
        assert response.json()["detail"]
    assert BacklogItem.objects.filter(board=team.board).count() == 7


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_two_splits_of_one_item_at_once_make_one_set_of_parts():
    board = BoardFactory(slug="race")
    po = MembershipFactory(board=board, role=Role.PRODUCT_OWNER)
    sm = MembershipFactory(board=board, role=Role.SCRUM_MASTER)
    big = BacklogItemFactory(board=board, title="Big", points=40)
    BacklogItemFactory(board=board, title="After", rank=big.rank + ranking.STEP)
    barrier = threading.Barrier(2)
    answers = []

    def splitter(member, prefix):
        try:
            barrier.wait()
            response = api_as(member).post(
                split_url(big, "race"), {"titles": [f"{prefix}1", f"{prefix}2"]}, format="json"
            )
            answers.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=splitter, args=args) for args in ((po, "P"), (sm, "S"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(answers) == [201, 409]
    parts = list(BacklogItem.objects.filter(split_from=big).values_list("title", flat=True))
    assert sorted(parts) in (["P1", "P2"], ["S1", "S2"])
    assert BacklogItem.objects.filter(board=board).count() == 4


@pytest.mark.django_db(transaction=True)
def test_open_backlogs_hear_the_parts_created_and_the_item_gone(team):
    big = BacklogItemFactory(board=team.board, title="Big", points=40)
    ws = socket_for(team.dev.user, "/ws/board/apollo/")

    async def scenario():
        assert (await ws.connect())[0]
        parts = await database_sync_to_async(
            lambda: [p.pk for p in services.item_split(acting=team.po, item=big, titles=["B1", "B2"])]
        )()
        heard = [await ws.receive_json_from(timeout=2) for _ in range(2)]
        assert [(e["event"], e.get("item", e.get("items"))) for e in heard] == [
            ("item.created", parts),
            ("item.updated", big.pk),
        ]
        await ws.disconnect()

    run(scenario)


@pytest.mark.parametrize(("definition_of_ready", "parts_ready"), [([], True), ([{"text": "Estimated"}], False)])
def test_the_parts_are_ready_only_when_the_definition_of_ready_asks_nothing(
    team, backlog, definition_of_ready, parts_ready
):
    services.definitions_set(acting=team.po, ready=definition_of_ready, done=[])
    response = api_as(team.po).post(split_url(backlog[0]), {"titles": ["A1", "A2"]}, format="json")
    assert response.status_code == 201, response.json()
    assert [part["ready"] for part in response.json()] == [parts_ready, parts_ready]
