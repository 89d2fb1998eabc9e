"""The admin writes boards and members through the services: their rules hold there, and a refusal is shown on the
page, with nothing saved."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from boards.models import BacklogItem, Board, Membership, Role, WipLimit
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory, UserFactory
from scrum_app.testing import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw")


@pytest.fixture
def admin(root):
    client = Client()
    client.force_login(root)
    return client


def board_form(admin, board):
    url = reverse("admin:boards_board_change", args=[board.pk])
    return url, form_data(admin.get(url).content.decode(), "")


def inline_row(data, index, field):
    return f"memberships-{index}-{field}"


def roles(board):
    return dict(Membership.objects.filter(board=board).values_list("user__username", "role"))


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_a_member_added_in_the_admin_can_read_the_board_at_once(admin, team):
    nina = UserFactory(username="nina")
    response = admin.post(
        reverse("admin:boards_membership_add"), {"board": team.board.pk, "user": nina.pk, "role": "developer"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert api_as(nina).get("/api/v1/boards/apollo/items/").status_code == 200


def test_a_second_product_owner_is_refused(admin, team):
    nina = UserFactory(username="nina")
    url = reverse("admin:boards_membership_add")
    response = admin.post(url, {"board": team.board.pk, "user": nina.pk, "role": "product_owner"})
    assert response.status_code == 200  # the form again, with the constraint's error
    assert "nina" not in roles(team.board)


def test_the_last_scrum_master_cannot_be_removed_in_the_admin(admin, team):
    url = reverse("admin:boards_membership_delete", args=[team.sm.pk])
    response = admin.post(url, {"post": "yes"}, follow=True)
    assert "A board needs at least one Scrum Master; appoint another first." in messages_of(response)
    assert roles(team.board)["sam"] == Role.SCRUM_MASTER


def test_members_removed_in_bulk_in_the_admin_leave_their_items_unassigned(admin, team):
    item = BacklogItemFactory(board=team.board, assignee=team.dev.user)
    form = {"action": "delete_selected", "post": "yes", "_selected_action": [team.dev.pk]}
    assert admin.post(reverse("admin:boards_membership_changelist"), form).status_code == 302
    assert "dave" not in roles(team.board)
    assert BacklogItem.objects.get(pk=item.pk).assignee is None


def test_the_board_admins_inline_hands_the_scrum_masters_role_over_in_one_save(admin, team):
    url, data = board_form(admin, team.board)
    rows = {data[inline_row(data, i, "user")][0]: i for i in range(3)}
    data[f"memberships-{rows[str(team.sm.user.pk)]}-DELETE"] = ["on"]
    data[f"memberships-{rows[str(team.dev.user.pk)]}-role"] = ["scrum_master"]
    data["memberships-TOTAL_FORMS"] = ["4"]
    data |= {"memberships-3-user": [str(UserFactory(username="nina").pk)], "memberships-3-role": ["developer"]}
    response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert roles(team.board) == {"paula": "product_owner", "dave": "scrum_master", "nina": "developer"}


def form_errors(response):
    return response.context["adminform"].form.errors


def test_removing_the_only_scrum_master_in_the_inline_saves_nothing(admin, team):
    url, data = board_form(admin, team.board)
    sm_row = next(i for i in range(3) if data[inline_row(data, i, "user")] == [str(team.sm.user.pk)])
    data[f"memberships-{sm_row}-DELETE"] = ["on"]
    data["name"] = ["Artemis"]
    response = admin.post(url, data)
    assert response.status_code == 200  # the form again, as posted
    assert form_errors(response)["__all__"] == ["A board needs at least one Scrum Master; appoint another first."]
    assert (Board.objects.get().name, roles(team.board)["sam"]) == ("Apollo", Role.SCRUM_MASTER)


def test_a_board_created_in_the_admin_has_its_creator_as_scrum_master(admin, root):
    response = admin.post(
        reverse("admin:boards_board_add"),
        {
            "name": "Hermes",
            "slug": "hermes",
            "description": "",
            "sprint_length_weeks": "3",
            "retro_vote_budget": "2",
            "refinement_minutes": "60",
            "working_days": "[1, 2, 3]",
            "time_zone": "Europe/Paris",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": str(UserFactory(username="nina").pk),
            "memberships-0-role": "product_owner",
            "wip_limits-TOTAL_FORMS": "1",
            "wip_limits-INITIAL_FORMS": "0",
            "wip_limits-0-status": "testing",
            "wip_limits-0-limit": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    board = Board.objects.get(slug="hermes")
    assert (board.sprint_length_weeks, board.working_days, board.time_zone) == (3, [1, 2, 3], "Europe/Paris")
    assert roles(board) == {"root": "scrum_master", "nina": "product_owner"}
    assert dict(WipLimit.objects.filter(board=board).values_list("status", "limit")) == {"testing": 2}


def test_an_invalid_time_zone_is_refused_by_the_service_on_its_field(admin, team):
    url, data = board_form(admin, team.board)
    data["time_zone"] = ["Mars/Olympus"]
    response = admin.post(url, data)
    assert response.status_code == 200
    assert form_errors(response)["time_zone"] == ["Unknown time zone 'Mars/Olympus'."]
    assert Board.objects.get().time_zone == "UTC"


def test_an_item_assigned_to_an_outsider_in_the_admin_is_refused_on_the_assignee_field(admin, team):
    item = BacklogItemFactory(board=team.board, title="Checkout")
    url = reverse("admin:boards_backlogitem_change", args=[item.pk])
    data = form_data(admin.get(url).content.decode(), "")
    data["assignee"] = [str(team.outsider.pk)]
    response = admin.post(url, data)
    assert response.status_code == 200
    assert "assignee" in form_errors(response)
    assert BacklogItem.objects.get(pk=item.pk).assignee is None


def test_wip_limits_changed_and_cleared_in_the_inline(admin, team):
    WipLimit.objects.create(board=team.board, status="testing", limit=2)
    WipLimit.objects.create(board=team.board, status="in_progress", limit=4)
    url, data = board_form(admin, team.board)
    rows = {data[f"wip_limits-{i}-status"][0]: i for i in range(2)}
    data[f"wip_limits-{rows['testing']}-limit"] = ["3"]
    data[f"wip_limits-{rows['in_progress']}-DELETE"] = ["on"]
    response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert dict(WipLimit.objects.values_list("status", "limit")) == {"testing": 3}
    assert Board.objects.get().version == 2  # a settings form opened before this is stale


def test_users_deleted_in_bulk_in_the_admin_leave_their_boards_items_unassigned(admin, team):
    item = BacklogItemFactory(board=team.board, assignee=team.dev.user)
    nina = UserFactory(username="nina")
    form = {"action": "delete_selected", "post": "yes", "_selected_action": [team.dev.user.pk, nina.pk]}
    assert admin.post(reverse("admin:auth_user_changelist"), form).status_code == 302
    assert api_as(team.po).get(f"/api/v1/boards/apollo/items/{item.pk}/").json()["assignee"] is None
    assert "dave" not in roles(team.board)
