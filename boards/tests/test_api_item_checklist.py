"""An item's checklist over the API: every member adds, edits, ticks, reorders and removes entries; the items API
shows them on every item."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import ChecklistEntry
from boards.tests.api_client import api_as, persona
from boards.tests.conftest import checklist_texts as texts
from boards.tests.factories import BacklogItemFactory, BoardFactory, ChecklistEntryFactory

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/boards/apollo/items/"


def checklist_url(item, entry=None):
    return f"{ITEMS}{item.pk}/checklist/" + (f"{entry.pk if hasattr(entry, 'pk') else entry}/" if entry else "")


@pytest.mark.parametrize("who", ["dev", "sm", "po"])
def test_every_member_adds_an_entry_at_the_end(team, item, steps, who):
    response = api_as(persona(team, who)).post(checklist_url(item), {"text": "  Docs "}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body == {"id": body["id"], "text": "Docs", "done": False}
    assert texts(item)[-1] == ("Docs", False)


def test_the_item_shows_its_checklist_in_order_in_list_and_detail(team, item, steps):
    client = api_as(team.dev)
    detail = client.get(f"{ITEMS}{item.pk}/").json()
    assert [(e["text"], e["done"]) for e in detail["checklist"]] == [
        ("Schema", False),
        ("View", False),
        ("Tests", False),
    ]
    assert detail["checklist"][0]["id"] == steps[0].pk
    assert client.get(ITEMS).json()["results"][0]["checklist"] == detail["checklist"]


def test_an_item_without_entries_shows_an_empty_checklist(team, item):
    assert api_as(team.dev).get(ITEMS).json()["results"][0]["checklist"] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write something."),
        ("   ", "Write something."),
        ("x" * 201, "200 characters"),
        ("a\x00b", "Null characters"),
        (None, ""),
    ],
)
def test_it_refuses_an_empty_or_oversized_text_naming_text(team, item, text, message):
    response = api_as(team.dev).post(checklist_url(item), {"text": text}, format="json")
    assert response.status_code == 400
    assert message in response.json()["text"][0]
    assert not ChecklistEntry.objects.exists()


def test_it_refuses_an_unknown_key(team, item):
    response = api_as(team.dev).post(checklist_url(item), {"text": "A", "done": True}, format="json")
    assert response.status_code == 400
    assert "done" in response.json()


def test_a_member_ticks_unticks_and_renames_an_entry(team, item, steps):
    client = api_as(team.dev)
    response = client.patch(checklist_url(item, steps[1]), {"done": True}, format="json")
    assert response.json() == {"id": steps[1].pk, "text": "View", "done": True}
    client.patch(checklist_url(item, steps[1]), {"text": "The view"}, format="json")
    assert texts(item) == [("Schema", False), ("The view", True), ("Tests", False)]
    client.patch(checklist_url(item, steps[1]), {"done": False}, format="json")
    assert texts(item)[1] == ("The view", False)


def test_a_rename_to_an_empty_text_is_refused_naming_text(team, item, steps):
    response = api_as(team.dev).patch(checklist_url(item, steps[0]), {"text": " "}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()
    assert texts(item)[0] == ("Schema", False)


@pytest.mark.parametrize(
    ("moved", "position", "order"),
    [
        (2, 0, ["Tests", "Schema", "View"]),
        (0, 2, ["View", "Tests", "Schema"]),
        (0, 1, ["View", "Schema", "Tests"]),
        (1, 1, ["Schema", "View", "Tests"]),
    ],
)
def test_a_member_reorders_an_entry_by_its_new_index(team, item, steps, moved, position, order):
    response = api_as(team.dev).patch(checklist_url(item, steps[moved]), {"position": position}, format="json")
    assert response.status_code == 200, response.content
    assert [text for text, _done in texts(item)] == order
    positions = list(ChecklistEntry.objects.filter(item=item).order_by("position").values_list("position", flat=True))
    assert positions == [0, 1, 2]


@pytest.mark.parametrize("position", [3, -1, "top", True])
def test_a_position_out_of_the_list_is_refused_naming_position(team, item, steps, position):
    response = api_as(team.dev).patch(checklist_url(item, steps[0]), {"position": position}, format="json")
    assert response.status_code == 400
    assert "position" in response.json()
    assert [text for text, _done in texts(item)] == ["Schema", "View", "Tests"]


def test_a_member_removes_an_entry_and_the_others_keep_their_order(team, item, steps):
    assert api_as(team.dev).delete(checklist_url(item, steps[1])).status_code == 204
    assert [text for text, _done in texts(item)] == ["Schema", "Tests"]
    api_as(team.dev).post(checklist_url(item), {"text": "Docs"}, format="json")
    assert [text for text, _done in texts(item)] == ["Schema", "Tests", "Docs"]


def test_outsiders_get_404_and_anonymous_401_and_nothing_changes(team, item, steps):
    for client, status in ((api_as(team.outsider), 404), (api_as(None), 401)):
        assert client.post(checklist_url(item), {"text": "X"}, format="json").status_code == status
        assert client.patch(checklist_url(item, steps[0]), {"done": True}, format="json").status_code == status
        assert client.delete(checklist_url(item, steps[0])).status_code == status
    assert texts(item) == [("Schema", False), ("View", False), ("Tests", False)]


def test_an_entry_or_item_of_another_board_is_missing(team, item, steps):
    foreign_item = BacklogItemFactory(board=BoardFactory())
    foreign = ChecklistEntryFactory(item=foreign_item)
    client = api_as(team.dev)
    assert client.patch(checklist_url(item, foreign), {"done": True}, format="json").status_code == 404
    assert client.delete(checklist_url(item, foreign)).status_code == 404
    assert client.post(checklist_url(foreign_item), {"text": "X"}, format="json").status_code == 404
    other = BacklogItemFactory(board=team.board)
    assert client.delete(checklist_url(other, steps[0])).status_code == 404  # an entry of another item
    assert ChecklistEntry.objects.count() == 4


def test_an_item_takes_at_most_100_entries(team, item):
    ChecklistEntry.objects.bulk_create(
        ChecklistEntry(board=team.board, item=item, text=f"S{n}", position=n) for n in range(100)
    )
    response = api_as(team.dev).post(checklist_url(item), {"text": "One more"}, format="json")
    assert response.status_code == 400
    assert "100" in response.json()["text"][0]


def test_the_list_reads_checklists_in_one_query_for_5_and_50_items(team):
    client = api_as(team.dev)

    def count(n):
        for _ in range(n - team.board.items.count()):
            ChecklistEntryFactory(item=BacklogItemFactory(board=team.board))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(ITEMS, {"page_size": 200})
        assert len(response.json()["results"]) == n
        assert all(len(row["checklist"]) == 1 for row in response.json()["results"])
        return len(ctx.captured_queries)

    assert count(5) == count(50) == 6
