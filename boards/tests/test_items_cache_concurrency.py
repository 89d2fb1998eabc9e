"""Readers and writers of a board's items at once, on PostgreSQL: real threads, real row locks."""

import pytest

from boards import services
from boards.models import BacklogItem, Board, Role
from boards.tests.api_client import api_as
from boards.tests.factories import BoardFactory, MembershipFactory
from conftest import postgres_only
from scrum_app.testing import all_at_once
from sprints import services as sprint_services

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]

ITEMS = "/api/v1/boards/race/items/"


@pytest.fixture
def race():
    board = BoardFactory(slug="race")
    po = MembershipFactory(board=board, role=Role.PRODUCT_OWNER)
    sm = MembershipFactory(board=board, role=Role.SCRUM_MASTER)
    devs = [MembershipFactory(board=board, role=Role.DEVELOPER) for _ in range(4)]
    items = services.items_bulk_create(board=board, actor=po.user, entries=[{"title": f"I{i}"} for i in range(8)])
    return board, po, sm, devs, items


def test_pages_read_while_items_change_never_outlive_the_changes(race):
    board, po, _, devs, items = race
    points = [1, 2, 3, 5, 8, 13, 20, 40]
    version = Board.objects.get(pk=board.pk).items_version

    def write(dev, item, value):
        response = api_as(dev).patch(f"{ITEMS}{item.pk}/", {"points": value}, format="json")
        assert response.status_code == 200, response.content

    def read(member):
        client = api_as(member)
        for _ in range(15):
            assert client.get(ITEMS).status_code == 200

    writers = [lambda i=i: write(devs[i % 4], items[i], points[i]) for i in range(8)]
    readers = [lambda m=m: read(m) for m in (po, *devs)]
    assert all_at_once(writers + readers) == []

    answer = api_as(po).get(ITEMS).json()["results"]
    assert [row["points"] for row in answer] == points
    assert Board.objects.get(pk=board.pk).items_version == version + 8  # one per edit


def test_writers_of_the_same_items_in_every_order_never_deadlock(race):
    board, po, sm, devs, items = race
    sprint = sprint_services.sprint_create(acting=po, goal="Race")
    ids = [item.pk for item in items]
    calls = []
    for round_ in range(3):
        calls += [
            lambda r=round_: services.item_update(actor=devs[0].user, item=items[r], points=5),
            lambda r=round_: services.item_move(acting=po, item_id=ids[r], position="bottom"),
            lambda r=round_: sprint_services.sprint_add_items(acting=po, sprint=sprint, item_ids=[ids[r], ids[r + 3]]),
            lambda r=round_: services.item_update(actor=devs[1].user, item=items[r + 3], status="testing"),
            lambda r=round_: services.items_bulk_create(board=board, actor=sm.user, entries=[{"title": f"N{r}"}]),
        ]
    calls.append(lambda: services.member_remove(acting=sm, member=devs[3]))
    assert all_at_once(calls) == []

    answer = api_as(po).get(ITEMS, {"page_size": 200}).json()
    rows = {row["id"]: row for row in answer["results"]}
    assert answer["count"] == BacklogItem.objects.filter(board=board).count() == 11
    assert [rows[ids[r]]["points"] for r in range(3)] == [5, 5, 5]
    assert [rows[ids[r]]["sprint"] for r in range(6)] == [1] * 6
    assert len({row["rank"] for row in rows.values()}) == 11
