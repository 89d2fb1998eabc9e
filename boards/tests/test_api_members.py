import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Invitation, Membership, Role
from boards.tests.api_client import api_as, persona
from boards.tests.factories import BacklogItemFactory, BoardFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

MEMBERS = "/api/v1/boards/apollo/members/"


def member_url(username):
    return f"{MEMBERS}{username}/"


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("outsider", 404), ("dev", 200), ("sm", 200), ("po", 200)]
)
def test_it_lists_members_to_members_only(team, who, status):
    response = api_as(persona(team, who)).get(MEMBERS)
    assert response.status_code == status
    if status == 200:
        assert [(m["username"], m["role"]) for m in response.json()["results"]] == [
            ("dave", "developer"),
            ("paula", "product_owner"),
            ("sam", "scrum_master"),
        ]


def test_it_lists_members_in_a_constant_number_of_queries(team):
    def count(n):
        while Membership.objects.filter(board=team.board).count() < n:
            MembershipFactory(board=team.board)
        client = api_as(team.dev)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(MEMBERS, {"page_size": 200}).json()["count"] == n
        return len(ctx.captured_queries)

    assert count(5) == count(60)


def test_adding_a_member_sends_an_invitation_answered_202_and_adds_no_one(team):
    eve = UserFactory(username="eve")
    response = api_as(team.sm).post(MEMBERS, {"username": "eve", "role": "developer"}, format="json")
    assert response.status_code == 202
    body = response.json()
    assert body == {
        "id": body["id"],
        "username": "eve",
        "email": "",
        "role": "developer",
        "state": "invited",
        "expires_at": None,
    }
    assert Invitation.objects.get(pk=body["id"]).user == eve
    assert not Membership.objects.filter(user=eve).exists()


@pytest.mark.parametrize("who", ["dev", "po"])
def test_it_refuses_adding_members_to_anyone_but_the_scrum_master(team, who):
    UserFactory(username="eve")
    response = api_as(persona(team, who)).post(MEMBERS, {"username": "eve"}, format="json")
    assert response.status_code == 403
    assert "Scrum Master" in response.json()["detail"]
    assert not Membership.objects.filter(user__username="eve").exists()
    assert not Invitation.objects.exists()


def test_it_refuses_adding_members_to_outsiders_and_anonymous(team):
    UserFactory(username="eve")
    assert api_as(team.outsider).post(MEMBERS, {"username": "eve"}, format="json").status_code == 404
    assert api_as(None).post(MEMBERS, {"username": "eve"}, format="json").status_code == 401


def test_it_lets_the_scrum_master_change_a_role(team):
    response = api_as(team.sm).patch(member_url("dave"), {"role": "scrum_master"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"username": "dave", "role": "scrum_master", "joined_at": response.json()["joined_at"]}
    team.dev.refresh_from_db()
    assert team.dev.role == Role.SCRUM_MASTER


def test_a_member_cannot_raise_their_own_role(team):
    response = api_as(team.dev).patch(member_url("dave"), {"role": "scrum_master"}, format="json")
    assert response.status_code == 403
    assert "Scrum Master" in response.json()["detail"]
    team.dev.refresh_from_db()
    assert team.dev.role == Role.DEVELOPER


def test_the_product_owner_cannot_grant_roles_either(team):
    response = api_as(team.po).patch(member_url("dave"), {"role": "scrum_master"}, format="json")
    assert response.status_code == 403


def test_it_refuses_a_second_product_owner_with_409(team):
    response = api_as(team.sm).patch(member_url("dave"), {"role": "product_owner"}, format="json")
    assert response.status_code == 409
    assert "role" in response.json()


def test_it_keeps_the_last_scrum_master(team):
    response = api_as(team.sm).patch(member_url("sam"), {"role": "developer"}, format="json")
    assert response.status_code == 409
    assert api_as(team.sm).delete(member_url("sam")).status_code == 409
    team.sm.refresh_from_db()
    assert team.sm.role == Role.SCRUM_MASTER


def test_it_answers_404_for_a_member_of_another_board(team):
    other = MembershipFactory(board=BoardFactory(), user=UserFactory(username="zed"))
    assert api_as(team.sm).patch(member_url("zed"), {"role": "developer"}, format="json").status_code == 404
    assert api_as(team.sm).delete(member_url("zed")).status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_it_lets_the_scrum_master_remove_a_member_and_unassigns_their_items(team):
    item = BacklogItemFactory(board=team.board, assignee=team.dev.user)
    response = api_as(team.sm).delete(member_url("dave"))
    assert response.status_code == 204
    assert not Membership.objects.filter(pk=team.dev.pk).exists()
    item.refresh_from_db()
    assert item.assignee is None


@pytest.mark.parametrize("who", ["dev", "po"])
def test_it_refuses_removal_to_anyone_but_the_scrum_master(team, who):
    response = api_as(persona(team, who)).delete(member_url("dave"))
    assert response.status_code == 403
    assert Membership.objects.filter(pk=team.dev.pk).exists()


def test_it_refuses_role_changes_to_outsiders(team):
    assert api_as(team.outsider).patch(member_url("dave"), {"role": "developer"}, format="json").status_code == 404
    assert api_as(team.outsider).delete(member_url("dave")).status_code == 404
    assert api_as(None).delete(member_url("dave")).status_code == 401
