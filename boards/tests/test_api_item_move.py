import random
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from boards.models import BacklogItem, Role
from boards.tests.api_client import api_as, persona
from boards.tests.conftest import titles
from boards.tests.factories import BacklogItemFactory, BoardFactory, MembershipFactory
from conftest import postgres_only

pytestmark = pytest.mark.django_db


def move_url(item, slug="apollo"):
    return f"/api/v1/boards/{slug}/items/{getattr(item, 'pk', item)}/move/"


@pytest.mark.parametrize(
    ("payload", "order"),
    [
        (lambda a, b, c, d, e: {"before": b.pk}, "AEBCD"),
        (lambda a, b, c, d, e: {"after": a.pk}, "AEBCD"),
        (lambda a, b, c, d, e: {"position": "top"}, "EABCD"),
        (lambda a, b, c, d, e: {"position": "bottom"}, "ABCDE"),
    ],
)
@pytest.mark.parametrize("who", ["po", "sm"])
def test_the_product_owner_and_scrum_master_move_items(team, backlog, who, payload, order):
    e = backlog[-1]
    response = api_as(persona(team, who)).post(move_url(e), payload(*backlog), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["id"] == e.pk
    assert response.json()["rank"] == BacklogItem.objects.get(pk=e.pk).rank
    assert titles(team.board) == list(order)


def test_a_developer_cannot_move_items_and_is_told_which_role_can(team, backlog):
    response = api_as(team.dev).post(move_url(backlog[-1]), {"position": "top"}, format="json")
    assert response.status_code == 403
    assert "Product Owner or the Scrum Master" in response.json()["detail"]
    assert titles(team.board) == list("ABCDE")


def test_outsiders_and_anonymous_cannot_move_items(team, backlog):
    assert api_as(team.outsider).post(move_url(backlog[0]), {"position": "bottom"}, format="json").status_code == 404
    assert api_as(None).post(move_url(backlog[0]), {"position": "bottom"}, format="json").status_code == 401
    assert titles(team.board) == list("ABCDE")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "position"),
        ({"position": "middle"}, "position"),
        ({"before": 1, "after": 2}, "position"),
        ({"before": "x"}, "before"),
        ({"rank": 5}, "rank"),
    ],
)
def test_it_refuses_a_bad_move_naming_the_field(team, backlog, payload, field):
    response = api_as(team.po).post(move_url(backlog[0]), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert titles(team.board) == list("ABCDE")


def test_it_refuses_to_move_next_to_an_item_of_another_board(team, backlog):
    foreign = BacklogItemFactory(board=BoardFactory())
    response = api_as(team.po).post(move_url(backlog[0]), {"before": foreign.pk}, format="json")
    assert response.status_code == 400
    assert "before" in response.json()
    assert titles(team.board) == list("ABCDE")


def test_it_answers_404_for_moving_an_item_of_another_board(team, backlog):
    foreign = BacklogItemFactory(board=BoardFactory())
    assert api_as(team.po).post(move_url(foreign), {"position": "top"}, format="json").status_code == 404


def test_a_move_writes_one_row_in_at_most_five_queries_whatever_the_backlog(team):
    items = [BacklogItemFactory(board=team.board) for _ in range(240)]
    ranks = dict(BacklogItem.objects.values_list("pk", "rank"))
    client = api_as(team.po)
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(move_url(items[200]), {"before": items[10].pk}, format="json").status_code == 200
    writes = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]
    # One item row (the database raises the board's items version itself).
    assert [w.split()[1] for w in writes] == ['"boards_backlogitem"']
    after = dict(BacklogItem.objects.values_list("pk", "rank"))
    assert [pk for pk in ranks if ranks[pk] != after[pk]] == [items[200].pk]


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_through_the_api_never_duplicate_or_lose_a_position():
    board = BoardFactory(slug="race")
    po = MembershipFactory(board=board, role=Role.PRODUCT_OWNER)
    sm = MembershipFactory(board=board, role=Role.SCRUM_MASTER)
    items = [BacklogItemFactory(board=board, title=f"I{i}") for i in range(12)]
    ids = [i.pk for i in items]
    barrier = threading.Barrier(4)
    failures = []

    def mover(member, seed):
        client = api_as(member)
        rng = random.Random(seed)
        try:
            barrier.wait()
            for _ in range(15):
                item, anchor = rng.sample(ids, 2)
                payload = rng.choice(
                    [{"before": anchor}, {"after": anchor}, {"position": rng.choice(["top", "bottom"])}]
                )
                response = client.post(move_url(item, "race"), payload, format="json")
                if response.status_code != 200:
                    failures.append((response.status_code, response.content))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=mover, args=(m, s)) for s, m in enumerate([po, sm, po, sm])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert failures == []
    ranks = list(BacklogItem.objects.filter(board=board).values_list("rank", flat=True))
    assert len(ranks) == len(set(ranks)) == 12
    assert sorted(BacklogItem.objects.filter(board=board).values_list("pk", flat=True)) == sorted(ids)
