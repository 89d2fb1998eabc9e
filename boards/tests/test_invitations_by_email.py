"""Invitations by e-mail: the link, who may follow it, what it does once, and what the Scrum Master learns."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from boards import services
from boards.models import Invitation, InvitationState, Membership, Role
from boards.tests.api_client import api_as, persona
from boards.tests.conftest import HTMX
from boards.tests.factories import BoardFactory, MembershipFactory, UserFactory
from conftest import postgres_only
from scrum_app.errors import Conflict
from scrum_app.testing import all_at_once

pytestmark = pytest.mark.django_db

INVITATIONS = "/api/v1/boards/apollo/invitations/"
User = get_user_model()


def invite_by_email(team, email="new@example.com", role="developer"):
    return api_as(team.sm).post(INVITATIONS, {"email": email, "role": role}, format="json")


def link_in(message) -> str:
    return re.search(r"http://testserver(/invitations/[\w-]+/)", message.body).group(1)


@pytest.fixture
def sent(team, django_capture_on_commit_callbacks):
    """An invitation of new@example.com as a developer, its mail sent: (invitation, the link's path)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = invite_by_email(team)
    assert response.status_code == 201, response.json()
    return Invitation.objects.get(pk=response.json()["id"]), link_in(mail.outbox[-1])


# --- inviting -----------------------------------------------------------------------------------------------------


def test_it_sends_the_address_a_link_and_keeps_only_a_hash_of_it(team, sent):
    invitation, link = sent
    message = mail.outbox[0]
    assert message.to == ["new@example.com"]
    assert message.subject == "Join Apollo on Scrum App"
    assert "sam invites you to join the board “Apollo” as Developer." in message.body
    assert "for 7 days" in message.body
    token = link.split("/")[2]
    assert token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
    assert invitation.token_hash == Invitation.hash_token(token)
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=7)


def test_the_answer_names_the_address_and_when_the_link_expires(team):
    body = invite_by_email(team, email="New@Example.COM ").json()
    assert body["email"] == "new@example.com"
    assert body["username"] == ""
    assert body["state"] == "invited"
    assert body["expires_at"]


