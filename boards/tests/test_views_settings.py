import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Board, Invitation, Membership, Role, WipLimit
from boards.tests.factories import MembershipFactory, UserFactory

SETTINGS = {
    "name": "Apollo 2",
    "description": "Moonshot team",
    "sprint_length_weeks": "3",
    "retro_vote_budget": "4",
    "refinement_minutes": "90",
    "working_days": ["1", "2", "3", "4"],
    "time_zone": "Europe/Berlin",
    "wip_todo": "",
    "wip_in_progress": "3",
    "wip_testing": "2",
    "wip_po_review": "",
    "wip_done": "",
}


def test_it_sends_anonymous_visitors_to_log_in(team, client):
    response = client.get("/b/apollo/settings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_outsiders_get_404_on_every_settings_url(team, client_for):
    client = client_for(team.outsider)
    assert client.get("/b/apollo/settings/").status_code == 404
    assert client.post("/b/apollo/settings/", SETTINGS).status_code == 404
    assert client.post("/b/apollo/settings/members/", {"username": "olga", "role": "developer"}).status_code == 404
    assert client.post("/b/apollo/settings/members/dave/remove/").status_code == 404
    assert Membership.objects.filter(user=team.outsider).count() == 0


def test_the_scrum_master_sees_the_forms(team, client_for):
    WipLimit.objects.create(board=team.board, status="testing", limit=2)
    html = client_for(team.sm.user).get("/b/apollo/settings/").content.decode()
    assert '<form method="post" action="/b/apollo/settings/"' in html
    assert 'name="wip_testing" value="2"' in html
    assert "/b/apollo/settings/members/dave/role/" in html
    assert "Send invitation" in html


@pytest.mark.parametrize("role", ["po", "dev"])
def test_other_members_see_settings_and_members_read_only(team, client_for, role):
    WipLimit.objects.create(board=team.board, status="testing", limit=2)
    html = client_for(getattr(team, role).user).get("/b/apollo/settings/").content.decode()
    assert "Only the Scrum Master changes settings and members" in html
    assert '<form method="post" action="/b/apollo/settings/"' not in html
    assert "/remove/" not in html
    assert "In testing: 2" in html
    for name in ("paula", "sam", "dave"):
        assert name in html
    assert "Product Owner" in html and "Developer" in html


def test_the_scrum_master_saves_settings_and_wip_limits(team, client_for):
    WipLimit.objects.create(board=team.board, status="done", limit=9)
    response = client_for(team.sm.user).post("/b/apollo/settings/", SETTINGS)
    assert response.status_code == 302
    board = Board.objects.get(pk=team.board.pk)
    assert (board.name, board.sprint_length_weeks, board.retro_vote_budget) == ("Apollo 2", 3, 4)
    assert board.refinement_minutes == 90
    assert board.working_days == [1, 2, 3, 4]
    assert board.time_zone == "Europe/Berlin"
    assert dict(board.wip_limits.values_list("status", "limit")) == {"in_progress": 3, "testing": 2}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"sprint_length_weeks": "5"}, "sprint_length_weeks"),
        ({"retro_vote_budget": "0"}, "retro_vote_budget"),
        ({"working_days": []}, "working_days"),
        ({"working_days": ["8"]}, "working_days"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"wip_testing": "0"}, "wip_testing"),
        ({"wip_testing": "many"}, "wip_testing"),
    ],
)
def test_bad_settings_are_a_400_naming_the_field_and_nothing_is_saved(team, client_for, change, field):
    response = client_for(team.sm.user).post("/b/apollo/settings/", {**SETTINGS, **change})
    assert response.status_code == 400
    assert field in response.context["settings_form"].errors
    assert "Moonshot team" in response.content.decode()  # what was typed stays
    board = Board.objects.get(pk=team.board.pk)
    assert board.name == "Apollo"
    assert WipLimit.objects.count() == 0


@pytest.mark.parametrize("role", ["po", "dev"])
def test_only_the_scrum_master_changes_anything_and_the_403_says_so(team, client_for, role):
    client = client_for(getattr(team, role).user)
    cases = [
        ("/b/apollo/settings/", SETTINGS, "Only the Scrum Master can change the board settings"),
        ("/b/apollo/settings/members/", {"username": "olga", "role": "developer"}, "Only the Scrum Master can invite"),
        ("/b/apollo/settings/members/dave/role/", {"role": "scrum_master"}, "Only the Scrum Master can change roles"),
        ("/b/apollo/settings/members/sam/remove/", {}, "Only the Scrum Master can remove members"),
    ]
    for url, data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert message in response.content.decode()
    assert Board.objects.get(pk=team.board.pk).name == "Apollo"
    assert dict(Membership.objects.values_list("user__username", "role")) == {
        "paula": "product_owner",
        "sam": "scrum_master",
        "dave": "developer",
    }


