import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from boards import services as board_services
from boards.models import BacklogItem, ItemEvent, Status
from boards.tests.factories import BacklogItemFactory, BoardFactory
from sprints import services
from sprints.models import Sprint, SprintState

BASE = "/api/v1/boards/apollo"


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def sm(team):
    return client_for(team.sm.user)


@pytest.fixture
def po(team):
    return client_for(team.po.user)


@pytest.fixture
def dev(team):
    return client_for(team.dev.user)


def started(team, *points):
    items = [BacklogItemFactory(board=team.board, points=p) for p in points]
    sprint = services.sprint_create(acting=team.po, goal="Ship search")
    services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[i.pk for i in items])
    services.sprint_start(acting=team.sm, sprint=sprint)
    return sprint, items


@time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False)
def test_it_creates_a_sprint_with_default_dates(po):
    response = po.post(f"{BASE}/sprints/", {"goal": "Ship search", "name": "Search"}, format="json")
    assert response.status_code == 201
    assert response.json() | {"started_at": None} == {
        "number": 1,
        "name": "Search",
        "goal": "Ship search",
        "start_date": "2026-03-02",
        "end_date": "2026-03-15",
        "state": "planned",
        "committed_points": None,
        "completed_points": None,
        "started_at": None,
        "closed_at": None,
        "items": [],
        "version": 1,
    }


def test_it_names_the_bad_field(po):
    response = po.post(f"{BASE}/sprints/", {"start_date": "2026-03-10", "end_date": "2026-03-01"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"end_date": ["A sprint ends after it starts."]}
    response = po.post(f"{BASE}/sprints/", {"start_date": "tomorrow"}, format="json")
    assert response.status_code == 400 and "start_date" in response.json()
    assert not Sprint.objects.exists()


def test_it_patches_a_sprint(team, po):
    services.sprint_create(acting=team.po)
    response = po.patch(f"{BASE}/sprints/1/", {"goal": "Faster search"}, format="json")
    assert response.status_code == 200 and response.json()["goal"] == "Faster search"


def test_it_plans_items_in_and_out(team, po):
    a, b = BacklogItemFactory(board=team.board), BacklogItemFactory(board=team.board)
    services.sprint_create(acting=team.po)
    response = po.post(f"{BASE}/sprints/1/items/", {"items": [a.pk, b.pk]}, format="json")
    assert response.status_code == 200 and response.json()["items"] == [a.pk, b.pk]
    response = po.delete(f"{BASE}/sprints/1/items/", {"items": [a.pk]}, format="json")
    assert response.status_code == 200 and response.json()["items"] == [b.pk]


def test_adding_an_item_of_another_board_is_refused_and_changes_nothing(team, po):
    mine, theirs = BacklogItemFactory(board=team.board), BacklogItemFactory(board=BoardFactory())
    services.sprint_create(acting=team.po)
    response = po.post(f"{BASE}/sprints/1/items/", {"items": [mine.pk, theirs.pk]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"items": [f"Item {theirs.pk} is not on this board."]}
    assert not BacklogItem.objects.filter(sprint__isnull=False).exists()


def test_it_starts_and_closes_a_sprint(team, sm):
    item = BacklogItemFactory(board=team.board, points=5)
    services.sprint_create(acting=team.po, goal="Ship search")
    services.sprint_add_items(acting=team.po, sprint=Sprint.objects.get(), item_ids=[item.pk])
    response = sm.post(f"{BASE}/sprints/1/start/")
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["committed_points"]) == ("active", 5)
    response = sm.post(f"{BASE}/sprints/1/close/", {"unfinished": "backlog"}, format="json")
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["completed_points"]) == ("closed", 0)


def test_starting_a_second_active_sprint_is_409(team, sm):
    started(team, 3)
    second = services.sprint_create(acting=team.po, goal="Next")
    services.sprint_add_items(acting=team.po, sprint=second, item_ids=[BacklogItemFactory(board=team.board).pk])
    response = sm.post(f"{BASE}/sprints/2/start/")
    assert response.status_code == 409
    assert response.json() == {"detail": "Sprint 1 is already active on this board; close it before starting another."}
    assert Sprint.objects.get(number=2).state == SprintState.PLANNED


def test_closing_a_planned_sprint_is_409(team, sm):
    services.sprint_create(acting=team.po)
    response = sm.post(f"{BASE}/sprints/1/close/", {"unfinished": "backlog"}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "Sprint 1 is planned; only an active one closes."}


