import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards import services
from boards.models import Invitation, InvitationState, Membership, Role
from boards.tests.api_client import api_as, persona
from boards.tests.factories import BoardFactory, MembershipFactory, UserFactory
from conftest import postgres_only
from scrum_app.errors import Conflict
from scrum_app.testing import all_at_once

pytestmark = pytest.mark.django_db

INVITATIONS = "/api/v1/boards/apollo/invitations/"
MINE = "/api/v1/invitations/"


def invite(team, username, role="developer", url=INVITATIONS):
    return api_as(team.sm).post(url, {"username": username, "role": role}, format="json")


def answer(user, invitation_id, verb):
    return api_as(user).post(f"{MINE}{invitation_id}/{verb}/")


@pytest.mark.parametrize(
    ("who", "status"), [("sm", 201), ("po", 403), ("dev", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_only_the_scrum_master_invites(team, who, status):
    UserFactory(username="eve")
    response = api_as(persona(team, who)).post(INVITATIONS, {"username": "eve", "role": "developer"}, format="json")
    assert response.status_code == status
    assert Invitation.objects.count() == (1 if status == 201 else 0)
    if status == 403:
        assert "Only the Scrum Master can invite members" in response.json()["detail"]


def test_an_invitation_names_the_invitee_and_adds_no_one(team):
    eve = UserFactory(username="eve")
    response = invite(team, "eve", role="scrum_master")
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "username": "eve",
        "email": "",
        "role": "scrum_master",
        "state": "invited",
        "expires_at": None,
    }
    invitation = Invitation.objects.get(pk=body["id"])
    assert (invitation.user, invitation.created_by) == (eve, team.sm.user)
    assert not Membership.objects.filter(user=eve).exists()


@pytest.mark.parametrize("url", [INVITATIONS, "/api/v1/boards/apollo/members/"])
def test_the_answer_is_the_same_for_a_name_that_exists_and_one_that_does_not(team, url):
    UserFactory(username="eve")
    real, made_up = invite(team, "eve", url=url), invite(team, "evan", url=url)
    assert real.status_code == made_up.status_code
    assert real.status_code in (201, 202)
    shape = [{**r.json(), "id": None, "username": None} for r in (real, made_up)]
    assert shape[0] == shape[1]
    assert (real.json()["username"], made_up.json()["username"]) == ("eve", "evan")
    # And again: a second invitation to either name is refused alike.
    again = [invite(team, name, url=url) for name in ("eve", "evan")]
    assert [r.status_code for r in again] == [409, 409]
    assert [r.json() for r in again] == [
        {"username": ["eve is already invited to this board."]},
        {"username": ["evan is already invited to this board."]},
    ]


@pytest.mark.parametrize(
    ("payload", "field", "status"),
    [
        ({"username": "olga", "role": "king"}, "role", 400),
        ({}, "username", 400),
        ({"username": "   "}, "username", 400),
        ({"username": "dave"}, "username", 409),
        ({"username": "olga", "role": "product_owner"}, "role", 409),
        ({"username": "olga", "board": 9}, "board", 400),
    ],
)
@pytest.mark.parametrize("url", [INVITATIONS, "/api/v1/boards/apollo/members/"])
def test_it_refuses_bad_invitations_naming_the_field(team, url, payload, field, status):
    response = api_as(team.sm).post(url, payload, format="json")
    assert response.status_code == status
    assert field in response.json()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("sm", 200), ("po", 403), ("dev", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_only_the_scrum_master_lists_the_boards_pending_invitations(team, who, status):
    invite(team, "olga")
    invite(team, "nobody-by-this-name", role="scrum_master")
    declined = invite(team, "zoe").json()["id"]
    Invitation.objects.filter(pk=declined).update(state=InvitationState.DECLINED)
    response = api_as(persona(team, who)).get(INVITATIONS)
    assert response.status_code == status
    if status == 200:
        assert [(i["username"], i["role"], i["state"]) for i in response.json()["results"]] == [
            ("nobody-by-this-name", "scrum_master", "invited"),
            ("olga", "developer", "invited"),
        ]


def test_a_pending_invitation_grants_nothing(team):
    invite(team, "olga")
    client = api_as(team.outsider)
    assert client.get("/api/v1/boards/").json()["results"] == []
    for url in ("/api/v1/boards/apollo/", "/api/v1/boards/apollo/items/", "/api/v1/boards/apollo/members/"):
        assert client.get(url).status_code == 404, url
    assert client.post("/api/v1/boards/apollo/items/", {"title": "Sneaky"}, format="json").status_code == 404


def test_the_invitee_lists_their_pending_invitations_and_no_one_elses(team):
    other = BoardFactory(name="Zephyr", slug="zephyr")
    MembershipFactory(board=other, user=team.sm.user, role=Role.SCRUM_MASTER)
    invite(team, "olga")
    api_as(team.sm).post("/api/v1/boards/zephyr/invitations/", {"username": "olga"}, format="json")
    invite(team, "eve")  # no such user: nobody's
    response = api_as(team.outsider).get(MINE)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(i["board"], i["role"], i["state"], i["invited_by"]) for i in results] == [
        ({"slug": "apollo", "name": "Apollo"}, "developer", "invited", "sam"),
        ({"slug": "zephyr", "name": "Zephyr"}, "developer", "invited", "sam"),
    ]
    assert api_as(team.dev).get(MINE).json()["results"] == []
    assert api_as(None).get(MINE).status_code == 401


def test_accepting_makes_the_invitee_a_member_with_the_invited_role(team):
    invitation_id = invite(team, "olga", role="scrum_master").json()["id"]
    response = answer(team.outsider, invitation_id, "accept")
    assert response.status_code == 200
    assert response.json()["state"] == "accepted"
    assert Membership.objects.get(board=team.board, user=team.outsider).role == Role.SCRUM_MASTER
    client = api_as(team.outsider)
    assert client.get("/api/v1/boards/apollo/").status_code == 200
    assert client.get(MINE).json()["results"] == []
    assert api_as(team.sm).get(INVITATIONS).json()["results"] == []
    again = answer(team.outsider, invitation_id, "accept")
    assert again.status_code == 409
    assert "no longer open" in again.json()["invitation"][0]


def test_declining_changes_nothing_on_the_board(team):
    invitation_id = invite(team, "olga").json()["id"]
    response = answer(team.outsider, invitation_id, "decline")
    assert response.status_code == 200
    assert response.json()["state"] == "declined"
    assert not Membership.objects.filter(user=team.outsider).exists()
    assert api_as(team.outsider).get("/api/v1/boards/apollo/").status_code == 404
    assert answer(team.outsider, invitation_id, "accept").status_code == 409
    assert not Membership.objects.filter(user=team.outsider).exists()


@pytest.mark.parametrize("verb", ["accept", "decline"])
def test_only_the_invitee_answers_everyone_else_gets_404(team, verb):
    invitation_id = invite(team, "olga").json()["id"]
    for who in ("sm", "po", "dev"):
        assert answer(persona(team, who), invitation_id, verb).status_code == 404
    assert answer(None, invitation_id, verb).status_code == 401
    assert answer(team.outsider, invitation_id + 1000, verb).status_code == 404
    assert Invitation.objects.get(pk=invitation_id).state == InvitationState.INVITED
    assert Membership.objects.filter(board=team.board).count() == 3


def test_an_invitation_to_a_name_nobody_had_stays_unacceptable_when_someone_takes_the_name(team):
    invitation_id = invite(team, "ghost", role="scrum_master").json()["id"]
    ghost = UserFactory(username="ghost")
    assert api_as(ghost).get(MINE).json()["results"] == []
    assert answer(ghost, invitation_id, "accept").status_code == 404
    assert not Membership.objects.filter(user=ghost).exists()


def test_a_product_owner_invitation_is_refused_when_the_board_got_one_meanwhile(team):
    team.po.delete()
    invitation_id = invite(team, "olga", role="product_owner").json()["id"]
    assert (
        api_as(team.sm)
        .patch("/api/v1/boards/apollo/members/dave/", {"role": "product_owner"}, format="json")
        .status_code
        == 200
    )
    response = answer(team.outsider, invitation_id, "accept")
    assert response.status_code == 409
    assert response.json() == {"role": ["This board already has a Product Owner."]}
    assert not Membership.objects.filter(user=team.outsider).exists()
    assert Invitation.objects.get(pk=invitation_id).state == InvitationState.INVITED


@pytest.mark.parametrize(("who", "status"), [("sm", 204), ("po", 403), ("dev", 403), ("outsider", 404)])
def test_only_the_scrum_master_revokes_and_a_revoked_invitation_cannot_be_accepted(team, who, status):
    invitation_id = invite(team, "olga").json()["id"]
    assert api_as(persona(team, who)).delete(f"{INVITATIONS}{invitation_id}/").status_code == status
    revoked = status == 204
    assert Invitation.objects.get(pk=invitation_id).state == ("revoked" if revoked else "invited")
    assert answer(team.outsider, invitation_id, "accept").status_code == (409 if revoked else 200)


def test_revoking_another_boards_invitation_is_404(team):
    other = MembershipFactory(board=BoardFactory(slug="zephyr"), role=Role.SCRUM_MASTER)
    invitation = services.invitation_create(acting=other, username="olga")
    assert api_as(team.sm).delete(f"{INVITATIONS}{invitation.pk}/").status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).state == InvitationState.INVITED


@pytest.mark.parametrize("url", [MINE, INVITATIONS])
def test_invitation_lists_take_the_same_queries_for_few_and_many(team, url):
    def count(n):
        while Invitation.objects.count() < n:
            board = BoardFactory()
            sm = MembershipFactory(board=board, role=Role.SCRUM_MASTER)
            services.invitation_create(acting=sm, username="olga")
            services.invitation_create(acting=team.sm, username=f"guest{n}-{Invitation.objects.count()}")
        client = api_as(team.outsider if url == MINE else team.sm)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"page_size": 200}).status_code == 200
        return len(ctx.captured_queries)

    assert count(4) == count(40)


