"""Token authentication on a board's URLs reads the token and the caller's membership in one query, and answers as
DRF's TokenAuthentication does: 401 for a bad token or an inactive user, 404 for a user who is not a member."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from boards.tests.api_client import api_as
from boards.tests.factories import BoardFactory, MembershipFactory

pytestmark = pytest.mark.django_db

BOARD = "/api/v1/boards/apollo/"
MEMBERS = "/api/v1/boards/apollo/members/"


def with_header(value):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=value)
    return client


def test_a_member_is_known_with_their_role_after_one_query_for_token_and_membership(team):
    client = api_as(team.dev)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(MEMBERS)
    assert response.status_code == 200
    # membership, board, user, token and the user's language and time zone together
    assert ctx.captured_queries[0]["sql"].count("JOIN") == 4
    assert len(ctx.captured_queries) == 3  # and the members: their count, then the page
    assert api_as(team.sm).get(BOARD).json()["role"] == "scrum_master"


@pytest.mark.parametrize(
    "path", ["sprints/", "velocity/", "poker/", "retros/", "blockers/"], ids=lambda p: p.strip("/")
)
def test_the_ceremonies_endpoints_take_the_membership_the_token_query_read(team, path):
    with CaptureQueriesContext(connection) as ctx:
        response = api_as(team.dev).get(BOARD + path)
    assert response.status_code == 200
    membership_reads = [q["sql"] for q in ctx.captured_queries if 'FROM "boards_membership"' in q["sql"]]
    assert len(membership_reads) == 1  # the token's, with its JOINs; not asked again by the view


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Token 0123456789abcdef0123456789abcdef01234567", "Invalid token."),
        ("Token", "Invalid token header. No credentials provided."),
        ("Token one two", "Invalid token header. Token string should not contain spaces."),
    ],
)
def test_a_bad_token_is_401_and_says_why(team, header, message):
    response = with_header(header).get(BOARD)
    assert response.status_code == 401
    assert response.json() == {"detail": message}
    assert response["WWW-Authenticate"] == "Token"


def test_an_inactive_member_is_401(team):
    client = api_as(team.dev)
    team.dev.user.is_active = False
    team.dev.user.save(update_fields=["is_active"])
    response = client.get(BOARD)
    assert response.status_code == 401
    assert response.json() == {"detail": "User inactive or deleted."}


def test_an_inactive_outsider_is_401_not_404(team):
    client = api_as(team.outsider)
    team.outsider.is_active = False
    team.outsider.save(update_fields=["is_active"])
    assert client.get(BOARD).status_code == 401


def test_a_valid_token_of_an_outsider_is_404(team):
    MembershipFactory(board=BoardFactory(slug="gemini"), user=team.outsider)
    client = api_as(team.outsider)
    assert client.get(BOARD).status_code == 404
    assert client.get("/api/v1/boards/gemini/").status_code == 200


def test_a_token_works_on_urls_without_a_board(team):
    response = api_as(team.dev).get("/api/v1/boards/")
    assert response.status_code == 200
    assert [board["slug"] for board in response.json()["results"]] == ["apollo"]


def test_a_session_still_opens_the_board_for_the_browsable_api(team, client):
    client.force_login(team.dev.user)
    assert client.get(BOARD, HTTP_ACCEPT="application/json").json()["role"] == "developer"
    assert client.get(BOARD, HTTP_ACCEPT="text/html").status_code == 200
    client.force_login(team.outsider)
    assert client.get(BOARD, HTTP_ACCEPT="application/json").status_code == 404


def test_a_write_acts_as_the_tokens_user(team):
    response = api_as(team.dev).post("/api/v1/boards/apollo/items/", {"title": "Mine"}, format="json")
    assert response.status_code == 201
    assert response.json()["created_by"] == "dave"
