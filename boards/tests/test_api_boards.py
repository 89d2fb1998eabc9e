import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Board, Membership, Role, WipLimit
from boards.tests.api_client import api_as, persona
from boards.tests.factories import BoardFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

BOARDS = "/api/v1/boards/"
APOLLO = "/api/v1/boards/apollo/"


def test_it_lists_only_my_boards_with_my_role(team):
    other = BoardFactory(name="Zeus", slug="zeus")
    MembershipFactory(board=other, user=team.dev.user, role=Role.PRODUCT_OWNER)
    BoardFactory(name="Hidden", slug="hidden")
    WipLimit.objects.create(board=team.board, status="in_progress", limit=3)

    response = api_as(team.dev).get(BOARDS)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [(b["slug"], b["role"]) for b in body["results"]] == [("apollo", "developer"), ("zeus", "product_owner")]
    assert body["results"][0]["wip_limits"] == {"in_progress": 3}


def test_it_refuses_anonymous_with_401_and_a_token_challenge(team):
    response = api_as(None).get(BOARDS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_it_lists_boards_in_a_constant_number_of_queries(team):
    user = UserFactory(username="busy")
    client = api_as(user)

    def count(n):
        for _ in range(n - Membership.objects.filter(user=user).count()):
            board = BoardFactory()
            MembershipFactory(board=board, user=user)
            WipLimit.objects.create(board=board, status="testing", limit=2)
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get(BOARDS, {"page_size": 200}).json()["results"]) == n
        return len(ctx.captured_queries)

    assert count(5) == count(60)


def test_it_creates_a_board_and_makes_me_its_scrum_master(team):
    response = api_as(team.outsider).post(
        BOARDS, {"name": "Hermes", "sprint_length_weeks": 3, "wip_limits": {"testing": 2}}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "hermes"
    assert body["role"] == "scrum_master"
    assert body["sprint_length_weeks"] == 3
    assert body["wip_limits"] == {"testing": 2}
    assert Membership.objects.get(board__slug="hermes").role == Role.SCRUM_MASTER


def test_it_refuses_a_taken_slug_with_409(team):
    response = api_as(team.dev).post(BOARDS, {"name": "Copy", "slug": "apollo"}, format="json")
    assert response.status_code == 409
    assert "slug" in response.json()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "Ok", "sprint_length_weeks": 5}, "sprint_length_weeks"),
        ({"name": "Ok", "working_days": [0]}, "working_days"),
        ({"name": "Ok", "time_zone": "Mars/Olympus"}, "time_zone"),
        ({"name": "Ok", "wip_limits": {"nowhere": 2}}, "wip_limits"),
        ({"name": "Ok", "wip_limits": {"testing": 0}}, "wip_limits"),
        ({"name": "Ok", "slug": "Not A Slug"}, "slug"),
        ({"name": "Ok", "id": 7}, "id"),
    ],
)
def test_it_refuses_bad_board_input_naming_the_field_and_writes_nothing(team, payload, field):
    boards_before = Board.objects.count()
    response = api_as(team.dev).post(BOARDS, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Board.objects.count() == boards_before


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("outsider", 404), ("dev", 200), ("sm", 200), ("po", 200)]
)
def test_it_shows_a_board_to_members_only(team, who, status):
    response = api_as(persona(team, who)).get(APOLLO)
    assert response.status_code == status
    if status == 200:
        assert response.json()["name"] == "Apollo"
        assert response.json()["role"] == getattr(team, who).role


def test_it_hides_a_board_from_an_outsider_logged_in_by_session(team, client):
    client.force_login(team.outsider)
    assert client.get(APOLLO).status_code == 404
    assert client.get("/api/v1/boards/apollo/items/").status_code == 404


def test_it_lets_the_scrum_master_change_settings_and_wip_limits(team):
    WipLimit.objects.create(board=team.board, status="testing", limit=2)
    response = api_as(team.sm).patch(
        APOLLO,
        {
            "name": "Apollo 2",
            "retro_vote_budget": 4,
            "refinement_minutes": 90,
            "wip_limits": {"in_progress": 3, "testing": None},
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["wip_limits"] == {"in_progress": 3}
    assert response.json()["refinement_minutes"] == 90
    team.board.refresh_from_db()
    assert (team.board.name, team.board.retro_vote_budget, team.board.refinement_minutes) == ("Apollo 2", 4, 90)


def test_a_refinement_session_outside_5_to_240_minutes_is_refused_by_name(team):
    response = api_as(team.sm).patch(APOLLO, {"name": "Apollo", "refinement_minutes": 4}, format="json")
    assert response.status_code == 400 and "refinement_minutes" in response.json()
    assert Board.objects.get(pk=team.board.pk).refinement_minutes == 60


@pytest.mark.parametrize("who", ["dev", "po"])
def test_it_refuses_settings_to_anyone_but_the_scrum_master(team, who):
    response = api_as(persona(team, who)).patch(APOLLO, {"name": "Mine now"}, format="json")
    assert response.status_code == 403
    assert "Scrum Master" in response.json()["detail"]
    team.board.refresh_from_db()
    assert team.board.name == "Apollo"


def test_it_refuses_settings_to_an_outsider_with_404(team):
    assert api_as(team.outsider).patch(APOLLO, {"name": "Mine"}, format="json").status_code == 404


def test_it_changes_nothing_when_one_wip_limit_is_bad(team):
    response = api_as(team.sm).patch(
        APOLLO, {"name": "Renamed", "wip_limits": {"in_progress": 3, "testing": 1000}}, format="json"
    )
    assert response.status_code == 400
    assert "wip_limits" in response.json()
    team.board.refresh_from_db()
    assert team.board.name == "Apollo"
    assert not WipLimit.objects.exists()


@pytest.mark.parametrize("field", ["slug", "created_at", "role"])
def test_it_refuses_to_write_read_only_board_fields(team, field):
    response = api_as(team.sm).patch(APOLLO, {field: "x"}, format="json")
    assert response.status_code == 400
    assert field in response.json()