def test_the_mail_is_in_the_scrum_masters_language(team, django_capture_on_commit_callbacks):
    from accounts.services import save_preferences

    save_preferences(team.sm.user, language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        invite_by_email(team)
    assert mail.outbox[0].subject == "Присоединяйтесь к доске Apollo в Scrum App"


def test_nothing_is_sent_when_the_transaction_rolls_back(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite_by_email(team)
    assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "developer"}, "username"),
        ({"username": "eve", "email": "eve@example.com"}, "email"),
        ({"email": "not an address"}, "email"),
        ({"email": "<script>@x"}, "email"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({"email": "eve@example.com", "role": "boss"}, "role"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(team, body, field):
    response = api_as(team.sm).post(INVITATIONS, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("who", "status"), [("sm", 201), ("po", 403), ("dev", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_only_the_scrum_master_invites_by_email(team, who, status):
    response = api_as(persona(team, who)).post(INVITATIONS, {"email": "x@example.com"}, format="json")
    assert response.status_code == status


def test_the_answer_is_the_same_whether_the_address_has_an_account_or_a_member(team):
    UserFactory(username="eve", email="eve@example.com")
    answers = [invite_by_email(team, email=email) for email in ("eve@example.com", "nobody@example.com")]
    member_answer = invite_by_email(team, email=team.dev.user.email)
    shapes = [{k: v for k, v in a.json().items() if k not in ("id", "email", "expires_at")} for a in answers]
    assert [a.status_code for a in answers] == [201, 201]
    assert member_answer.status_code == 201
    assert shapes[0] == shapes[1]


def test_an_address_of_one_user_shows_in_their_invitations(team):
    eve = UserFactory(username="eve", email="Eve@Example.com")
    invite_by_email(team, email="eve@example.com")
    mine = api_as(eve).get("/api/v1/invitations/").json()["results"]
    assert [i["board"]["slug"] for i in mine] == ["apollo"]


def test_an_address_invited_twice_is_a_409(team):
    invite_by_email(team)
    response = invite_by_email(team, email="NEW@example.com")
    assert response.status_code == 409
    assert "email" in response.json()


def test_an_expired_invitation_is_not_pending_and_the_address_can_be_invited_again(team, sent):
    invitation, _link = sent
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_as(team.sm).get(INVITATIONS).json()["results"] == []
    assert invite_by_email(team).status_code == 201
    assert Invitation.objects.get(pk=invitation.pk).state == InvitationState.EXPIRED


def test_the_list_shows_both_kinds_with_their_addresses_in_a_fixed_number_of_queries(
    team, django_assert_max_num_queries
):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert api_as(team.sm).get(INVITATIONS).status_code == 200
        return len(queries)

    invite_by_email(team, email="a@example.com")
    few = count()
    for n in range(5):
        invite_by_email(team, email=f"b{n}@example.com")
        api_as(team.sm).post(INVITATIONS, {"username": f"u{n}"}, format="json")
    assert count() == few
    listed = api_as(team.sm).get(INVITATIONS).json()["results"]
    assert {i["email"] for i in listed if i["email"]} == {"a@example.com", *(f"b{n}@example.com" for n in range(5))}


def test_revoking_closes_the_link(team, sent, client):
    invitation, link = sent
    assert api_as(team.sm).delete(f"{INVITATIONS}{invitation.pk}/").status_code == 204
    response = client.get(link)
    assert response.status_code == 410
    assert "withdrawn by the board" in response.content.decode()


# --- following the link ------------------------------------------------------------------------------------------


def test_a_new_person_signs_up_joins_and_lands_on_the_board(team, sent, client):
    invitation, link = sent
    page = client.get(link)
    assert page.status_code == 200
    text = page.content.decode()
    assert "sam invites you to join the board “Apollo” as Developer." in text
    assert 'value="new@example.com"' in text and "disabled" in text
    response = client.post(
        link, {"username": "nina", "password1": "a-long-Passw0rd", "password2": "a-long-Passw0rd", "email": "x@y.z"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/b/apollo/"
    nina = User.objects.get(username="nina")
    assert nina.email == "new@example.com"  # the invitation's, whatever was posted
    assert Membership.objects.get(board=team.board, user=nina).role == Role.DEVELOPER
    board = client.get("/b/apollo/")
    assert board.status_code == 200
    assert "You joined Apollo as Developer." in board.content.decode()


def test_a_taken_username_or_a_weak_password_is_a_400_and_creates_nothing(team, sent, client):
    _invitation, link = sent
    taken = client.post(link, {"username": "dave", "password1": "a-long-Passw0rd", "password2": "a-long-Passw0rd"})
    assert taken.status_code == 400
    assert "This username is not available" in taken.content.decode()
    weak = client.post(link, {"username": "nina", "password1": "123", "password2": "123"})
    assert weak.status_code == 400
    assert not User.objects.filter(username="nina").exists()
    assert Invitation.objects.get(pk=_invitation.pk).state == InvitationState.INVITED


def test_a_logged_out_person_with_an_account_is_offered_to_log_in_first(team, sent, client):
    _invitation, link = sent
    text = client.get(link).content.decode()
    assert f'href="/accounts/login/?next={link}"' in text


def test_a_logged_in_person_joins_on_confirming(team, sent, client_for):
    invitation, link = sent
    olga = client_for(team.outsider)
    page = olga.get(link)
    assert "Join Apollo" in page.content.decode()
    assert not Membership.objects.filter(board=team.board, user=team.outsider).exists()  # a GET joins nobody
    response = olga.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/b/apollo/"
    assert Membership.objects.filter(board=team.board, user=team.outsider).exists()
    invitation.refresh_from_db()
    assert (invitation.state, invitation.user) == (InvitationState.ACCEPTED, team.outsider)


def test_a_member_following_the_link_is_told_and_the_link_stays_open(team, sent, client_for):
    invitation, link = sent
    dave = client_for(team.dev.user)
    assert "already a member" in dave.get(link).content.decode()
    assert dave.post(link).status_code == 409
    assert Invitation.objects.get(pk=invitation.pk).state == InvitationState.INVITED


def test_a_used_link_works_once(team, sent, client_for):
    _invitation, link = sent
    client_for(team.outsider).post(link)
    again = client_for(UserFactory(username="zed")).get(link)
    assert again.status_code == 410
    assert "already used" in again.content.decode()


def test_an_expired_link_says_so(team, sent, client):
    invitation, link = sent
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(link)
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    post = client.post(link, {"username": "nina", "password1": "a-long-Passw0rd", "password2": "a-long-Passw0rd"})
    assert post.status_code == 410
    assert not User.objects.filter(username="nina").exists()


@pytest.mark.parametrize("token", ["nope", "x" * 43, "%3Cscript%3E", "a" * 500])
def test_an_unknown_link_is_a_404(client, token):
    response = client.get(f"/invitations/{token}/")
    assert response.status_code == 404


def test_the_link_of_a_username_invitation_does_not_exist(team, client):
    services.invitation_create(acting=team.sm, username="olga")
    assert Invitation.objects.get().token_hash is None


# --- the members page ----------------------------------------------------------------------------------------------


def test_the_members_page_invites_an_address_and_lists_it_with_a_revoke_button(team, client_for):
    sam = client_for(team.sm.user)
    response = sam.post("/b/apollo/settings/members/", {"username": "new@example.com", "role": "developer"}, **HTMX)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Invitation sent to new@example.com as Developer. Its link works once, for 7 days." in text
    invitation = Invitation.objects.get()
    assert f'id="invitation-{invitation.pk}"' in text
    assert "Revoke the invitation to new@example.com" in text
    assert "link works until" in text


def test_the_members_page_names_a_bad_address_beside_the_field(team, client_for):
    response = client_for(team.sm.user).post(
        "/b/apollo/settings/members/", {"username": "not@an@address", "role": "developer"}, **HTMX
    )
    assert response.status_code == 400
    assert "Enter a valid e-mail address." in response.content.decode()


def test_the_members_page_shows_pending_invitations_to_the_scrum_master_only(team, client_for):
    invite_by_email(team)
    assert "new@example.com" in client_for(team.sm.user).get("/b/apollo/settings/").content.decode()
    assert "new@example.com" not in client_for(team.dev.user).get("/b/apollo/settings/").content.decode()


# --- races ---------------------------------------------------------------------------------------------------------


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_following_one_link_twice_at_once_makes_one_member():
    sm = MembershipFactory(board=BoardFactory(slug="race"), role=Role.SCRUM_MASTER)
    invitation = services.invitation_create(acting=sm, email="ann@example.com")
    people = [UserFactory(username="ann"), UserFactory(username="bob")]
    errors = all_at_once(
        [lambda p=p: services.invitation_accept_by_link(user=p, token=invitation.token) for p in people]
    )
    assert [type(e) for e in errors] == [Conflict]
    assert Membership.objects.filter(board=invitation.board).exclude(pk=sm.pk).count() == 1
    assert Invitation.objects.get(pk=invitation.pk).state == InvitationState.ACCEPTED


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_one_person_following_the_link_twice_at_once_joins_once():
    sm = MembershipFactory(board=BoardFactory(slug="race"), role=Role.SCRUM_MASTER)
    invitation = services.invitation_create(acting=sm, email="ann@example.com")
    ann = UserFactory(username="ann")
    errors = all_at_once([lambda: services.invitation_accept_by_link(user=ann, token=invitation.token)] * 2)
    assert [type(e) for e in errors] == [Conflict]
    assert Membership.objects.filter(board=invitation.board, user=ann).count() == 1


def test_a_user_invited_by_address_may_accept_from_their_list_and_the_link_closes(team, sent, client):
    invitation, link = sent
    eve = UserFactory(username="eve", email="eve@example.com")
    with_user = services.invitation_create(acting=team.sm, email="EVE@example.com")
    assert with_user.user == eve
    response = api_as(eve).post(f"/api/v1/invitations/{with_user.pk}/accept/")
    assert response.status_code == 200
    assert Membership.objects.filter(board=team.board, user=eve).exists()
    assert client.get(f"/invitations/{with_user.token}/").status_code == 410
    assert client.get(link).status_code == 200  # the other invitation's link is untouched


def test_an_expired_invitation_leaves_the_invitees_list_and_cannot_be_accepted(team):
    eve = UserFactory(username="eve", email="eve@example.com")
    invitation = services.invitation_create(acting=team.sm, email="eve@example.com")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_as(eve).get("/api/v1/invitations/").json()["results"] == []
    response = api_as(eve).post(f"/api/v1/invitations/{invitation.pk}/accept/")
    assert response.status_code == 409
    assert "expired" in str(response.json())
    assert not Membership.objects.filter(board=team.board, user=eve).exists()


def test_a_member_or_an_invited_users_address_names_nobody(team):
    services.invitation_create(acting=team.sm, username="olga")
    by_member = services.invitation_create(acting=team.sm, email=team.dev.user.email)
    by_invited = services.invitation_create(acting=team.sm, email=team.outsider.email)
    assert (by_member.user, by_invited.user) == (None, None)


def test_signing_up_by_the_link_is_behind_the_login_limits(team, sent, settings):
    from django.test import Client

    settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS = 1
    _invitation, link = sent
    client = Client(REMOTE_ADDR="10.0.0.9")
    taken = {"username": "dave", "password1": "a-long-Passw0rd", "password2": "a-long-Passw0rd"}
    assert client.post(link, taken).status_code == 400
    refused = client.post(link, taken)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many failed login attempts." in refused.content.decode()


@pytest.mark.parametrize("who", ["po", "dev"])
def test_only_the_scrum_master_invites_an_address_on_the_members_page(team, client_for, who):
    response = client_for(persona(team, who)).post(
        "/b/apollo/settings/members/", {"username": "new@example.com", "role": "developer"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_outsider_cannot_invite_on_the_members_page(team, client_for):
    response = client_for(team.outsider).post("/b/apollo/settings/members/", {"username": "new@example.com"})
    assert response.status_code == 404
