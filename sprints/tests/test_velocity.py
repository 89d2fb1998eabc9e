import pytest

from boards import services as board_services
from boards.models import Status
from boards.tests.factories import BacklogItemFactory
from sprints import services
from sprints.selectors import backlog_health, velocity


def run_sprint(team, committed, completed):
    """A closed sprint with items worth `committed`, of which `completed` points are Done."""
    items = [BacklogItemFactory(board=team.board, points=p) for p in committed]
    sprint = services.sprint_create(acting=team.po, goal="g")
    services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[i.pk for i in items])
    services.sprint_start(acting=team.sm, sprint=sprint)
    for item in items:
        if item.points in completed:
            completed.remove(item.points)
            board_services.item_update(actor=team.dev.user, item=item, status=Status.DONE)
    services.sprint_close(acting=team.sm, sprint=sprint)


def test_there_is_no_forecast_before_the_first_closed_sprint(team):
    assert velocity(board=team.board).forecast is None
    assert velocity(board=team.board).as_dict() == {"sprints": [], "average": None}


def test_it_averages_the_last_three_closed_sprints(team):
    run_sprint(team, [8, 5], [8])  # 13 committed, 8 done
    run_sprint(team, [13, 3], [13, 3])  # 16, 16
    run_sprint(team, [5, 5, 2], [5, 2])  # 12, 7
    run_sprint(team, [20, 1], [20])  # 21, 20
    result = velocity(board=team.board)
    assert result.as_dict() == {
        "sprints": [
            {"number": 1, "committed": 13, "completed": 8},
            {"number": 2, "committed": 16, "completed": 16},
            {"number": 3, "committed": 12, "completed": 7},
            {"number": 4, "committed": 21, "completed": 20},
        ],
        "average": 14.3,  # (16 + 7 + 20) / 3 = 14.33…
    }


def test_it_shows_the_last_ten_closed_sprints(team):
    for n in range(12):
        run_sprint(team, [n + 1 if n + 1 in (1, 2, 3, 5, 8) else 1], [])
    assert [s["number"] for s in velocity(board=team.board).as_dict()["sprints"]] == list(range(3, 13))


def test_the_backlog_is_healthy_with_two_sprints_of_ready_work(team):
    run_sprint(team, [8, 2], [8, 2])  # velocity 10: two sprints are 20 points
    for points, ready in [(13, True), (5, True), (8, False), (None, True)]:
        BacklogItemFactory(board=team.board, points=points, ready=ready)
    health = backlog_health(board=team.board)
    assert (health.ready_points, health.target, health.healthy) == (18, 20.0, False)  # 13 + 5; 8 not ready
    BacklogItemFactory(board=team.board, points=2, ready=True)
    assert backlog_health(board=team.board).healthy is True


@pytest.mark.parametrize("rows", [3, 30])
def test_velocity_takes_one_query(team, rows, django_assert_num_queries):
    for _ in range(rows // 3):
        run_sprint(team, [3], [3])
    with django_assert_num_queries(1):
        velocity(board=team.board)
