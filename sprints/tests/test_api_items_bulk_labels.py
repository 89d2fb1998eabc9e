"""Labels in the backlog's bulk edit (`POST /api/v1/boards/{slug}/items/bulk-update/`): replaced, or some added and
some taken off, on every item at once, all or none, as Jira's bulk edit offers them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import BacklogItem, ItemLabel, Label
from boards.selectors_labels import label_names_of
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory, BoardFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/boards/apollo/items/bulk-update/"


@pytest.fixture
def items(team):
    return [BacklogItemFactory(board=team.board, title=title) for title in ("Alpha", "Bravo", "Charlie", "Delta")]


@pytest.fixture
def labels(team):
    return {name: Label.objects.create(board=team.board, name=name) for name in ("checkout", "spike", "UI")}


def label(items, *names, labels):
    for item in items:
        for name in names:
            ItemLabel.objects.create(board_id=item.board_id, item=item, label=labels[name])


def names(items):
    found = label_names_of([item.pk for item in items])
    return [sorted(found[item.pk]) for item in items]


def bulk(member, items, changes):
    return api_as(member).post(URL, {"ids": [i.pk for i in items], "set": changes}, format="json")


def test_labels_replaces_every_items_labels_with_these(team, items, labels):
    label(items[:1], "spike", labels=labels)
    label(items[1:2], "checkout", "UI", labels=labels)
    response = bulk(team.dev, items[:3], {"labels": ["ui", "Checkout"]})
    assert response.status_code == 200, response.content
    assert [sorted(row["labels"]) for row in response.json()] == [["UI", "checkout"]] * 3
    assert names(items) == [["UI", "checkout"]] * 3 + [[]]
    assert bulk(team.dev, items[:2], {"labels": []}).status_code == 200
    assert names(items) == [[], [], ["UI", "checkout"], []]


def test_labels_add_and_remove_keep_each_items_other_labels(team, items, labels):
    label(items[:1], "spike", labels=labels)
    label(items[1:2], "UI", labels=labels)
    response = bulk(team.sm, items[:3], {"labels_add": ["checkout"], "labels_remove": ["spike"]})
    assert response.status_code == 200, response.content
    assert names(items) == [["checkout"], ["UI", "checkout"], ["checkout"], []]
    body = {row["title"]: row for row in response.json()}
    assert sorted(body["Bravo"]["labels"]) == ["UI", "checkout"]


def test_a_label_change_moves_the_items_version_only_where_it_changed(team, items, labels):
    label(items[:1], "checkout", labels=labels)
    before = dict(BacklogItem.objects.values_list("pk", "version"))
    assert bulk(team.po, items[:2], {"labels_add": ["checkout"]}).status_code == 200
    after = dict(BacklogItem.objects.values_list("pk", "version"))
    assert after[items[0].pk] == before[items[0].pk]  # had it already
    assert after[items[1].pk] > before[items[1].pk]


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({"labels_add": ["checkout", "nope"]}, "labels_add", "No label named 'nope' on this board."),
        ({"labels_remove": ["nope"], "status": "done"}, "labels_remove", "No label named 'nope'"),
        ({"labels": ["UI"], "labels_add": ["spike"]}, "labels", "Either replace the labels"),
        ({"labels_add": ["spike"], "labels_remove": ["SPIKE"]}, "labels_remove", "both added and removed: 'spike'"),
        ({"labels": "checkout"}, "labels", "list"),
    ],
)
def test_a_bad_label_change_is_a_400_naming_its_key_and_nothing_changes(team, items, labels, changes, key, message):
    label(items[:1], "spike", labels=labels)
    response = bulk(team.po, items[:2], {**changes, "points": 5})
    assert response.status_code == 400, response.content
    assert message in response.json()["set"][key][0]
    assert names(items[:2]) == [["spike"], []]
    assert list(BacklogItem.objects.filter(pk__in=[i.pk for i in items]).values_list("points", flat=True)) == [None] * 4


def test_a_label_of_another_board_is_unknown_here(team, items, labels):
    Label.objects.create(board=BoardFactory(), name="elsewhere")
    response = bulk(team.dev, items[:1], {"labels_add": ["elsewhere"]})
    assert response.status_code == 400
    assert names(items[:1]) == [[]]


def test_the_query_count_does_not_grow_with_the_number_of_items(team, labels):
    client = api_as(team.dev)

    def count(n):
        chosen = [BacklogItemFactory(board=team.board) for _ in range(n)]
        label(chosen[::2], "spike", labels=labels)
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(
                URL,
                {"ids": [i.pk for i in chosen], "set": {"labels_add": ["UI", "checkout"], "labels_remove": ["spike"]}},
                format="json",
            )
        assert response.status_code == 200
        assert names(chosen) == [["UI", "checkout"]] * n
        return len(ctx.captured_queries)

    assert count(4) == count(40)