def test_close_names_a_bad_unfinished_choice(team, sm):
    started(team, 3)
    response = sm.post(f"{BASE}/sprints/1/close/", {"unfinished": "bin"}, format="json")
    assert response.status_code == 400 and "unfinished" in response.json()
    assert Sprint.objects.get().state == SprintState.ACTIVE


def test_it_answers_the_burndown(team, dev):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        sprint, (a, b) = started(team, 5, 3)
    with time_machine.travel(dt.datetime(2026, 3, 3, 12, tzinfo=dt.UTC), tick=False):
        board_services.item_update(actor=team.dev.user, item=a, status=Status.DONE)
        response = dev.get(f"{BASE}/sprints/1/burndown/")
    assert response.status_code == 200
    body = response.json()
    # Two weeks from Monday 2 March: ten working days; ideal = 8 × (10 − k) / 10.
    assert body["committed"] == 8
    assert body["days"][:3] == [
        {"date": "2026-03-02", "remaining": 8, "ideal": 7.2, "weighted_progress": 0.0, "scope_change": 0},
        {"date": "2026-03-03", "remaining": 3, "ideal": 6.4, "weighted_progress": 0.5, "scope_change": 0},
        {"date": "2026-03-04", "remaining": None, "ideal": 5.6, "weighted_progress": None, "scope_change": None},
    ]
    assert len(body["days"]) == 14


