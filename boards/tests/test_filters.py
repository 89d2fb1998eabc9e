"""The backlog's filters, alone and combined, in the API and the page: status (several), sprint (a number, none,
active), assignee (a username, me, none), kind, ready, points; bad values named; query counts that do not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import BacklogItem, Kind, Status
from boards.tests.api_client import api_as
from boards.tests.conftest import HTMX
from boards.tests.factories import BacklogItemFactory
from sprints import services as sprint_services

ITEMS = "/api/v1/boards/apollo/items/"


@pytest.fixture
def spread(team):
    """Items of every sort: two sprints (the first active), each member's, points from none to 13."""

    def item(title, **fields):
        return BacklogItemFactory(board=team.board, title=title, **fields)

    items = {
        "login": item("Login", status=Status.IN_PROGRESS, assignee=team.dev.user, points=3, ready=True),
        "crash": item("Crash", kind=Kind.BUG, status=Status.TODO, assignee=team.dev.user, points=8, ready=True),
        "docs": item("Docs", kind=Kind.CHORE, status=Status.DONE, assignee=team.po.user, points=1),
        "export": item("Export", status=Status.TODO, points=13),
        "idea": item("Idea", status=Status.TODO),
    }
    first = sprint_services.sprint_create(acting=team.po)
    second = sprint_services.sprint_create(acting=team.po)
    sprint_services.sprint_add_items(acting=team.po, sprint=first, item_ids=[items["login"].pk, items["crash"].pk])
    sprint_services.sprint_add_items(acting=team.po, sprint=second, item_ids=[items["docs"].pk])
    sprint_services.sprint_update(acting=team.po, sprint=first, goal="Log in")
    sprint_services.sprint_start(acting=team.sm, sprint=first)
    return items


def listed(membership, **params) -> list[str]:
    response = api_as(membership).get(ITEMS, params)
    assert response.status_code == 200, response.json()
    return [row["title"] for row in response.json()["results"]]


def shown(client, query: str) -> list[str]:
    response = client.get(f"/b/apollo/?{query}")
    assert response.status_code == 200, response.context["filter_form"].errors
    return [item.title for item in response.context["items"]]


CASES = [
    ("status=todo", ["Crash", "Export", "Idea"]),
    ("status=todo&status=done", ["Crash", "Docs", "Export", "Idea"]),
    ("status=in_progress,done", ["Login", "Docs"]),
    ("sprint=1", ["Login", "Crash"]),
    ("sprint=2", ["Docs"]),
    ("sprint=none", ["Export", "Idea"]),
    ("sprint=active", ["Login", "Crash"]),
    ("assignee=dave", ["Login", "Crash"]),
    ("assignee=me", ["Login", "Crash"]),
    ("assignee=none", ["Export", "Idea"]),
    ("kind=bug", ["Crash"]),
    ("ready=true", ["Login", "Crash"]),
    ("ready=no", ["Docs", "Export", "Idea"]),
    ("points_min=3", ["Login", "Crash", "Export"]),
    ("points_max=3", ["Login", "Docs"]),
    ("points_min=3&points_max=8", ["Login", "Crash"]),
    ("status=todo&sprint=none", ["Export", "Idea"]),
    ("status=todo&assignee=me&kind=bug&ready=true&sprint=active&points_min=8", ["Crash"]),
    ("status=todo,in_progress&points_max=5", ["Login"]),
    ("sprint=active&assignee=none", []),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_the_api_filters_and_combines(team, spread, query, expected):
    params = {}
    for pair in query.split("&"):
        name, value = pair.split("=")
        params.setdefault(name, []).append(value)
    assert listed(team.dev, **params) == expected


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_the_page_filters_and_combines_alike(team, spread, client_for, query, expected):
    # "ready=true" is the API's word; the page's form says yes and no, and reads either.
    assert shown(client_for(team.dev.user), query) == expected


def test_me_is_whoever_asks(team, spread, client_for):
    assert listed(team.po, assignee="me") == ["Docs"]
    assert listed(team.dev, assignee="me") == ["Login", "Crash"]  # not the PO's page from the cache
    assert shown(client_for(team.po.user), "assignee=me") == ["Docs"]


def test_the_active_sprint_is_the_one_active_now(team, spread):
    assert listed(team.dev, sprint="active") == ["Login", "Crash"]
    first = team.board.sprints.get(number=1)
    sprint_services.sprint_close(acting=team.sm, sprint=first)
    assert listed(team.dev, sprint="active") == []
    second = team.board.sprints.get(number=2)
    sprint_services.sprint_update(acting=team.po, sprint=second, goal="Docs")
    sprint_services.sprint_start(acting=team.sm, sprint=second)
    assert listed(team.dev, sprint="active") == ["Docs"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"status": "todo,later"}, "status", "'later' is not a status; use one of todo, in_progress,"),
        ({"kind": "saga"}, "kind", "'saga' is not a kind"),
        ({"ready": "maybe"}, "ready", "Give true or false."),
        ({"sprint": "next"}, "sprint", 'Give a sprint number, "none" or "active".'),
        ({"sprint": "0"}, "sprint", 'Give a sprint number, "none" or "active".'),
        ({"assignee": "olga"}, "assignee", "'olga' is not a member of this board."),
        ({"points_min": "-1"}, "points_min", "Give a number of points from 0 to 100."),
        ({"points_max": "lots"}, "points_max", "Give a number of points from 0 to 100."),
        ({"points_min": "8", "points_max": "3"}, "points_max", "Give at least points_min (8)."),
        ({"q": "x" * 201}, "q", "Search for at most 200 characters."),
        ({"label": "ux"}, "label", "No label named 'ux' on this board."),
    ],
)
def test_a_bad_value_is_a_400_naming_the_parameter(team, spread, client_for, params, field, message):
    response = api_as(team.dev).get(ITEMS, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field][0].startswith(message)
    if field != "label":  # the page ignores parameters it does not know
        page = client_for(team.dev.user).get("/b/apollo/", params)
        assert page.status_code == 400
        assert page.context["filter_form"].errors[field][0].startswith(message)


