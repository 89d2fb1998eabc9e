import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import BacklogItem, ItemEvent
from boards.tests.api_client import api_as, persona
from boards.tests.factories import BacklogItemFactory

pytestmark = pytest.mark.django_db

BULK = "/api/v1/boards/apollo/items/bulk/"


@pytest.mark.parametrize("who", ["dev", "sm", "po"])
def test_every_member_adds_many_items_in_order_at_the_bottom(team, who):
    BacklogItemFactory(board=team.board, title="Existing")
    entries = [
        {"title": "One", "points": 3},
        {"title": "Two", "kind": "bug", "assignee": "dave"},
        {"title": "Three", "status": "testing"},
    ]
    response = api_as(persona(team, who)).post(BULK, entries, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert [(i["title"], i["points"], i["kind"], i["assignee"]) for i in body] == [
        ("One", 3, "story", None),
        ("Two", None, "bug", "dave"),
        ("Three", None, "story", None),
    ]
    assert all(isinstance(i["id"], int) for i in body)
    assert [i.title for i in BacklogItem.objects.filter(board=team.board)] == ["Existing", "One", "Two", "Three"]
    assert ItemEvent.objects.filter(field="created").count() == 3


def test_it_adds_5_or_500_items_in_the_same_number_of_queries(team):
    client = api_as(team.po)

    def count(n):
        entries = [{"title": f"Story {i}", "assignee": "dave" if i % 2 else None, "points": 5} for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(BULK, entries, format="json")
        assert response.status_code == 201
        assert len(response.json()) == n
        return len(ctx.captured_queries)

    assert count(5) == count(500)
    assert BacklogItem.objects.filter(board=team.board).count() == 505


def test_it_creates_none_and_names_each_failing_entry_and_field(team):
    entries = [{"title": f"Story {i}"} for i in range(10)]
    entries[3]["points"] = 4
    entries[7] = {"kind": "bug"}
    entries[8]["assignee"] = "olga"

    response = api_as(team.po).post(BULK, entries, format="json")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"3", "7", "8"}
    assert set(body["3"]) == {"points"}
    assert set(body["7"]) == {"title"}
    assert "not a member" in body["8"]["assignee"][0]
    assert not BacklogItem.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "not a list"}, "items"),
        ([], "items"),
        ([{"title": "x"}] * 501, "items"),
        (["just a string"], "0"),
        ([{"title": "ok"}, {"title": "x", "rank": 3}], "1"),
    ],
)
def test_it_refuses_a_bad_bulk_body(team, body, field):
    response = api_as(team.po).post(BULK, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not BacklogItem.objects.exists()


def test_it_refuses_bulk_creation_to_outsiders_and_anonymous(team):
    assert api_as(team.outsider).post(BULK, [{"title": "x"}], format="json").status_code == 404
    assert api_as(None).post(BULK, [{"title": "x"}], format="json").status_code == 401
    assert not BacklogItem.objects.exists()


def test_a_form_body_is_refused_as_unsupported_and_creates_nothing(team):
    response = api_as(team.po).post(BULK, {"title": "One"}, format="multipart")
    assert response.status_code == 415
    assert "multipart/form-data" in response.json()["detail"]
    assert not BacklogItem.objects.exists()