def test_adding_a_member_invites_them_and_the_page_lists_them_as_invited(team, client_for):
    client = client_for(team.sm.user)
    response = client.post("/b/apollo/settings/members/", {"username": "olga", "role": "developer"}, follow=True)
    html = response.content.decode()
    assert "Invitation sent to olga as Developer, if that user exists." in html
    invitation = Invitation.objects.get(user=team.outsider)
    row = html[html.index(f'id="invitation-{invitation.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "olga" in row and "invited" in row and "Developer" in row
    assert not Membership.objects.filter(user=team.outsider).exists()


@pytest.mark.parametrize(
    ("data", "status", "field", "message"),
    [
        ({"username": "dave", "role": "developer"}, 409, "username", "already a member"),
        ({"username": "olga", "role": "product_owner"}, 409, "role", "already has a Product Owner"),
        ({"username": "olga", "role": "boss"}, 400, "role", "Select a valid choice"),
    ],
)
def test_inviting_refuses_bad_input_naming_the_field(team, client_for, data, status, field, message):
    response = client_for(team.sm.user).post("/b/apollo/settings/members/", data)
    assert response.status_code == status
    errors = response.context["add_form"].errors
    assert message in errors[field][0]
    assert f'value="{data["username"]}"' in response.content.decode()
    assert Membership.objects.count() == 3
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("who", "status", "role_after"),
    [
        pytest.param("sm", 302, Role.SCRUM_MASTER, id="the Scrum Master changes a role"),
        pytest.param("dev", 403, Role.DEVELOPER, id="a developer cannot raise their own role"),
    ],
)
def test_only_the_scrum_master_changes_roles(team, client_for, who, status, role_after):
    response = client_for(getattr(team, who).user).post(
        "/b/apollo/settings/members/dave/role/", {"role": "scrum_master"}
    )
    assert response.status_code == status
    team.dev.refresh_from_db()
    assert team.dev.role == role_after


def test_a_second_product_owner_is_refused_with_a_409(team, client_for):
    response = client_for(team.sm.user).post("/b/apollo/settings/members/dave/role/", {"role": "product_owner"})
    assert response.status_code == 409
    assert "This board already has a Product Owner." in response.content.decode()
    team.dev.refresh_from_db()
    assert team.dev.role == Role.DEVELOPER


def test_the_last_scrum_master_cannot_step_down_or_leave(team, client_for):
    client = client_for(team.sm.user)
    response = client.post("/b/apollo/settings/members/sam/role/", {"role": "developer"})
    assert response.status_code == 409
    assert "at least one Scrum Master" in response.content.decode()
    assert client.post("/b/apollo/settings/members/sam/remove/").status_code == 409
    team.sm.refresh_from_db()
    assert team.sm.role == Role.SCRUM_MASTER


def test_the_scrum_master_removes_a_member(team, client_for):
    response = client_for(team.sm.user).post("/b/apollo/settings/members/dave/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=team.dev.pk).exists()


def test_a_member_of_another_board_is_not_found_here(team, client_for):
    MembershipFactory(user=UserFactory(username="elsewhere"))
    client = client_for(team.sm.user)
    assert client.post("/b/apollo/settings/members/elsewhere/remove/").status_code == 404
    assert client.post("/b/apollo/settings/members/elsewhere/role/", {"role": "developer"}).status_code == 404
    assert Membership.objects.filter(user__username="elsewhere").exists()


def test_the_page_runs_the_same_queries_for_few_and_many_members(team, client_for):
    client = client_for(team.sm.user)
    with CaptureQueriesContext(connection) as few:
        client.get("/b/apollo/settings/")
    for n in range(30):
        MembershipFactory(board=team.board, user=UserFactory(username=f"member{n}"))
    with CaptureQueriesContext(connection) as many:
        client.get("/b/apollo/settings/")
    assert len(many) == len(few)


HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_members_forms_post_to_real_urls_and_through_htmx_alike(team, client_for):
    html = client_for(team.sm.user).get("/b/apollo/settings/").content.decode()
    url = "/b/apollo/settings/members/dave/role/"
    assert f'action="{url}" class="inline" hx-post="{url}" hx-target="#members"' in html


def test_htmx_gets_the_members_panel_back_saying_what_changed(team, client_for):
    response = client_for(team.sm.user).post("/b/apollo/settings/members/dave/role/", {"role": "scrum_master"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert html.lstrip().startswith('<section id="members"') and "<html" not in html
    assert "dave is now Scrum Master." in html
    team.dev.refresh_from_db()
    assert team.dev.role == Role.SCRUM_MASTER


def test_htmx_invites_and_the_panel_lists_them_as_invited(team, client_for):
    client = client_for(team.sm.user)
    html = client.post(
        "/b/apollo/settings/members/", {"username": "olga", "role": "developer"}, **HTMX
    ).content.decode()
    assert "Invitation sent to olga as Developer, if that user exists." in html
    invitation = Invitation.objects.get(user=team.outsider)
    assert f'id="invitation-{invitation.pk}"' in html
    html = client.post(f"/b/apollo/settings/invitations/{invitation.pk}/revoke/", **HTMX).content.decode()
    assert "The invitation to olga is revoked." in html and f'id="invitation-{invitation.pk}"' not in html


def test_a_refused_invitation_comes_back_in_the_panel_with_what_was_typed(team, client_for):
    data = {"username": "dave", "role": "developer"}
    response = client_for(team.sm.user).post("/b/apollo/settings/members/", data, **HTMX)
    html = response.content.decode()
    assert response.status_code == 409 and "<html" not in html
    assert "already a member" in html and 'value="dave"' in html


def test_leaving_the_board_through_htmx_loads_my_boards(team, client_for):
    Membership.objects.filter(pk=team.dev.pk).update(role=Role.SCRUM_MASTER)
    client = client_for(team.sm.user)
    response = client.post("/b/apollo/settings/members/sam/remove/", **HTMX)
    assert (response.status_code, response["HX-Redirect"]) == (200, "/")
    assert "sam left the board." in client.get("/").content.decode()
    assert not Membership.objects.filter(pk=team.sm.pk).exists()


def test_outsiders_get_404_through_htmx_too(team, client_for):
    client = client_for(team.outsider)
    assert client.post("/b/apollo/settings/members/dave/role/", {"role": "developer"}, **HTMX).status_code == 404
    assert client.get("/b/apollo/settings/", **HTMX).status_code == 404
