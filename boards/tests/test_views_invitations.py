"""Invitations on the pages: the Scrum Master invites from the settings page, the invitee answers on My boards."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards import services
from boards.models import Invitation, InvitationState, Membership, Role
from boards.tests.conftest import HTMX
from boards.tests.factories import BoardFactory, MembershipFactory, UserFactory

ADD = "/b/apollo/settings/members/"


@pytest.fixture
def invitation(team):
    return services.invitation_create(acting=team.sm, username="olga", role=Role.DEVELOPER)


def accept_url(invitation):
    return f"/invitations/{invitation.pk}/accept/"


def decline_url(invitation):
    return f"/invitations/{invitation.pk}/decline/"


def test_the_add_form_says_the_same_for_a_name_that_exists_and_one_that_does_not(team, client_for):
    client = client_for(team.sm.user)
    real = client.post(ADD, {"username": "olga", "role": "developer"}, follow=True)
    made_up = client.post(ADD, {"username": "oleg", "role": "developer"}, follow=True)
    assert [r.redirect_chain for r in (real, made_up)] == [[("/b/apollo/settings/", 302)]] * 2
    texts = [[str(m) for m in r.context["messages"]] for r in (real, made_up)]
    assert texts == [
        ["Invitation sent to olga as Developer, if that user exists. They join once they accept it."],
        ["Invitation sent to oleg as Developer, if that user exists. They join once they accept it."],
    ]
    html = made_up.content.decode()
    assert html.count("invited</small>") == 2  # both names are listed alike
    assert Invitation.objects.get(username="olga").user == team.outsider
    assert Invitation.objects.get(username="oleg").user is None


def test_only_the_scrum_master_sees_the_invited_rows_with_a_revoke_button(team, client_for, invitation):
    html = client_for(team.sm.user).get("/b/apollo/settings/").content.decode()
    assert f'id="invitation-{invitation.pk}"' in html
    assert f"/b/apollo/settings/invitations/{invitation.pk}/revoke/" in html
    for member in (team.po, team.dev):
        html = client_for(member.user).get("/b/apollo/settings/").content.decode()
        assert "olga" not in html
        assert "invited" not in html


def test_the_scrum_master_revokes_an_invitation(team, client_for, invitation):
    response = client_for(team.sm.user).post(f"/b/apollo/settings/invitations/{invitation.pk}/revoke/", follow=True)
    assert "The invitation to olga is revoked." in response.content.decode()
    assert f'id="invitation-{invitation.pk}"' not in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).state == InvitationState.REVOKED


@pytest.mark.parametrize("role", ["po", "dev"])
def test_other_members_cannot_revoke(team, client_for, invitation, role):
    response = client_for(getattr(team, role).user).post(f"/b/apollo/settings/invitations/{invitation.pk}/revoke/")
    assert response.status_code == 403
    assert "Only the Scrum Master can revoke invitations" in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).state == InvitationState.INVITED


def test_revoking_another_boards_or_an_answered_invitation_is_404(team, client_for, invitation):
    other = MembershipFactory(board=BoardFactory(slug="zephyr"), role=Role.SCRUM_MASTER)
    foreign = services.invitation_create(acting=other, username="olga")
    services.invitation_decline(user=team.outsider, invitation_id=invitation.pk)
    client = client_for(team.sm.user)
    assert client.post(f"/b/apollo/settings/invitations/{foreign.pk}/revoke/").status_code == 404
    assert client.post(f"/b/apollo/settings/invitations/{invitation.pk}/revoke/").status_code == 404
    assert Invitation.objects.get(pk=foreign.pk).state == InvitationState.INVITED


def test_a_pending_invitation_shows_on_my_boards_and_grants_nothing(team, client_for, invitation):
    client = client_for(team.outsider)
    html = client.get("/").content.decode()
    assert f'action="{accept_url(invitation)}"' in html and f'hx-post="{accept_url(invitation)}"' in html
    assert f'action="{decline_url(invitation)}"' in html and f'hx-post="{decline_url(invitation)}"' in html
    assert "<strong>Apollo</strong> as Developer" in html
    assert "/b/apollo/" not in html
    for url in ("/b/apollo/", "/b/apollo/board/", "/b/apollo/settings/", "/b/apollo/sprints/"):
        assert client.get(url).status_code == 404, url
    assert client.post(ADD, {"username": "dave", "role": "developer"}).status_code == 404


def test_accepting_on_the_page_joins_the_board(team, client_for, invitation):
    client = client_for(team.outsider)
    response = client.post(accept_url(invitation), follow=True)
    html = response.content.decode()
    assert "You joined Apollo as Developer." in html
    assert 'href="/b/apollo/"' in html
    assert accept_url(invitation) not in html
    assert Membership.objects.get(board=team.board, user=team.outsider).role == Role.DEVELOPER
    assert client.get("/b/apollo/").status_code == 200


def test_accepting_with_htmx_swaps_in_my_boards(team, client_for, invitation):
    response = client_for(team.outsider).post(accept_url(invitation), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="my-boards"') and "<html" not in html
    assert "HX-Request" in response["Vary"]
    assert "You joined Apollo as Developer." in html
    assert 'href="/b/apollo/"' in html
    assert "Invitations" not in html
    assert Membership.objects.filter(board=team.board, user=team.outsider).exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_declining_on_the_page_leaves_the_board_alone(team, client_for, invitation, htmx):
    client = client_for(team.outsider)
    response = client.post(decline_url(invitation), **(HTMX if htmx else {}))
    assert response.status_code == (200 if htmx else 302)
    html = (response if htmx else client.get("/")).content.decode()
    assert "You declined the invitation to Apollo." in html
    assert accept_url(invitation) not in html
    assert not Membership.objects.filter(user=team.outsider).exists()
    assert client.get("/b/apollo/").status_code == 404


@pytest.mark.parametrize("url", [accept_url, decline_url])
def test_someone_elses_invitation_is_404_on_the_page(team, client_for, invitation, url):
    for member in (team.sm, team.dev):
        assert client_for(member.user).post(url(invitation)).status_code == 404
        assert client_for(member.user).post(url(invitation), **HTMX).status_code == 404
    assert client_for(None).post(url(invitation)).status_code == 302  # to log in
    assert Invitation.objects.get(pk=invitation.pk).state == InvitationState.INVITED


def test_a_refused_accept_says_why_in_the_flash_with_htmx(team, client_for):
    team.po.delete()
    invitation = services.invitation_create(acting=team.sm, username="olga", role=Role.PRODUCT_OWNER)
    services.member_change_role(acting=team.sm, member=team.dev, role=Role.PRODUCT_OWNER)
    response = client_for(team.outsider).post(accept_url(invitation), **HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#flash"
    assert "This board already has a Product Owner." in response.content.decode()
    assert not Membership.objects.filter(user=team.outsider).exists()


def test_my_boards_and_settings_take_the_same_queries_for_few_and_many_invitations(team, client_for):
    def counts():
        found = []
        for user, url in ((team.outsider, "/"), (team.sm.user, "/b/apollo/settings/")):
            with CaptureQueriesContext(connection) as ctx:
                assert client_for(user).get(url).status_code == 200
            found.append(len(ctx.captured_queries))
        return found

    services.invitation_create(acting=team.sm, username="olga")
    few = counts()
    for n in range(15):
        sm = MembershipFactory(board=BoardFactory(), user=UserFactory(username=f"sm{n}"), role=Role.SCRUM_MASTER)
        services.invitation_create(acting=sm, username="olga")
        services.invitation_create(acting=team.sm, username=f"guest{n}")
    assert counts() == few
