"""Epics over the API: an item of kind `epic` groups items through their `epic`, an epic of the same board and in
no epic itself; each epic carries its progress (items and points done of total), read for a whole page at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards import services
from boards.models import BacklogItem, Kind, Status
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory, BoardFactory

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/boards/apollo/items/"


def url(item):
    return f"{ITEMS}{getattr(item, 'pk', item)}/"


@pytest.fixture
def checkout(team):
    """The epic Checkout: Cart (3 points, Done), Pay (5 points), Receipt (unestimated, Done); and Search, in none."""
    epic = services.item_create(board=team.board, actor=team.po.user, title="Checkout", kind=Kind.EPIC)
    for title, points, status in (("Cart", 3, Status.DONE), ("Pay", 5, Status.TODO), ("Receipt", None, Status.DONE)):
        BacklogItemFactory(board=team.board, title=title, points=points, status=status, epic=epic)
    BacklogItemFactory(board=team.board, title="Search", points=8)
    return epic


def test_an_epic_carries_its_progress_and_other_items_none(team, checkout):
    rows = {row["title"]: row for row in api_as(team.dev).get(ITEMS).json()["results"]}
    assert rows["Checkout"]["kind"] == "epic"
    assert rows["Checkout"]["progress"] == {"items_done": 2, "items_total": 3, "points_done": 3, "points_total": 8}
    assert rows["Cart"]["epic"] == checkout.pk
    assert (rows["Cart"]["progress"], rows["Search"]["epic"], rows["Search"]["progress"]) == (None, None, None)
    assert api_as(team.dev).get(url(checkout)).json()["progress"]["items_done"] == 2


def test_an_epic_without_items_has_nothing_done_of_nothing(team):
    response = api_as(team.po).post(ITEMS, {"title": "Billing", "kind": "epic"}, format="json")
    assert response.status_code == 201
    assert response.json()["progress"] == {"items_done": 0, "items_total": 0, "points_done": 0, "points_total": 0}


def test_kind_epic_lists_the_epics_and_epic_lists_its_items(team, checkout):
    dev = api_as(team.dev)
    assert [row["title"] for row in dev.get(ITEMS, {"kind": "epic"}).json()["results"]] == ["Checkout"]
    its = dev.get(ITEMS, {"epic": checkout.pk}).json()["results"]
    assert [row["title"] for row in its] == ["Cart", "Pay", "Receipt"]
    assert dev.get(ITEMS, {"epic": checkout.pk, "status": "done"}).json()["count"] == 2
    assert dev.get(ITEMS, {"epic": "x"}).status_code == 400


def test_an_item_is_put_into_an_epic_and_taken_out_again(team, checkout):
    search = BacklogItem.objects.get(title="Search")
    dev = api_as(team.dev)
    response = dev.patch(url(search), {"epic": checkout.pk}, format="json")
    assert (response.status_code, response.json()["epic"]) == (200, checkout.pk)
    assert dev.get(url(checkout)).json()["progress"]["points_total"] == 16
    assert dev.patch(url(search), {"epic": None}, format="json").json()["epic"] is None
    created = dev.post(ITEMS, {"title": "Coupons", "epic": checkout.pk}, format="json")
    assert (created.status_code, created.json()["epic"]) == (201, checkout.pk)


def test_an_epic_cannot_belong_to_an_epic(team, checkout):
    dev = api_as(team.dev)
    other = services.item_create(board=team.board, actor=team.po.user, title="Growth", kind=Kind.EPIC)
    for payload in ({"epic": checkout.pk}, {"epic": other.pk}):
        response = dev.patch(url(other), payload, format="json")
        assert response.status_code == 400
        assert "epic" in response.json()
    created = dev.post(ITEMS, {"title": "Sub-epic", "kind": "epic", "epic": checkout.pk}, format="json")
    assert created.status_code == 400
    assert "epic" in created.json()
    # An item in an epic does not become an epic either.
    cart = BacklogItem.objects.get(title="Cart")
    response = dev.patch(url(cart), {"kind": "epic"}, format="json")
    assert response.status_code == 400
    assert "epic" in response.json()
    assert BacklogItem.objects.get(pk=cart.pk).kind == Kind.STORY
    # ...unless it leaves its epic in the same edit.
    assert dev.patch(url(cart), {"kind": "epic", "epic": None}, format="json").status_code == 200


@pytest.mark.parametrize("target", ["story", "other board", "missing", "itself"])
def test_the_epic_must_be_an_epic_of_this_board(team, checkout, target):
    search = BacklogItem.objects.get(title="Search")
    epic_id = {
        "story": BacklogItem.objects.get(title="Pay").pk,
        "other board": BacklogItemFactory(board=BoardFactory(), kind=Kind.EPIC).pk,
        "missing": 10**9,
        "itself": search.pk,
    }[target]
    response = api_as(team.dev).patch(url(search), {"title": "Changed", "epic": epic_id}, format="json")
    assert response.status_code == 400
    assert "epic" in response.json()
    search.refresh_from_db()
    assert (search.title, search.epic_id) == ("Search", None)


@pytest.mark.parametrize("value", ["x", 0, -1, True, 2**64])
def test_a_malformed_epic_is_a_400_naming_it(team, value):
    response = api_as(team.dev).post(ITEMS, {"title": "Export", "epic": value}, format="json")
    assert response.status_code == 400
    assert "epic" in response.json()


def test_an_epic_with_items_keeps_its_kind(team, checkout):
    response = api_as(team.dev).patch(url(checkout), {"kind": "story"}, format="json")
    assert response.status_code == 400
    assert "kind" in response.json()
    assert BacklogItem.objects.get(pk=checkout.pk).kind == Kind.EPIC


def test_deleting_an_epic_leaves_its_items_in_none(team, checkout):
    assert api_as(team.po).delete(url(checkout)).status_code == 204
    assert set(BacklogItem.objects.values_list("epic_id", flat=True)) == {None}


def test_a_split_part_stays_in_the_epic_and_an_epic_is_not_split(team, checkout):
    po = api_as(team.po)
    pay = BacklogItem.objects.get(title="Pay")
    parts = po.post(f"{url(pay)}split/", {"titles": ["Card", "PayPal"]}, format="json")
    assert parts.status_code == 201, parts.content
    assert [part["epic"] for part in parts.json()] == [checkout.pk, checkout.pk]
    # The split item has left the backlog: its parts count (unestimated) instead of its 5 points.
    progress = po.get(url(checkout)).json()["progress"]
    assert progress == {"items_done": 2, "items_total": 4, "points_done": 3, "points_total": 3}
    assert po.post(f"{url(checkout)}split/", {"titles": ["A", "B"]}, format="json").status_code == 409


def test_progress_costs_the_same_queries_for_5_and_50_epics_with_items(team):
    client = api_as(team.dev)

    def count(n):
        for _ in range(n - team.board.items.filter(kind=Kind.EPIC).count()):
            epic = BacklogItemFactory(board=team.board, kind=Kind.EPIC)
            BacklogItemFactory(board=team.board, epic=epic, points=3, status=Status.DONE)
            BacklogItemFactory(board=team.board, epic=epic, points=5)
        with CaptureQueriesContext(connection) as ctx:
            rows = client.get(ITEMS, {"kind": "epic", "page_size": 100}).json()["results"]
        assert len(rows) == n
        assert {row["progress"]["points_done"] for row in rows} == {3}
        return len(ctx.captured_queries)

    few, many = count(5), count(50)
    assert few == many
    with CaptureQueriesContext(connection) as ctx:  # and the whole board, epics and their items together
        assert client.get(ITEMS, {"page_size": 200}).json()["count"] == 150
    assert len(ctx.captured_queries) == many