@pytest.fixture
def ann_invited():
    """Ann's invitation to a board of its own (for the race tests, which commit)."""
    sm = MembershipFactory(board=BoardFactory(slug="race"), role=Role.SCRUM_MASTER)
    UserFactory(username="ann")
    return services.invitation_create(acting=sm, username="ann")


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_accepting_twice_at_once_makes_one_member(ann_invited):
    def accept() -> None:
        services.invitation_accept(user=ann_invited.user, invitation_id=ann_invited.pk)

    errors = all_at_once([accept, accept])
    assert [type(e) for e in errors] == [Conflict]
    assert Membership.objects.filter(board=ann_invited.board, user=ann_invited.user).count() == 1
    assert Invitation.objects.get(pk=ann_invited.pk).state == InvitationState.ACCEPTED


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_two_product_owners_accepting_at_once_one_joins_the_other_gets_409():
    board = BoardFactory(slug="race")
    sm = MembershipFactory(board=board, role=Role.SCRUM_MASTER)
    people = [UserFactory(username=name) for name in ("ann", "bob")]
    invitations = [services.invitation_create(acting=sm, username=p.username, role=Role.PRODUCT_OWNER) for p in people]
    clients = [api_as(p) for p in people]
    statuses = []

    def accept(client, invitation) -> None:
        statuses.append(client.post(f"{MINE}{invitation.pk}/accept/").status_code)

    calls = [lambda c=c, i=i: accept(c, i) for c, i in zip(clients, invitations, strict=True)]
    assert all_at_once(calls) == []
    assert sorted(statuses) == [200, 409]
    assert Membership.objects.filter(board=board, role=Role.PRODUCT_OWNER).count() == 1


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_accepting_and_declining_at_once_leave_one_answer_that_the_board_agrees_with(ann_invited):
    ann, pk = ann_invited.user, ann_invited.pk
    errors = all_at_once(
        [
            lambda: services.invitation_accept(user=ann, invitation_id=pk),
            lambda: services.invitation_decline(user=ann, invitation_id=pk),
        ]
    )
    assert [type(e) for e in errors] == [Conflict]
    state = Invitation.objects.get(pk=pk).state
    assert Membership.objects.filter(board=ann_invited.board, user=ann).exists() == (state == InvitationState.ACCEPTED)