def test_a_change_to_an_item_shows_in_the_burndown_right_after(team, dev):
    """The whole team's charts are cached between changes; every change, through any path, shows in the next answer."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        sprint, (a, b, c, d) = started(team, 5, 3, 2, 1)
    url = f"{BASE}/sprints/1/burndown/"

    def remaining_today():
        return dev.get(url).json()["days"][1]["remaining"]

    with time_machine.travel(dt.datetime(2026, 3, 3, 12, tzinfo=dt.UTC), tick=False):
        assert remaining_today() == 11
        assert remaining_today() == 11  # the cached chart
        response = dev.patch(f"{BASE}/items/{a.pk}/", {"status": "done"}, format="json")
        assert response.status_code == 200
        assert remaining_today() == 6
        dev.patch(f"{BASE}/items/{b.pk}/", {"points": 8}, format="json")
        assert remaining_today() == 11
        services.sprint_remove_items(acting=team.po, sprint=sprint, item_ids=[c.pk])
        assert remaining_today() == 9
        # A script's bulk update, past every service and with no event: the item is Done as far as its history says.
        BacklogItem.objects.filter(pk=d.pk).update(status=Status.DONE)
        assert remaining_today() == 8
        board_services.item_delete(acting=team.po, item=b)
        assert remaining_today() == 0


def test_it_answers_the_velocity(team, dev):
    sprint, (a,) = started(team, 8)
    board_services.item_update(actor=team.dev.user, item=a, status=Status.DONE)
    services.sprint_close(acting=team.sm, sprint=sprint)
    response = dev.get(f"{BASE}/velocity/")
    assert response.json() == {"sprints": [{"number": 1, "committed": 8, "completed": 8}], "average": 8.0}


def test_it_lists_an_items_history(team, dev):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        item = board_services.item_create(board=team.board, actor=team.po.user, title="Search", points=3)
        sprint = services.sprint_create(acting=team.po, goal="g")
        services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[item.pk])
        board_services.item_update(actor=team.dev.user, item=item, status=Status.IN_PROGRESS, points=5)
    response = dev.get(f"{BASE}/items/{item.pk}/history/")
    assert response.status_code == 200
    rows = [(e["field"], e["old_value"], e["new_value"], e["actor"]) for e in response.json()["results"]]
    assert rows == [
        ("created", "", "todo", "paula"),
        ("sprint", "", "1", "paula"),
        ("status", "todo", "in_progress", "dave"),
        ("points", "3", "5", "dave"),
    ]
    assert response.json()["results"][0]["at"] == "2026-03-02T09:00:00Z"


def test_history_of_another_boards_item_is_404(team, dev):
    theirs = BacklogItemFactory(board=BoardFactory())
    assert dev.get(f"{BASE}/items/{theirs.pk}/history/").status_code == 404


WRITES = [
    ("post", "/sprints/", {"goal": "g"}, "plan sprints"),
    ("patch", "/sprints/1/", {"goal": "g"}, "plan sprints"),
    ("post", "/sprints/1/items/", {"items": [1]}, "plan sprints"),
    ("delete", "/sprints/1/items/", {"items": [1]}, "plan sprints"),
    ("post", "/sprints/1/start/", {}, "start a sprint"),
    ("post", "/sprints/1/close/", {"unfinished": "backlog"}, "close a sprint"),
]
READS = ["/sprints/", "/sprints/1/", "/sprints/1/burndown/", "/velocity/", "/items/{item}/history/"]


@pytest.mark.parametrize(("method", "path", "body", "action"), WRITES)
def test_a_developer_may_not_plan_start_or_close(team, dev, method, path, body, action):
    services.sprint_create(acting=team.po, goal="g")
    response = getattr(dev, method)(f"{BASE}{path}", body, format="json")
    assert response.status_code == 403
    assert f"can {action}; you are a Developer" in response.json()["detail"]


@pytest.mark.parametrize(("method", "path", "body", "action"), WRITES[4:])
def test_the_product_owner_may_not_start_or_close(team, po, method, path, body, action):
    services.sprint_create(acting=team.po, goal="g")
    response = getattr(po, method)(f"{BASE}{path}", body, format="json")
    assert response.status_code == 403
    assert response.json()["detail"].startswith(f"Only the Scrum Master can {action}")


@pytest.mark.parametrize("path", READS + [w[1] for w in WRITES])
def test_outsiders_get_404_and_anonymous_401(team, path):
    services.sprint_create(acting=team.po)
    item = BacklogItemFactory(board=team.board)
    url = f"{BASE}{path.format(item=item.pk)}"
    assert client_for(team.outsider).get(url).status_code in (404, 405)
    assert client_for(team.outsider).post(url, {}, format="json").status_code in (404, 405)
    assert client_for(None).get(url).status_code in (401, 405)


@pytest.mark.parametrize("path", READS)
def test_every_member_may_read(team, dev, path):
    services.sprint_create(acting=team.po)
    item = BacklogItemFactory(board=team.board)
    assert dev.get(f"{BASE}{path.format(item=item.pk)}").status_code == 200


def test_the_sprint_list_takes_the_same_queries_for_5_and_50_rows(team, dev):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert dev.get(f"{BASE}/sprints/?page_size=100").status_code == 200
        return len(ctx)

    for _ in range(5):
        services.sprint_create(acting=team.po)
        BacklogItemFactory(board=team.board)
    few = count()
    for _ in range(45):
        sprint = services.sprint_create(acting=team.po)
        items = [BacklogItemFactory(board=team.board) for _ in range(2)]
        services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[i.pk for i in items])
    assert count() == few


def test_the_history_takes_the_same_queries_for_5_and_50_events(team, dev):
    item = BacklogItemFactory(board=team.board)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert dev.get(f"{BASE}/items/{item.pk}/history/?page_size=100").status_code == 200
        return len(ctx)

    statuses = [Status.IN_PROGRESS, Status.TODO]
    for n in range(5):
        board_services.item_update(actor=team.dev.user, item=item, status=statuses[n % 2])
    few = count()
    for n in range(45):
        board_services.item_update(actor=team.po.user, item=item, status=statuses[(n + 1) % 2])
    assert ItemEvent.objects.filter(item=item).count() == 50
    assert count() == few


def test_the_items_endpoint_lists_a_sprint_or_the_backlog(team, dev):
    planned_in = [BacklogItemFactory(board=team.board, points=3) for _ in range(2)]
    loose = BacklogItemFactory(board=team.board)
    sprint = services.sprint_create(acting=team.po)
    services.sprint_create(acting=team.po)
    services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[i.pk for i in planned_in])
    body = dev.get(f"{BASE}/items/?sprint=1").json()
    assert [(row["id"], row["sprint"]) for row in body["results"]] == [(i.pk, 1) for i in planned_in]
    assert [row["id"] for row in dev.get(f"{BASE}/items/?sprint=none").json()["results"]] == [loose.pk]
    assert dev.get(f"{BASE}/items/?sprint=2").json()["results"] == []
    assert dev.get(f"{BASE}/items/{planned_in[0].pk}/").json()["sprint"] == 1
    response = dev.get(f"{BASE}/items/?sprint=next")
    assert response.status_code == 400 and response.json() == {"sprint": ['Give a sprint number, "none" or "active".']}
