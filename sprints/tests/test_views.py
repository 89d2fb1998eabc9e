import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from boards import services as board_services
from boards.models import BacklogItem, Status
from boards.tests.factories import BacklogItemFactory, BoardFactory
from sprints import services
from sprints.models import Sprint, SprintState

HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(member_or_user):
    client = Client()
    client.force_login(getattr(member_or_user, "user", member_or_user))
    return client


def planned(team, *points, goal="Ship search", ready=True):
    items = [BacklogItemFactory(board=team.board, points=p, ready=ready) for p in points]
    sprint = services.sprint_create(acting=team.po, goal=goal)
    if items:
        services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[i.pk for i in items])
    return sprint, items


def closed(team, committed, completed):
    sprint, items = planned(team, *committed)
    services.sprint_start(acting=team.sm, sprint=sprint)
    for item in items[:completed]:
        board_services.item_update(actor=team.dev.user, item=item, status=Status.DONE)
    services.sprint_close(acting=team.sm, sprint=sprint)


PAGES = ["/b/apollo/sprints/", "/b/apollo/sprints/1/", "/b/apollo/sprints/1/plan/", "/b/apollo/velocity/"]


@pytest.mark.parametrize("url", [*PAGES, "/b/apollo/backlog-health/"])
def test_pages_send_anonymous_visitors_to_log_in(team, url):
    planned(team)
    response = Client().get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("url", [*PAGES, "/b/apollo/backlog-health/", "/b/apollo/sprints/1/burndown/"])
def test_pages_are_404_for_outsiders(team, url):
    planned(team)
    assert client_for(team.outsider).get(url, **HTMX).status_code == 404


@pytest.mark.parametrize("url", PAGES)
def test_every_member_may_look(team, url):
    planned(team)
    assert client_for(team.dev).get(url).status_code == 200


def test_the_list_shows_each_sprint_and_offers_planning_to_the_po(team):
    sprint, _ = planned(team, 5, 3)
    services.sprint_update(acting=team.po, sprint=sprint, name="Search <b>first</b>")
    page = client_for(team.po).get("/b/apollo/sprints/").content.decode()
    assert "Sprint 1: Search &lt;b&gt;first&lt;/b&gt;" in page
    assert "<td>8</td>" in page  # 5 + 3 points planned
    assert "Plan a new sprint" in page
    assert "Plan a new sprint" not in client_for(team.dev).get("/b/apollo/sprints/").content.decode()


def test_the_po_plans_a_new_sprint_and_lands_on_its_planning_page(team):
    response = client_for(team.po).post("/b/apollo/sprints/new/", {"goal": "Ship search"})
    assert response.status_code == 302 and response.url == "/b/apollo/sprints/1/plan/"
    assert Sprint.objects.get().goal == "Ship search"


def test_a_developer_may_not_plan_a_sprint(team):
    response = client_for(team.dev).post("/b/apollo/sprints/new/", {"goal": "g"})
    assert response.status_code == 403
    assert "Only the Product Owner or the Scrum Master can plan sprints" in response.content.decode()
    assert not Sprint.objects.exists()


def test_bad_dates_are_named_and_nothing_is_created(team):
    response = client_for(team.po).post(
        "/b/apollo/sprints/new/", {"start_date": "2026-03-10", "end_date": "2026-03-02"}
    )
    assert response.status_code == 400
    assert "A sprint ends after it starts." in response.content.decode()
    assert not Sprint.objects.exists()


def test_the_detail_draws_the_burndown_with_a_title_on_every_point(team):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        sprint, (a, b) = planned(team, 5, 3)
        services.sprint_start(acting=team.sm, sprint=sprint)
    with time_machine.travel(dt.datetime(2026, 3, 3, 12, tzinfo=dt.UTC), tick=False):
        board_services.item_update(actor=team.dev.user, item=a, status=Status.DONE)
        services.sprint_add_items(
            acting=team.po,
            sprint=sprint,
            item_ids=[BacklogItemFactory(board=team.board, points=2, title="Late <i>").pk],
        )
        page = client_for(team.dev).get("/b/apollo/sprints/1/").content.decode()
    assert '<svg class="chart burndown"' in page
    assert "<title>Mon 2 Mar: 8 points remaining</title>" in page
    assert "<title>Tue 3 Mar: 5 points remaining</title>" in page  # 8 − 5 done + 2 added
    assert "<title>Tue 3 Mar: scope +2 points</title>" in page
    assert "Late &lt;i&gt; added (+2 points)" in page
    assert page.count("points remaining</title>") == 2  # days after today are not drawn
    assert "<title>Wed 4 Mar: ideal 5.6 points</title>" in page  # but the ideal line runs to the end
    assert "Start sprint" not in page and "Close sprint" not in page  # a developer gets no buttons


