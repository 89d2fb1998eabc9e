"""POST/GET /api/v1/boards/{slug}/timers/, POST …/{id}/extend/ and …/{id}/stop/: the contract."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.tests.factories import BoardFactory, MembershipFactory
from timers.models import Timer
from timers.services import timer_start
from timers.tests.conftest import API, MONDAY_9AM, api


def test_the_scrum_master_starts_a_timer_201_with_the_contracts_fields(team, sprint):
    response = api(team.sm.user).post(API, {"ceremony": "planning", "minutes": 30}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert {key: body[key] for key in ("ceremony", "started_at", "ends_at", "stopped_at")} == {
        "ceremony": "planning",
        "started_at": "2026-03-02T09:00:00Z",
        "ends_at": "2026-03-02T09:30:00Z",
        "stopped_at": None,
    }
    assert body["id"] == Timer.objects.get().pk
    assert (body["running"], body["started_by"], body["duration_seconds"]) == (True, "sam", None)


def test_minutes_omitted_take_the_ceremonys_default(team, sprint):
    body = api(team.sm.user).post(API, {"ceremony": "retro"}, format="json").json()
    assert body["ends_at"] == "2026-03-02T10:30:00Z"  # 45 minutes a week, two weeks


@pytest.mark.parametrize("role", ["po", "dev"])
def test_others_on_the_board_may_not_start_403_naming_the_role(team, sprint, role):
    response = api(getattr(team, role).user).post(API, {"ceremony": "standup"}, format="json")
    assert response.status_code == 403
    assert "Only the Scrum Master can start a ceremony timer" in response.json()["detail"]
    assert not Timer.objects.exists()


def test_a_second_start_of_a_running_ceremony_is_409(team, sprint):
    assert api(team.sm.user).post(API, {"ceremony": "review"}, format="json").status_code == 201
    response = api(team.sm.user).post(API, {"ceremony": "review"}, format="json")
    assert response.status_code == 409 and "already running" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ceremony": "lunch"}, "ceremony"),
        ({}, "ceremony"),
        ({"ceremony": "retro", "minutes": 0}, "minutes"),
        ({"ceremony": "retro", "minutes": 481}, "minutes"),
        ({"ceremony": "retro", "length": 5}, "length"),
    ],
)
def test_bad_input_is_400_naming_the_field(team, sprint, body, field):
    response = api(team.sm.user).post(API, body, format="json")
    assert response.status_code == 400 and field in response.json()


def test_members_list_the_timers_newest_first_and_filter_by_ceremony(team, sprint, clock):
    review = timer_start(acting=team.sm, ceremony="review", minutes=10)
    clock.move_to(MONDAY_9AM + dt.timedelta(minutes=30))
    standup = timer_start(acting=team.sm, ceremony="standup")
    everything = api(team.dev.user).get(API).json()["results"]
    assert [(t["id"], t["ceremony"], t["running"]) for t in everything] == [
        (standup.pk, "standup", True),
        (review.pk, "review", False),
    ]
    assert everything[1]["stopped_at"] == "2026-03-02T09:10:00Z"  # ran out: stopped at its end
    assert everything[1]["duration_seconds"] == 600 and everything[1]["sprint"] == 1
    reviews = api(team.po.user).get(API, {"ceremony": "review"}).json()["results"]
    assert [t["id"] for t in reviews] == [review.pk]
    assert api(team.po.user).get(API, {"ceremony": "lunch"}).status_code == 400


def test_listing_takes_the_same_queries_for_one_timer_or_many(team, sprint, clock):
    timer_start(acting=team.sm, ceremony="review", minutes=1)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api(team.dev.user).get(API).status_code == 200
        return len(captured)

    few = queries()
    for n in range(1, 6):
        clock.move_to(MONDAY_9AM + dt.timedelta(minutes=2 * n))
        timer_start(acting=team.sm, ceremony="review", minutes=1)
    assert queries() == few


def test_extend_and_stop_answer_the_timer(team, sprint, clock):
    timer = timer_start(acting=team.sm, ceremony="retro", minutes=30)
    extended = api(team.sm.user).post(f"{API}{timer.pk}/extend/", {"minutes": 5}, format="json")
    assert extended.status_code == 200 and extended.json()["ends_at"] == "2026-03-02T09:35:00Z"
    clock.move_to(MONDAY_9AM + dt.timedelta(minutes=20))
    stopped = api(team.sm.user).post(f"{API}{timer.pk}/stop/")
    assert stopped.status_code == 200
    assert (stopped.json()["stopped_at"], stopped.json()["duration_seconds"]) == ("2026-03-02T09:20:00Z", 1200)
    assert api(team.sm.user).post(f"{API}{timer.pk}/stop/").status_code == 409
    assert api(team.sm.user).post(f"{API}{timer.pk}/extend/", {"minutes": 5}, format="json").status_code == 409


@pytest.mark.parametrize("role", ["po", "dev"])
def test_others_may_not_extend_or_stop_403(team, sprint, role):
    timer = timer_start(acting=team.sm, ceremony="retro")
    user = getattr(team, role).user
    assert api(user).post(f"{API}{timer.pk}/extend/", {"minutes": 5}, format="json").status_code == 403
    assert api(user).post(f"{API}{timer.pk}/stop/").status_code == 403
    assert Timer.objects.get().is_running()


def test_extend_needs_minutes(team, sprint):
    timer = timer_start(acting=team.sm, ceremony="retro")
    response = api(team.sm.user).post(f"{API}{timer.pk}/extend/", {}, format="json")
    assert response.status_code == 400 and "minutes" in response.json()


def test_outsiders_and_anonymous_callers_find_nothing(team, sprint):
    timer = timer_start(acting=team.sm, ceremony="retro")
    for method, url, body in [
        ("get", API, None),
        ("post", API, {"ceremony": "standup"}),
        ("post", f"{API}{timer.pk}/extend/", {"minutes": 5}),
        ("post", f"{API}{timer.pk}/stop/", None),
    ]:
        assert getattr(api(team.outsider), method)(url, body, format="json").status_code == 404
        assert getattr(api(), method)(url, body, format="json").status_code == 401


def test_another_boards_timer_is_as_missing_as_an_unknown_one(team, sprint):
    other = BoardFactory(slug="gemini")
    sm = MembershipFactory(board=other, user=team.sm.user, role="scrum_master")
    theirs = timer_start(acting=sm, ceremony="retro")
    assert api(team.sm.user).post(f"{API}{theirs.pk}/stop/").status_code == 404
    assert api(team.sm.user).post(f"{API}999999/stop/").status_code == 404
