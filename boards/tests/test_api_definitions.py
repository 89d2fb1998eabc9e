"""The Definitions of Ready and Done over the API: reading and replacing them, ticking an item's criteria, the
checklists every item carries, and `ready` following the ticks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards import services
from boards.models import BacklogItem, Criterion, CriterionCheck, CriterionKind
from boards.services.definitions import definitions_add_defaults
from boards.tests.api_client import api_as, persona
from boards.tests.factories import BacklogItemFactory, BoardFactory

DEFINITIONS = "/api/v1/boards/apollo/definitions/"
ITEMS = "/api/v1/boards/apollo/items/"


def checks_url(item):
    return f"/api/v1/boards/apollo/items/{item.pk}/checks/"


def criteria(board, kind):
    return list(Criterion.objects.filter(board=board, kind=kind).order_by("position"))


@pytest.fixture
def defined(team):
    definitions_add_defaults(board=team.board)
    return team


def tick(who, item, criterion, met=True):
    return api_as(who).post(checks_url(item), {"criterion": criterion.pk, "met": met}, format="json")


def test_a_new_board_starts_with_the_default_definitions(db, team):
    board = services.board_create(user=team.sm.user, name="Fresh")
    texts = {kind: [c.text for c in criteria(board, kind)] for kind in CriterionKind.values}
    assert texts == {
        "ready": ["Acceptance criteria written", "Estimated", "At most 13 points (else split it)"],
        "done": ["Code reviewed", "Tests pass", "Accepted by the Product Owner"],
    }


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("dev", 200), ("po", 200), ("anonymous", 401)])
def test_members_read_the_definitions_in_order(defined, who, status):
    response = api_as(persona(defined, who)).get(DEFINITIONS)
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert [c["text"] for c in body["done"]] == ["Code reviewed", "Tests pass", "Accepted by the Product Owner"]
        assert set(body["ready"][0]) == {"id", "text"}


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("dev", 403), ("po", 200), ("sm", 200)])
def test_only_the_product_owner_and_scrum_master_replace_them(defined, who, status):
    response = api_as(persona(defined, who)).put(DEFINITIONS, {"ready": [], "done": []}, format="json")
    assert response.status_code == status
    assert Criterion.objects.filter(board=defined.board).exists() == (status != 200)


def test_a_put_keeps_renames_and_reorders_by_id_adds_new_ones_unticked_and_deletes_the_rest(defined):
    item = BacklogItemFactory(board=defined.board)
    written, estimated, small = criteria(defined.board, "ready")
    for criterion in (written, estimated, small):
        assert tick(defined.dev, item, criterion).status_code == 200
    assert BacklogItem.objects.get(pk=item.pk).ready

    body = {
        "ready": [{"id": estimated.pk, "text": "Estimated by the team"}, {"id": written.pk, "text": written.text}],
        "done": [{"text": "Deployed"}],
    }
    response = api_as(defined.po).put(DEFINITIONS, body, format="json")

    assert response.status_code == 200, response.json()
    assert [c["text"] for c in response.json()["ready"]] == ["Estimated by the team", written.text]
    assert [c["text"] for c in response.json()["done"]] == ["Deployed"]
    checks = api_as(defined.dev).get(f"{ITEMS}{item.pk}/").json()["checks"]
    assert checks["ready"] == [
        {"id": estimated.pk, "text": "Estimated by the team", "met": True},
        {"id": written.pk, "text": written.text, "met": True},
    ]
    assert [check["met"] for check in checks["done"]] == [False]
    assert not CriterionCheck.objects.filter(criterion_id=small.pk).exists()

    # A new Ready criterion starts unticked everywhere: the item is no longer ready.
    body["ready"].append({"text": "Designs attached"})
    api_as(defined.po).put(DEFINITIONS, body, format="json")
    assert not BacklogItem.objects.get(pk=item.pk).ready


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ready": []}, "done"),
        ({"ready": [{"text": ""}], "done": []}, "ready"),
        ({"ready": [{"text": "x" * 201}], "done": []}, "ready"),
        ({"ready": [], "done": [], "other": 1}, "other"),
        ({"ready": [{"id": 999999, "text": "Stolen"}], "done": []}, "ready"),
    ],
)
def test_a_bad_put_is_a_400_naming_the_list_and_changes_nothing(defined, body, field):
    response = api_as(defined.sm).put(DEFINITIONS, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Criterion.objects.filter(board=defined.board).count() == 6


def test_a_criterion_of_another_list_or_board_cannot_be_kept(defined):
    other = BoardFactory()
    definitions_add_defaults(board=other)
    foreign = Criterion.objects.filter(board=other).first()
    done = criteria(defined.board, "done")[0]
    for entry in ({"id": foreign.pk, "text": "x"}, {"id": done.pk, "text": "x"}):
        response = api_as(defined.sm).put(DEFINITIONS, {"ready": [entry], "done": []}, format="json")
        assert response.status_code == 400
    assert Criterion.objects.get(pk=foreign.pk).board == other


@pytest.mark.parametrize("who", ["dev", "sm", "po"])
def test_every_member_ticks_and_the_item_becomes_ready_with_the_last_ready_criterion(defined, who):
    item = BacklogItemFactory(board=defined.board)
    ready = criteria(defined.board, "ready")
    for criterion in ready[:-1]:
        assert tick(persona(defined, who), item, criterion).json()["ready"] is False
    body = tick(persona(defined, who), item, ready[-1]).json()
    assert body["ready"] is True
    assert [check["met"] for check in body["checks"]["ready"]] == [True, True, True]

    assert tick(persona(defined, who), item, ready[0], met=False).json()["ready"] is False
    assert BacklogItem.objects.filter(board=defined.board, ready=True).count() == 0


def test_ticking_twice_or_unticking_twice_is_harmless(defined):
    item = BacklogItemFactory(board=defined.board)
    done = criteria(defined.board, "done")[0]
    for met in (True, True, False, False):
        assert tick(defined.dev, item, done, met).status_code == 200
    assert not CriterionCheck.objects.filter(item=item).exists()


def test_a_tick_of_another_boards_criterion_or_item_or_by_an_outsider_is_a_404(defined):
    other = BoardFactory()
    definitions_add_defaults(board=other)
    item = BacklogItemFactory(board=defined.board)
    foreign = Criterion.objects.filter(board=other).first()
    assert tick(defined.dev, item, foreign).status_code == 404
    assert tick(defined.outsider, item, criteria(defined.board, "ready")[0]).status_code == 404
    foreign_item = BacklogItemFactory(board=other)
    url = f"/api/v1/boards/apollo/items/{foreign_item.pk}/checks/"
    response = api_as(defined.dev).post(url, {"criterion": foreign.pk, "met": True}, format="json")
    assert response.status_code == 404
    assert not CriterionCheck.objects.exists()


@pytest.mark.parametrize("body", [{"criterion": 1}, {"met": True}, {"criterion": "x", "met": True}])
def test_a_bad_tick_is_a_400(defined, body):
    item = BacklogItemFactory(board=defined.board)
    assert api_as(defined.dev).post(checks_url(item), body, format="json").status_code == 400


def test_ready_cannot_be_written_directly(defined):
    item = BacklogItemFactory(board=defined.board)
    for response in (
        api_as(defined.po).patch(f"{ITEMS}{item.pk}/", {"ready": True}, format="json"),
        api_as(defined.po).post(ITEMS, {"title": "Sneaky", "ready": True}, format="json"),
    ):
        assert response.status_code == 400
        assert "Definition of Ready" in response.json()["ready"][0]
    assert not BacklogItem.objects.filter(ready=True).exists()


def test_an_empty_definition_of_ready_makes_every_item_ready(defined):
    item = BacklogItemFactory(board=defined.board)
    api_as(defined.sm).put(DEFINITIONS, {"ready": [], "done": []}, format="json")
    assert BacklogItem.objects.get(pk=item.pk).ready
    created = api_as(defined.dev).post(ITEMS, {"title": "New"}, format="json").json()
    assert created["ready"] is True


def test_the_items_list_shows_every_items_checklists_and_refreshes_on_a_tick_and_a_definition_change(defined):
    a, b = BacklogItemFactory(board=defined.board), BacklogItemFactory(board=defined.board)
    client = api_as(defined.dev)
    first = client.get(ITEMS).json()["results"]
    assert [[check["met"] for check in row["checks"]["ready"]] for row in first] == [[False] * 3, [False] * 3]

    tick(defined.po, b, criteria(defined.board, "ready")[1])
    rows = client.get(ITEMS).json()["results"]
    assert [[check["met"] for check in row["checks"]["ready"]] for row in rows] == [[False] * 3, [False, True, False]]

    Criterion.objects.filter(pk=criteria(defined.board, "done")[0].pk).update(text="Reviewed by two")
    rows = client.get(ITEMS).json()["results"]
    assert rows[0]["checks"]["done"][0]["text"] == "Reviewed by two"
    assert rows[0]["id"] == a.pk


def test_the_items_list_costs_the_same_queries_for_few_and_many_criteria(defined):
    client = api_as(defined.dev)
    for _ in range(5):
        BacklogItemFactory(board=defined.board)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(ITEMS)
        return len(ctx.captured_queries)

    few = count()
    Criterion.objects.bulk_create(
        Criterion(board=defined.board, kind=kind, text=f"C{n}", position=10 + n)
        for n in range(20)
        for kind in ["ready", "done"]
    )
    assert count() == few == 6  # the token, the total, the page, its ticks, its checklists, its labels


@pytest.mark.django_db(transaction=True)
def test_a_tick_reaches_everyone_on_the_board(team):
    from channels.db import database_sync_to_async

    from live.tests.helpers import run, socket_for

    definitions_add_defaults(board=team.board)
    item = BacklogItemFactory(board=team.board)
    done = criteria(team.board, "done")[0]
    ws = socket_for(team.po.user, "/ws/board/apollo/")

    async def scenario():
        assert (await ws.connect())[0]
        await database_sync_to_async(
            lambda: services.check_set(acting=team.dev, item_id=item.pk, criterion_id=done.pk, met=True)
        )()
        heard = await ws.receive_json_from(timeout=2)
        assert (heard["event"], heard["item"]) == ("item.updated", item.pk)
        await ws.disconnect()

    run(scenario)


def test_the_database_raises_the_items_version_on_every_write_of_a_criterion_or_a_tick(defined):
    from boards.models import Board

    item = BacklogItemFactory(board=defined.board)
    criterion = criteria(defined.board, "done")[0]

    def version():
        return Board.objects.get(pk=defined.board.pk).items_version

    writes = [
        lambda: CriterionCheck.objects.create(board=defined.board, item=item, criterion=criterion),
        lambda: CriterionCheck.objects.filter(item=item).delete(),
        lambda: Criterion.objects.filter(pk=criterion.pk).update(text="Reviewed"),
        lambda: Criterion.objects.create(board=defined.board, kind="done", text="Deployed"),
        lambda: Criterion.objects.filter(pk=criterion.pk).delete(),
    ]
    for write in writes:
        before = version()
        write()
        assert version() > before