def test_htmx_gets_only_the_burndown_partial(team):
    sprint, _ = planned(team, 5)
    services.sprint_start(acting=team.sm, sprint=sprint)
    response = client_for(team.dev).get("/b/apollo/sprints/1/burndown/", **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="burndown-chart"') and "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_a_plain_visit_to_the_burndown_goes_to_the_sprint_page(team):
    planned(team, 5)
    response = client_for(team.dev).get("/b/apollo/sprints/1/burndown/")
    assert (response.status_code, response.url) == (302, "/b/apollo/sprints/1/")
    assert "HX-Request" in response["Vary"]


def test_the_scrum_master_starts_and_closes_from_the_page(team):
    planned(team, 5)
    sm = client_for(team.sm)
    assert "Start sprint" in sm.get("/b/apollo/sprints/1/").content.decode()
    assert sm.post("/b/apollo/sprints/1/start/").status_code == 302
    assert Sprint.objects.get().state == SprintState.ACTIVE
    page = sm.get("/b/apollo/sprints/1/").content.decode()
    assert "Close sprint" in page and "to the top of the backlog" in page
    assert sm.post("/b/apollo/sprints/1/close/", {"unfinished": "backlog"}).status_code == 302
    assert Sprint.objects.get().state == SprintState.CLOSED


def test_the_product_owner_may_not_start(team):
    planned(team, 5)
    response = client_for(team.po).post("/b/apollo/sprints/1/start/")
    assert response.status_code == 403
    assert "Only the Scrum Master can start a sprint" in response.content.decode()
    assert Sprint.objects.get().state == SprintState.PLANNED


def test_starting_without_a_goal_says_why(team):
    planned(team, 5, goal="")
    response = client_for(team.sm).post("/b/apollo/sprints/1/start/")
    assert response.status_code == 400
    assert "Give the sprint a goal before starting it." in response.content.decode()


def test_closing_a_planned_sprint_is_409_with_the_reason(team):
    planned(team, 5)
    response = client_for(team.sm).post("/b/apollo/sprints/1/close/", {"unfinished": "backlog"})
    assert response.status_code == 409
    assert "Sprint 1 is planned; only an active one closes." in response.content.decode()


def test_close_offers_the_next_planned_sprint(team):
    sprint, _ = planned(team, 5)
    services.sprint_start(acting=team.sm, sprint=sprint)
    services.sprint_create(acting=team.po, goal="Next")
    assert 'value="next"> into Sprint 2' in client_for(team.sm).get("/b/apollo/sprints/1/").content.decode()


def test_planning_adds_and_removes_with_htmx_and_keeps_totals(team):
    closed(team, [5, 3], 2)  # forecast 8
    sprint, _ = planned(team)
    a = BacklogItemFactory(board=team.board, points=5, ready=True, title="Ready five")
    b = BacklogItemFactory(board=team.board, points=None, ready=False, title="Vague")
    po = client_for(team.po)
    response = po.post("/b/apollo/sprints/2/plan/add/", {"items": [a.pk, b.pk]}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<div id="planning"')
    assert '<span id="committed-points">5</span>' in body and '<span id="forecast-points">8</span>' in body
    assert "1 item not estimated." in body and "1 item not ready." in body
    response = po.post("/b/apollo/sprints/2/plan/remove/", {"items": [b.pk]}, **HTMX)
    assert "not estimated" not in response.content.decode()
    assert list(BacklogItem.objects.filter(sprint=sprint).values_list("pk", flat=True)) == [a.pk]


def test_planning_without_javascript_goes_back_to_the_planning_page(team):
    sprint, _ = planned(team)
    item = BacklogItemFactory(board=team.board, points=3, ready=True)
    response = client_for(team.po).post("/b/apollo/sprints/1/plan/add/", {"items": [item.pk]})
    assert (response.status_code, response.url) == (302, "/b/apollo/sprints/1/plan/")
    assert "HX-Request" in response["Vary"]
    assert BacklogItem.objects.get(pk=item.pk).sprint == sprint


def test_a_history_restore_of_a_planning_change_gets_the_whole_page_not_the_region(team):
    planned(team)
    item = BacklogItemFactory(board=team.board, points=3, ready=True)
    restore = {**HTMX, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
    response = client_for(team.po).post("/b/apollo/sprints/1/plan/add/", {"items": [item.pk]}, **restore)
    assert response.status_code == 302  # what a plain form gets: never a bare region as the page
    htmx = client_for(team.po).post("/b/apollo/sprints/1/plan/remove/", {"items": [item.pk]}, **HTMX)
    assert htmx.status_code == 200 and "<html" not in htmx.content.decode()
    assert "HX-Request" in htmx["Vary"]


def test_a_refused_planning_change_without_javascript_shows_the_whole_page_with_the_reason(team):
    planned(team)
    theirs = BacklogItemFactory(board=BoardFactory())
    response = client_for(team.po).post("/b/apollo/sprints/1/plan/add/", {"items": [theirs.pk]})
    html = response.content.decode()
    assert response.status_code == 400 and "<html" in html and 'id="planning"' in html
    assert f"Item {theirs.pk} is not on this board." in html and "HX-Request" in response["Vary"]


def test_planning_warns_but_never_refuses(team):
    closed(team, [3], 1)  # forecast 3
    planned(team)
    big = BacklogItemFactory(board=team.board, points=20, ready=True)
    body = client_for(team.sm).post("/b/apollo/sprints/2/plan/add/", {"items": [big.pk]}, **HTMX).content.decode()
    assert "1 item over 13 points: split me." in body
    assert "Committed 20 points, over the forecast of 3." in body
    assert BacklogItem.objects.get(pk=big.pk).sprint is not None


def test_planning_says_no_forecast_yet_before_the_first_closed_sprint(team):
    planned(team, 3)
    assert "no forecast yet" in client_for(team.po).get("/b/apollo/sprints/1/plan/").content.decode()


def test_the_backlog_side_lists_ready_and_estimated_items_first_in_priority_order(team):
    planned(team)
    vague = BacklogItemFactory(board=team.board, title="Vague first", ready=False, points=3)
    ready2 = BacklogItemFactory(board=team.board, title="Ready second", ready=True, points=2)
    ready3 = BacklogItemFactory(board=team.board, title="Ready third", ready=True, points=5)
    page = client_for(team.po).get("/b/apollo/sprints/1/plan/").content.decode()
    positions = [page.index(f"#{item.pk} {item.title}") for item in (ready2, ready3, vague)]
    assert positions == sorted(positions)


def test_planning_refuses_an_item_of_another_board(team):
    planned(team)
    theirs = BacklogItemFactory(board=BoardFactory())
    response = client_for(team.po).post("/b/apollo/sprints/1/plan/add/", {"items": [theirs.pk]}, **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="planning"') and f"Item {theirs.pk} is not on this board." in html


def test_a_developer_may_not_change_the_plan(team):
    planned(team)
    item = BacklogItemFactory(board=team.board)
    response = client_for(team.dev).post("/b/apollo/sprints/1/plan/add/", {"items": [item.pk]}, **HTMX)
    assert response.status_code == 403
    assert "Add →" not in client_for(team.dev).get("/b/apollo/sprints/1/plan/").content.decode()


def test_the_po_edits_the_goal_on_the_planning_page(team):
    planned(team)
    response = client_for(team.po).post("/b/apollo/sprints/1/edit/", {"goal": "New goal", "name": ""})
    assert response.status_code == 302 and Sprint.objects.get().goal == "New goal"


def test_the_velocity_page_draws_bars_and_the_forecast(team):
    closed(team, [5, 3], 1)
    closed(team, [8], 1)
    page = client_for(team.dev).get("/b/apollo/velocity/").content.decode()
    assert "<title>Sprint 1: 8 points committed</title>" in page
    assert "<title>Sprint 1: 5 points completed</title>" in page
    assert "<title>Average of the last three: 6.5 points</title>" in page
    assert '<strong id="forecast">6.5 points</strong>' in page


def test_the_velocity_page_says_no_forecast_yet(team):
    assert "no forecast yet" in client_for(team.dev).get("/b/apollo/velocity/").content.decode()


def test_the_backlog_health_widget(team):
    closed(team, [5], 1)  # velocity 5: two sprints are 10
    BacklogItemFactory(board=team.board, points=8, ready=True)
    body = client_for(team.dev).get("/b/apollo/backlog-health/", **HTMX).content.decode()
    assert body.lstrip().startswith('<section id="backlog-health"') and "<html" not in body
    assert "8 ready and estimated points in 1 item." in body
    assert "Two sprints of velocity are 10 points" in body and "Refine more" in body


def test_a_plain_visit_to_the_backlog_health_goes_to_the_backlog(team):
    response = client_for(team.dev).get("/b/apollo/backlog-health/")
    assert (response.status_code, response.url) == (302, "/b/apollo/")


def test_the_item_page_tells_its_sprint_history(team):
    item = board_services.item_create(board=team.board, actor=team.po.user, title="Search", points=3)
    sprint = services.sprint_create(acting=team.po, goal="g")
    services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[item.pk])
    board_services.item_update(actor=team.dev.user, item=item, status=Status.IN_PROGRESS)
    services.sprint_start(acting=team.sm, sprint=sprint)
    services.sprint_close(acting=team.sm, sprint=sprint)
    page = client_for(team.dev).get(f"/b/apollo/items/{item.pk}/").content.decode()
    assert "put it into Sprint 1" in page
    assert "changed status: To do → In progress" in page
    assert "took it out of Sprint 1, back to the backlog" in page
    assert "none: in the backlog" in page


def test_the_backlog_page_shows_the_backlog_health(team):
    closed(team, [5], 1)
    BacklogItemFactory(board=team.board, points=8, ready=True)
    page = client_for(team.dev).get("/b/apollo/").content.decode()
    assert 'id="backlog-health"' in page and "8 ready and estimated points in 1 item." in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("url", PAGES)
def test_pages_take_the_same_queries_for_5_and_50_rows(team, url):
    def grow(n):
        for _ in range(n):
            sprint, _ = planned(team, 3, 5, ready=True)
            services.sprint_start(acting=team.sm, sprint=sprint)
            board_services.item_update(actor=team.dev.user, item=sprint.items.first(), status=Status.DONE)
            services.sprint_close(acting=team.sm, sprint=sprint)
            BacklogItemFactory(board=team.board, points=2, ready=True)

    grow(5)
    client = client_for(team.po)
    few = _queries(client, url)
    grow(45)
    assert _queries(client, url) == few


POSTS = [
    ("/b/apollo/sprints/new/", {"goal": "g"}, "plan sprints", ["dev"]),
    ("/b/apollo/sprints/1/edit/", {"goal": "g"}, "plan sprints", ["dev"]),
    ("/b/apollo/sprints/1/plan/add/", {"items": ["ITEM"]}, "plan sprints", ["dev"]),
    ("/b/apollo/sprints/1/plan/remove/", {"items": ["ITEM"]}, "plan sprints", ["dev"]),
    ("/b/apollo/sprints/1/start/", {}, "start a sprint", ["dev", "po"]),
    ("/b/apollo/sprints/1/close/", {"unfinished": "backlog"}, "close a sprint", ["dev", "po"]),
]


@pytest.mark.parametrize(("url", "data", "action", "roles"), POSTS)
def test_every_form_refuses_the_wrong_role_and_outsiders(team, url, data, action, roles):
    sprint, (item,) = planned(team, 3)
    data = {k: [str(item.pk)] if v == ["ITEM"] else v for k, v in data.items()}
    for role in roles:
        response = client_for(getattr(team, role)).post(url, data, **HTMX)
        assert response.status_code == 403
        assert f"can {action}; you are a" in response.content.decode()
    assert client_for(team.outsider).post(url, data).status_code == 404
    assert Client().post(url, data).status_code == 302  # to the login page
    assert Sprint.objects.count() == 1
    assert Sprint.objects.get().state == SprintState.PLANNED and Sprint.objects.get().goal == "Ship search"
    assert list(BacklogItem.objects.filter(sprint=sprint)) == [item]


@pytest.mark.parametrize("url", ["/b/apollo/sprints/", "/b/apollo/sprints/1/plan/"])
def test_pages_refuse_other_methods(team, url):
    planned(team)
    assert client_for(team.po).put(url).status_code == 405


def test_planning_ignores_an_item_number_that_is_no_plain_number(team):
    # "²" passes str.isdigit() but not int(): it is no item, never a 500.
    sprint, _ = planned(team)
    item = BacklogItemFactory(board=team.board)
    response = client_for(team.po).post("/b/apollo/sprints/1/plan/add/", {"items": ["²", item.pk]}, **HTMX)
    assert response.status_code == 200
    assert list(BacklogItem.objects.filter(sprint=sprint).values_list("pk", flat=True)) == [item.pk]
