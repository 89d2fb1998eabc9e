import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boards import ranking
from boards.models import BacklogItem, ItemEvent
from boards.tests.api_client import api_as, persona
from boards.tests.conftest import definitions_with_ticks
from boards.tests.factories import (
    BacklogItemFactory,
    BoardFactory,
    ChecklistEntryFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/boards/apollo/items/"
ITEM_FIELDS = {
    "id",
    "kind",
    "title",
    "description",
    "acceptance_criteria",
    "points",
    "status",
    "assignee",
    "ready",
    "rank",
    "status_weight",
    "needs_split",
    "sprint",
    "created_by",
    "created_at",
    "updated_at",
    "checks",
    "checklist",
    "version",
    "split_from",
    "jira_key",
    "labels",
    "epic",
    "progress",
}


def item_url(item):
    return f"{ITEMS}{getattr(item, 'pk', item)}/"


def many_items(board, n, **fields):
    """n items at the bottom of the backlog, in one INSERT (which raises the board's items version, as any does)."""
    start = ranking.rank_after_last(board)
    return BacklogItem.objects.bulk_create(
        BacklogItem(board=board, title=f"Item {i}", rank=start + i * ranking.STEP, **fields) for i in range(n)
    )


# --- list -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("outsider", 404), ("dev", 200), ("sm", 200), ("po", 200)]
)
def test_it_lists_items_to_members_only(team, who, status):
    BacklogItemFactory(board=team.board, title="Login")
    response = api_as(persona(team, who)).get(ITEMS)
    assert response.status_code == status
    if status == 200:
        assert [i["title"] for i in response.json()["results"]] == ["Login"]


def test_it_lists_items_in_backlog_order_with_every_field(team):
    a = BacklogItemFactory(board=team.board, title="A", points=20, assignee=team.dev.user, created_by=team.po.user)
    b = BacklogItemFactory(board=team.board, title="B")
    BacklogItem.objects.filter(pk=b.pk).update(rank=a.rank - ranking.STEP)

    results = api_as(team.dev).get(ITEMS).json()["results"]

    assert [r["title"] for r in results] == ["B", "A"]
    assert set(results[1]) == ITEM_FIELDS
    assert results[1] | {"id": 0, "rank": 0, "created_at": "", "updated_at": ""} == {
        "id": 0,
        "kind": "story",
        "title": "A",
        "description": "",
        "acceptance_criteria": "",
        "points": 20,
        "status": "todo",
        "assignee": "dave",
        "ready": False,
        "rank": 0,
        "status_weight": 0,
        "needs_split": True,
        "sprint": None,
        "created_by": "paula",
        "created_at": "",
        "checks": {"ready": [], "done": []},
        "checklist": [],
        "updated_at": "",
        "version": 1,
        "split_from": None,
        "jira_key": None,
        "labels": [],
        "epic": None,
        "progress": None,
    }


def test_it_shows_no_item_of_another_board(team):
    BacklogItemFactory(board=BoardFactory(), title="Secret")
    assert api_as(team.dev).get(ITEMS).json()["count"] == 0