def test_one_value_filters_take_one_value(team, spread, client_for):
    response = api_as(team.dev).get(ITEMS, {"kind": ["bug", "story"]})
    assert response.status_code == 400 and response.json() == {
        "kind": ["'bug,story' is not a kind; use one of story, bug, chore, epic."]
    }
    page = client_for(team.dev.user).get("/b/apollo/", {"kind": ["bug", "story"]})
    assert page.status_code == 400 and page.context["filter_form"].errors["kind"] == ["Give one value."]


def test_the_page_shows_a_bad_value_in_the_list_it_swaps_and_keeps_the_other_filters(team, spread, client_for):
    response = client_for(team.dev.user).get("/b/apollo/?kind=bug&points_min=lots", **HTMX)
    html = response.content.decode()
    assert response.status_code == 400
    assert '<ul class="errorlist filter-errors" role="alert"><li>Points from: Give a number of points' in html
    assert [item.title for item in response.context["items"]] == ["Crash"]


def test_the_page_shows_the_filters_it_applied(team, spread, client_for):
    html = client_for(team.dev.user).get("/b/apollo/?status=todo&status=done&sprint=active&assignee=me").content
    html = html.decode()
    assert 'name="status" value="todo" id="filter_status_0" checked' in html
    assert 'name="status" value="done" id="filter_status_4" checked' in html
    assert '<option value="active" selected>The active sprint</option>' in html
    assert '<option value="me" selected>Me</option>' in html
    assert '<option value="2">Sprint 2</option>' in html
    assert (
        'name="query" value="status=todo&amp;status=done&amp;sprint=active&amp;assignee=me" form="save-filter"' in html
    )


def _many(team, n: int) -> None:
    sprint = team.board.sprints.get(number=1)
    start = BacklogItem.objects.filter(board=team.board).order_by("-rank").values_list("rank", flat=True)[0]
    BacklogItem.objects.bulk_create(
        BacklogItem(
            board=team.board,
            title=f"Bulk {i}",
            rank=start + 1000 * (i + 1),
            sprint=sprint,
            assignee=team.dev.user,
            points=5,
            kind=Kind.BUG,
            description="wombat",
        )
        for i in range(n)
    )


EVERY_FILTER = {
    "status": ["todo", "in_progress"],
    "sprint": "active",
    "assignee": "me",
    "kind": "bug",
    "ready": "false",
    "points_min": "1",
    "points_max": "8",
    "q": "bulk",
}


def test_the_api_lists_with_every_filter_in_as_many_queries_for_5_and_50_rows(team, spread):
    client = api_as(team.dev)

    def count(n: int) -> int:
        _many(team, n - BacklogItem.objects.filter(board=team.board, title__startswith="Bulk").count())
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(ITEMS, {**EVERY_FILTER, "page_size": 100})
        assert response.json()["count"] == n
        return len(ctx.captured_queries)

    assert count(5) == count(50)


def test_the_page_lists_with_every_filter_in_as_many_queries_for_5_and_50_rows(team, spread, client_for):
    client = client_for(team.dev.user)

    def count(n: int) -> int:
        _many(team, n - BacklogItem.objects.filter(board=team.board, title__startswith="Bulk").count())
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/b/apollo/", EVERY_FILTER)
        assert len(response.context["items"]) == n
        return len(ctx.captured_queries)

    assert count(5) == count(50)
