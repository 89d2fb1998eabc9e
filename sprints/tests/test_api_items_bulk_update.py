"""`POST /api/v1/boards/{slug}/items/bulk-update/`: status, sprint, assignee and points set on many items at once,
all or none, by the single edit's rules."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boards.models import BacklogItem, ItemEvent
from boards.tests.api_client import api_as, persona
from boards.tests.conftest import definitions_with_ticks
from boards.tests.factories import BacklogItemFactory, BoardFactory
from boards.tests.test_api_items import ITEM_FIELDS
from conftest import postgres_only
from sprints import services
from sprints.models import Sprint, SprintState

pytestmark = pytest.mark.django_db

URL = "/api/v1/boards/apollo/items/bulk-update/"


def closed(sprint):
    """The sprint, closed (as sprint_close leaves it)."""
    now = timezone.now()
    Sprint.objects.filter(pk=sprint.pk).update(
        state=SprintState.CLOSED, started_at=now, committed_points=0, closed_at=now, completed_points=0
    )


@pytest.fixture
def items(team):
    return [BacklogItemFactory(board=team.board, title=title) for title in ("Alpha", "Bravo", "Charlie", "Delta")]


def stored(items, *fields):
    return [
        tuple(row)
        for row in BacklogItem.objects.filter(pk__in=[i.pk for i in items]).order_by("rank").values_list(*fields)
    ]


def bulk(member, ids, changes, **extra):
    return api_as(member).post(URL, {"ids": [getattr(i, "pk", i) for i in ids], "set": changes, **extra}, format="json")


@pytest.mark.parametrize("who", ["dev", "sm", "po"])
def test_every_member_sets_status_assignee_and_points_on_many_items(team, items, who):
    response = bulk(
        getattr(team, who), [items[2], items[0], items[1]], {"status": "in_progress", "assignee": "dave", "points": 5}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [row["title"] for row in body] == ["Alpha", "Bravo", "Charlie"]  # backlog order
    assert all(set(row) == ITEM_FIELDS for row in body)
    assert {(row["status"], row["assignee"], row["points"], row["version"]) for row in body} == {
        ("in_progress", "dave", 5, 2)
    }
    assert stored(items, "title", "status", "points")[3] == ("Delta", "todo", None)
    history = set(
        ItemEvent.objects.filter(item__in=items[:3]).exclude(field="created").values_list("field", "new_value")
    )
    assert history == {("status", "in_progress"), ("points", "5"), ("assignee", "dave")}
    assert ItemEvent.objects.filter(item__in=items[:3]).exclude(field="created").count() == 9


def test_null_unassigns_and_unestimates(team, items):
    BacklogItem.objects.filter(pk__in=[items[0].pk, items[1].pk]).update(assignee=team.dev.user, points=8)
    response = bulk(team.dev, items[:2], {"assignee": None, "points": None})
    assert response.status_code == 200
    assert stored(items[:2], "assignee", "points") == [(None, None), (None, None)]


def test_the_product_owner_moves_items_into_a_sprint_and_back(team, items):
    sprint = services.sprint_create(acting=team.po, goal="Ship")
    response = bulk(team.po, items[:3], {"sprint": sprint.number})
    assert response.status_code == 200, response.content
    assert [row["sprint"] for row in response.json()] == [1, 1, 1]
    assert stored(items, "sprint") == [(sprint.pk,)] * 3 + [(None,)]
    assert ItemEvent.objects.filter(field="sprint", new_value="1").count() == 3
    response = bulk(team.sm, items[:2], {"sprint": None})
    assert [row["sprint"] for row in response.json()] == [None, None]
    assert stored(items, "sprint") == [(None,), (None,), (sprint.pk,), (None,)]


def test_a_developer_may_not_move_items_between_sprints_and_nothing_changes(team, items):
    sprint = services.sprint_create(acting=team.po, goal="Ship")
    response = bulk(team.dev, items[:2], {"sprint": sprint.number, "status": "testing"})
    assert response.status_code == 403
    assert "Product Owner or the Scrum Master" in response.json()["detail"]
    assert stored(items[:2], "sprint", "status") == [(None, "todo"), (None, "todo")]


def test_an_id_not_on_the_board_is_a_400_naming_ids_and_nothing_changes(team, items):
    foreign = BacklogItemFactory(board=BoardFactory())
    response = bulk(team.po, [items[0], foreign, items[1]], {"status": "testing"})
    assert response.status_code == 400
    assert response.json() == {"ids": [f"Item {foreign.pk} is not on this board."]}
    response = bulk(team.po, [items[0], 999999], {"status": "testing"})
    assert response.status_code == 400 and "999999" in response.json()["ids"][0]
    assert stored(items, "status") == [("todo",)] * 4
    assert BacklogItem.objects.get(pk=foreign.pk).status == "todo"


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ({"ids": [], "set": {"status": "done"}}, "ids"),
        ({"ids": "1,2", "set": {"status": "done"}}, "ids"),
        ({"ids": [1], "set": {}}, "set"),
        ({"ids": [1], "set": {"labels": ["ui"]}}, "set.labels"),
        ({"ids": [1], "set": {"title": "Same for all"}}, "set.title"),
        ({"ids": [1], "set": {"status": "finished"}}, "set.status"),
        ({"ids": [1], "set": {"points": 4}}, "set.points"),
        ({"ids": [1], "set": {"assignee": "olga"}}, "set.assignee"),
        ({"ids": [1], "set": {"sprint": 7}}, "set.sprint"),
        ({"ids": [1], "set": {"sprint": "one"}}, "set.sprint"),
        ({"ids": [1], "set": {"status": "done"}, "force": True}, "force"),
        ({"set": {"status": "done"}}, "ids"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_changes(team, items, payload, where):
    if payload.get("ids") == [1]:
        payload = {**payload, "ids": [items[0].pk]}
    response = api_as(team.po).post(URL, payload, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    for key in where.split("."):
        assert key in body, body
        body = body[key]
    assert stored(items, "status", "points", "assignee") == [("todo", None, None)] * 4


def test_a_closed_sprint_is_a_409_and_nothing_changes(team, items):
    sprint = services.sprint_create(acting=team.po, goal="Old")
    closed(sprint)
    response = bulk(team.po, items[:2], {"sprint": 1, "points": 3})
    assert response.status_code == 409
    assert stored(items[:2], "sprint", "points") == [(None, None), (None, None)]


def test_the_definition_of_done_refuses_the_whole_bulk_naming_the_item(team, items):
    """Alpha and Bravo have every criterion ticked, Charlie none: nothing moves, and the answer names Charlie."""
    definitions_with_ticks(team, kinds=("ready", "done"))
    charlie = items[2]
    charlie.checks.filter(criterion__kind="done").delete()
    sprint = services.sprint_create(acting=team.po, goal="Ship")
    response = bulk(team.po, items[:3], {"status": "done", "assignee": "dave", "sprint": sprint.number})
    assert response.status_code == 409
    body = response.json()
    assert f"#{charlie.pk} “Charlie” is not done yet" in body["detail"] and "Nothing was changed." in body["detail"]
    assert body["unmet"] == ["Code reviewed", "Tests pass", "Accepted by the Product Owner"]
    assert stored(items[:3], "status", "assignee", "sprint") == [("todo", None, None)] * 3
    assert not ItemEvent.objects.exclude(field="created").exists()
    assert bulk(team.po, items[:2], {"status": "done"}).status_code == 200


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("anonymous", 401)])
def test_outsiders_get_404_and_anonymous_401(team, items, who, status):
    response = api_as(persona(team, who)).post(URL, {"ids": [items[0].pk], "set": {"status": "done"}}, format="json")
    assert response.status_code == status
    assert stored(items[:1], "status") == [("todo",)]


def test_the_query_count_does_not_grow_with_the_number_of_items(team):
    """Status, assignee, points and sprint for 5 and for 50 items: the same number of queries."""
    sprint = services.sprint_create(acting=team.po, goal="Ship")
    client = api_as(team.po)

    def count(n, points):
        chosen = [BacklogItemFactory(board=team.board).pk for _ in range(n)]
        changes = {"status": "in_progress", "assignee": "dave", "points": points, "sprint": sprint.number}
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(URL, {"ids": chosen, "set": changes}, format="json")
        assert response.status_code == 200 and len(response.json()) == n
        return len(ctx.captured_queries)

    few = count(5, 3)
    assert count(50, 5) == few
    # 24 with PostgreSQL's savepoints (18 statements): the membership, the board's members, the board, the sprint
    # (found, locked), the items locked, one UPDATE and one INSERT of history for the fields, the same for the sprint,
    # and the answer's items, ticks and checklists; then the notifications (notifications.services.notify_each): the
    # watchers, and for the status and the assignment each the members, the known keys, the INSERT, the new rows,
    # the e-mail choices, and for the assignee's e-mail its rows, address and mark, with the new watch.
    assert few <= 40, few  # and one for the items' labels


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_a_bulk_where_one_item_fails_commits_nothing(team):
    """On PostgreSQL, committed for real: the fields of all three items were written before the sprint move found
    the third finished in a closed sprint; the whole transaction rolled back."""
    items = [BacklogItemFactory(board=team.board, title=title) for title in ("Alpha", "Bravo", "Charlie")]
    old = services.sprint_create(acting=team.po, goal="Old")
    BacklogItem.objects.filter(pk=items[2].pk).update(sprint=old)
    closed(old)
    new = services.sprint_create(acting=team.po, goal="New")
    response = bulk(team.po, items, {"sprint": new.number, "status": "in_progress", "points": 8})
    assert response.status_code == 409
    assert "closed Sprint 1" in response.json()["ids"][0]
    assert stored(items, "status", "points", "sprint") == [
        ("todo", None, None),
        ("todo", None, None),
        ("todo", None, old.pk),
    ]
    assert not ItemEvent.objects.exclude(field="created").exists()