def test_it_paginates_with_page_size_up_to_200(team):
    many_items(team.board, 230)
    client = api_as(team.dev)

    first = client.get(ITEMS).json()
    assert (first["count"], len(first["results"]), first["previous"]) == (230, 50, None)
    assert "page=2" in first["next"]

    big = client.get(ITEMS, {"page_size": 500}).json()
    assert len(big["results"]) == 200
    last = client.get(ITEMS, {"page_size": 200, "page": 2}).json()
    assert [r["title"] for r in last["results"]] == [f"Item {i}" for i in range(200, 230)]
    assert last["next"] is None


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"status": "testing"}, ["Tested bug"]),
        ({"kind": "bug"}, ["Tested bug"]),
        ({"ready": "true"}, ["Ready story"]),
        ({"ready": "false"}, ["Tested bug", "Dave's chore"]),
        ({"assignee": "dave"}, ["Dave's chore"]),
        ({"assignee": "none"}, ["Tested bug", "Ready story"]),
        ({"q": "CHORE"}, ["Dave's chore"]),
        ({"kind": "story", "ready": "1"}, ["Ready story"]),
    ],
)
def test_it_filters_items(team, params, titles):
    BacklogItemFactory(board=team.board, title="Tested bug", kind="bug", status="testing")
    BacklogItemFactory(board=team.board, title="Ready story", ready=True)
    BacklogItemFactory(board=team.board, title="Dave's chore", kind="chore", assignee=team.dev.user)

    response = api_as(team.po).get(ITEMS, params)

    assert response.status_code == 200
    assert [r["title"] for r in response.json()["results"]] == titles


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"status": "doing"}, "status"),
        ({"kind": "saga"}, "kind"),
        ({"ready": "maybe"}, "ready"),
        ({"assignee": "olga"}, "assignee"),
        ({"q": "x" * 201}, "q"),
        ({"page_size": "lots"}, "page_size"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_it_refuses_a_bad_filter_naming_the_parameter(team, params, name):
    response = api_as(team.po).get(ITEMS, params)
    assert response.status_code == 400
    assert name in response.json()


def test_it_lists_items_in_the_same_number_of_queries_for_5_and_500(team):
    client = api_as(team.dev)
    other = MembershipFactory(board=team.board).user

    def count(n):
        many_items(team.board, n - BacklogItem.objects.filter(board=team.board).count(), assignee=other)
        definitions_with_ticks(team)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(ITEMS, {"page_size": 200, "status": "todo"})
        assert response.json()["count"] == n
        return len(ctx.captured_queries)

    definitions_with_ticks(team)
    few = count(5)
    assert few == 6  # the token with the membership, the total, the page, the page's ticks, its checklists, its labels
    assert count(500) == few
    with CaptureQueriesContext(connection) as ctx:
        client.get(ITEMS, {"page_size": 200, "status": "todo"})
    assert len(ctx.captured_queries) == 1  # unchanged since: the page comes from the cache


def test_it_filters_by_assignee_in_a_constant_number_of_queries(team):
    client = api_as(team.dev)

    def count(n):
        many_items(team.board, n, assignee=team.dev.user)
        with CaptureQueriesContext(connection) as ctx:
            client.get(ITEMS, {"assignee": "dave", "page_size": 200})
        return len(ctx.captured_queries)

    assert count(5) == count(100)


# --- create -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["dev", "sm", "po"])
def test_every_member_adds_items_at_the_bottom(team, who):
    BacklogItemFactory(board=team.board, title="First")
    response = api_as(persona(team, who)).post(
        ITEMS,
        {"title": "Export CSV", "kind": "bug", "points": 5, "assignee": "dave"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["title"], body["kind"], body["points"], body["assignee"], body["ready"]) == (
        "Export CSV",
        "bug",
        5,
        "dave",
        True,
    )
    assert body["created_by"] == persona(team, who).username
    assert [i.title for i in BacklogItem.objects.filter(board=team.board)] == ["First", "Export CSV"]
    assert ItemEvent.objects.filter(item_id=body["id"], field="created").exists()


def test_it_refuses_creation_to_outsiders_and_anonymous(team):
    assert api_as(team.outsider).post(ITEMS, {"title": "x"}, format="json").status_code == 404
    assert api_as(None).post(ITEMS, {"title": "x"}, format="json").status_code == 401
    assert not BacklogItem.objects.exists()


BAD_ITEMS = [
    ({"title": "x", "status": "doing"}, "status"),
    ({"title": "x", "points": 4}, "points"),
    ({"title": "x" * 10_000}, "title"),
    ({"title": ""}, "title"),
    ({}, "title"),
    ({"title": "x", "kind": "saga"}, "kind"),
    ({"title": "x", "assignee": "olga"}, "assignee"),
    ({"title": "x", "assignee": "ghost"}, "assignee"),
    ({"title": "x", "description": "d" * 20_001}, "description"),
    ({"title": "x", "ready": "perhaps"}, "ready"),
    ({"title": "x", "rank": 1}, "rank"),
    ({"title": "x", "board": 2}, "board"),
    ({"title": "x", "sprint": 1}, "sprint"),
    ({"title": "x", "created_by": "sam"}, "created_by"),
]


@pytest.mark.parametrize(("payload", "field"), BAD_ITEMS)
def test_it_refuses_a_bad_item_naming_the_field_and_writes_nothing(team, payload, field):
    response = api_as(team.po).post(ITEMS, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not BacklogItem.objects.exists()


def test_it_refuses_malformed_json(team):
    response = api_as(team.po).post(ITEMS, '{"title": "x",', content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
    assert not BacklogItem.objects.exists()


def test_it_refuses_a_body_that_is_not_an_object(team):
    response = api_as(team.po).post(ITEMS, ["x"], format="json")
    assert response.status_code == 400
    assert not BacklogItem.objects.exists()


# --- detail, edit, delete ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("outsider", 404), ("dev", 200), ("sm", 200), ("po", 200)]
)
def test_it_shows_an_item_to_members_only(team, who, status):
    item = BacklogItemFactory(board=team.board, title="Login")
    response = api_as(persona(team, who)).get(item_url(item))
    assert response.status_code == status
    if status == 200:
        assert response.json()["title"] == "Login"


def test_an_item_of_another_board_is_as_missing_as_an_unknown_one(team):
    foreign = BacklogItemFactory(board=BoardFactory(), title="Other team's")
    client = api_as(team.sm)
    assert client.get(item_url(foreign)).status_code == 404
    assert client.get(item_url(999_999)).status_code == 404
    assert client.patch(item_url(foreign), {"title": "Mine"}, format="json").status_code == 404
    assert client.delete(item_url(foreign)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Other team's"


@pytest.mark.parametrize("who", ["dev", "sm", "po"])
def test_every_member_edits_items_and_status_changes_enter_the_history(team, who):
    item = BacklogItemFactory(board=team.board, title="Login")
    response = api_as(persona(team, who)).patch(
        item_url(item), {"status": "in_progress", "points": 3, "assignee": "paula"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["points"], response.json()["assignee"]) == (
        "in_progress",
        3,
        "paula",
    )
    item.refresh_from_db()
    assert (item.status, item.points, item.assignee, item.title) == ("in_progress", 3, team.po.user, "Login")
    assert set(ItemEvent.objects.filter(item=item).values_list("field", "new_value")) == {
        ("status", "in_progress"),
        ("points", "3"),
        ("assignee", "paula"),
    }


def test_it_unassigns_an_item_with_null(team):
    item = BacklogItemFactory(board=team.board, assignee=team.dev.user)
    response = api_as(team.dev).patch(item_url(item), {"assignee": None}, format="json")
    assert response.status_code == 200
    assert response.json()["assignee"] is None


@pytest.mark.parametrize(("payload", "field"), [p for p in BAD_ITEMS if p[0] != {}])
def test_it_refuses_a_bad_edit_naming_the_field_and_changes_nothing(team, payload, field):
    item = BacklogItemFactory(board=team.board, title="Login")
    before = BacklogItem.objects.values().get(pk=item.pk)
    response = api_as(team.dev).patch(item_url(item), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert BacklogItem.objects.values().get(pk=item.pk) == before
    assert not ItemEvent.objects.exists()


def test_it_refuses_an_assignee_who_is_a_member_elsewhere_only(team):
    elsewhere = MembershipFactory(board=BoardFactory(), user=UserFactory(username="zed"))
    item = BacklogItemFactory(board=team.board)
    response = api_as(team.dev).patch(item_url(item), {"assignee": elsewhere.user.username}, format="json")
    assert response.status_code == 400
    assert "not a member" in response.json()["assignee"][0]


def test_it_refuses_edits_to_outsiders(team):
    item = BacklogItemFactory(board=team.board, title="Login")
    assert api_as(team.outsider).patch(item_url(item), {"title": "Pwned"}, format="json").status_code == 404
    assert api_as(None).patch(item_url(item), {"title": "Pwned"}, format="json").status_code == 401
    item.refresh_from_db()
    assert item.title == "Login"


@pytest.mark.parametrize("who", ["sm", "po"])
def test_the_product_owner_and_scrum_master_delete_items(team, who):
    item = BacklogItemFactory(board=team.board)
    assert api_as(persona(team, who)).delete(item_url(item)).status_code == 204
    assert not BacklogItem.objects.filter(pk=item.pk).exists()


def test_a_developer_cannot_delete_items(team):
    item = BacklogItemFactory(board=team.board)
    response = api_as(team.dev).delete(item_url(item))
    assert response.status_code == 403
    assert "Product Owner or the Scrum Master" in response.json()["detail"]
    assert BacklogItem.objects.filter(pk=item.pk).exists()


def test_outsiders_cannot_delete_items(team):
    item = BacklogItemFactory(board=team.board)
    assert api_as(team.outsider).delete(item_url(item)).status_code == 404
    assert api_as(None).delete(item_url(item)).status_code == 401
    assert BacklogItem.objects.filter(pk=item.pk).exists()


def test_the_fast_list_rows_equal_the_item_serializer(team):
    from boards.api.serializers import ItemOut, item_rows, item_rows_shown

    BacklogItemFactory(board=team.board, points=40, assignee=team.dev.user, created_by=team.po.user, ready=True)
    BacklogItemFactory(board=team.board, kind="bug", status="po_review", description="Steps", acceptance_criteria="AC")
    definitions_with_ticks(team)
    items = BacklogItem.objects.filter(board=team.board).order_by("rank")
    for text in ("Schema", "Tests"):
        ChecklistEntryFactory(item=items[0], text=text)

    def fast():
        return item_rows_shown(list(item_rows(items)), board_id=team.board.pk)

    assert fast() == ItemOut(items, many=True).data
    with timezone.override("Europe/Berlin"):
        assert fast() == ItemOut(items, many=True).data


def test_it_shows_an_item_in_five_queries(team, django_assert_num_queries):
    item = BacklogItemFactory(board=team.board, assignee=team.dev.user, created_by=team.po.user)
    client = api_as(team.dev)
    # the token with the membership, the item with its assignee and creator, its ticks, its checklist, its labels
    with django_assert_num_queries(5):
        body = client.get(item_url(item)).json()
    assert (body["assignee"], body["created_by"]) == ("dave", "paula")
