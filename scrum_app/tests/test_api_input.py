"""Every API input refuses a key it does not take, unknown or read-only, with 400 naming it, and changes nothing."""

import datetime as dt

import pytest
import time_machine
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings
from rest_framework import serializers

from boards.models import BacklogItem, Board, Invitation, Membership
from boards.tests.api_client import api_as
from boards.tests.factories import PASSWORD, BacklogItemFactory
from poker import services as poker_services
from poker.models import PokerSession, Round, Vote
from retros import services as retro_services
from retros.models import Action, Card, Retro
from retros.models import Vote as RetroVote
from scrum_app.api_input import NOT_WRITABLE, StrictInput
from scrum_app.api_views import Api
from sprints import services as sprint_services
from sprints.models import Sprint
from standups.models import Standup, StandupEntry

BASE = "/api/v1/boards/apollo"
MONDAY_9AM = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def _operations() -> list[tuple[str, str, type, object]]:
    """(method, path, view class, request serializer or None) of every API operation, as the OpenAPI schema has
    it."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    found = []
    for path, path_regex, method, view in generator._get_paths_and_endpoints():
        view.request = spectacular_settings.GET_MOCK_REQUEST(method, path, view, None)
        operation = view.schema.get_operation(path, path_regex, "^/api/v1", method, generator.registry)
        if operation:
            body = view.schema.get_request_serializer() if "requestBody" in operation else None
            found.append((method, path, type(view), body))
    return found


def _request_serializers() -> list[tuple[str, str, object]]:
    """(method, path, request serializer) of every API operation that takes a body."""
    return [(method, path, body) for method, path, _, body in _operations() if body is not None]


def test_every_api_input_is_a_strict_input():
    inputs = _request_serializers()
    assert len(inputs) > 20
    for method, path, body in inputs:
        single = body.child if isinstance(body, serializers.ListSerializer) else body
        assert isinstance(single, StrictInput) or (isinstance(single, type) and issubclass(single, StrictInput)), (
            method,
            path,
            single,
        )


@pytest.fixture
def scene(team):
    """Apollo on a Monday morning: sprint 1 active with two items, a poker session on a third, sprint 1's retro in
    write with a card and sprint 2 planned, so that every request below would succeed without its extra key. The
    clock stays on that Monday for the test."""
    with time_machine.travel(MONDAY_9AM, tick=False):
        items = [BacklogItemFactory(board=team.board, title=t, points=3) for t in ("Login", "Search")]
        sprint = sprint_services.sprint_create(acting=team.sm, goal="Accounts")
        sprint_services.sprint_add_items(acting=team.sm, sprint=sprint, item_ids=[i.pk for i in items])
        sprint_services.sprint_start(acting=team.sm, sprint=sprint)
        sprint_services.sprint_create(acting=team.sm, goal="Next")
        session = poker_services.session_start(acting=team.sm, items=[BacklogItemFactory(board=team.board).pk])
        retro = retro_services.retro_open(acting=team.sm, sprint=1)
        retro_services.retro_phase_move(acting=team.sm, retro=retro, phase="write")
        card = retro_services.card_add(acting=team.sm, retro=retro, column="pluses", text="Pairing")
        yield {"item": items[0].pk, "session": session.pk, "retro": retro.pk, "card": card.pk}


def _nothing_changed(team) -> bool:
    return (
        Board.objects.get(pk=team.board.pk).name == "Apollo"
        and Membership.objects.get(pk=team.dev.pk).role == "developer"
        and not Invitation.objects.exists()
        and list(BacklogItem.objects.filter(board=team.board).order_by("rank").values_list("title", "version"))[:2]
        == [("Login", 1), ("Search", 1)]
        and BacklogItem.objects.filter(board=team.board).count() == 3
        and Card.objects.get().text == "Pairing"
        and Sprint.objects.filter(board=team.board).count() == 2
        and Sprint.objects.get(board=team.board, number=2).goal == "Next"
        and PokerSession.objects.filter(board=team.board).count() == 1
        and not Vote.objects.exists()
        and Retro.objects.filter(board=team.board).count() == 1
        and Retro.objects.get().phase == "write"
        and Card.objects.count() == 1
        and not Action.objects.exists()
        and not StandupEntry.objects.exists()
    )


# (method, path, the body it takes in the scene, a read-only key: a field of its answer); each is sent with a key more.
ENDPOINTS = {
    "board edit": ("patch", "/", lambda s: {"name": "Apollo 2"}, "slug"),
    "member role": ("patch", "/members/dave/", lambda s: {"role": "scrum_master"}, "joined_at"),
    "invitation": ("post", "/invitations/", lambda s: {"username": "eve"}, "state"),
    "item add": ("post", "/items/", lambda s: {"title": "Export"}, "rank"),
    "item edit": ("patch", "/items/{item}/", lambda s: {"title": "Logout"}, "rank"),
    "item move": ("post", "/items/{item}/move/", lambda s: {"position": "bottom"}, "rank"),
    "sprint plan": ("post", "/sprints/", lambda s: {"goal": "More"}, "state"),
    "sprint edit": ("patch", "/sprints/2/", lambda s: {"goal": "Later"}, "number"),
    "sprint add items": ("post", "/sprints/2/items/", lambda s: {"items": [s["item"]]}, "committed_points"),
    "sprint close": ("post", "/sprints/1/close/", lambda s: {"unfinished": "next"}, "completed_points"),
    "poker start": ("post", "/poker/", lambda s: {"title": "Quick"}, "facilitator"),
    "poker vote": ("post", "/poker/{session}/vote/", lambda s: {"card": "5"}, "revealed"),
    "poker accept": ("post", "/poker/{session}/accept/", lambda s: {"points": 5}, "item"),
    "poker quick round": ("post", "/poker/{session}/quick/", lambda s: {"title": "Quick"}, "queue"),
    "retro open": ("post", "/retros/", lambda s: {"sprint": 2}, "phase"),
    "retro phase": ("post", "/retros/{retro}/phase/", lambda s: {"phase": "vote"}, "closed_at"),
    "retro card": ("post", "/retros/{retro}/cards/", lambda s: {"column": "pluses", "text": "CI"}, "author"),
    "retro card edit": ("patch", "/retros/{retro}/cards/{card}/", lambda s: {"text": "Pairing daily"}, "mine"),
    "stand-up entry": ("put", "/standups/2026-03-02/me/", lambda s: {"done": "Login"}, "member"),
}


@pytest.mark.parametrize("extra", ["colour", "read-only"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_it_refuses_a_key_it_does_not_take_naming_it_and_changes_nothing(team, scene, endpoint, extra):
    method, path, body, read_only = ENDPOINTS[endpoint]
    key = read_only if extra == "read-only" else extra
    send = getattr(api_as(team.sm), method)
    response = send(f"{BASE}{path.format(**scene)}", body(scene) | {key: 1}, format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {key: [NOT_WRITABLE]}
    assert _nothing_changed(team)


# Operations that read no body, sent one: (method, path, the key sent, what must not have happened).
BODYLESS = {
    "sprint start": ("post", "/sprints/2/start/", "goal", lambda: Sprint.objects.filter(state="active").count() == 1),
    "poker reveal": ("post", "/poker/{session}/reveal/", "card", lambda: not Round.objects.exclude(revealed_at=None)),
    "retro vote": ("post", "/retros/{retro}/cards/{card}/vote/", "votes", lambda: not RetroVote.objects.exists()),
    "stand-up timebox": ("post", "/standups/2026-03-02/timebox/", "minutes", lambda: not Standup.objects.exists()),
    "item delete": ("delete", "/items/{item}/", "reason", lambda: BacklogItem.objects.filter(title="Login").exists()),
}


@pytest.mark.parametrize("endpoint", BODYLESS)
def test_an_operation_reading_no_body_refuses_one_naming_its_keys(team, scene, endpoint):
    method, path, key, unchanged = BODYLESS[endpoint]
    if endpoint == "retro vote":
        retro_services.retro_phase_move(acting=team.sm, retro=Retro.objects.get(), phase="vote")
    send = getattr(api_as(team.sm), method)
    response = send(f"{BASE}{path.format(**scene)}", {key: 1}, format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {key: [NOT_WRITABLE]}
    assert unchanged()
    # Without the body, the same request is answered by the operation's own rules (sprint 1 being active: a 409).
    assert getattr(api_as(team.sm), method)(f"{BASE}{path.format(**scene)}").status_code in (200, 201, 204, 409)


def test_the_retro_action_edit_refuses_the_owner(team, scene):
    retro = Retro.objects.get()
    retro_services.retro_phase_move(acting=team.sm, retro=retro, phase="discuss")
    action = retro_services.action_add(acting=team.sm, retro=retro, text="Pair more", owner="dave")
    response = api_as(team.dev).patch(
        f"{BASE}/retros/{retro.pk}/actions/{action.pk}/", {"done": True, "owner": "sam"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"owner": [NOT_WRITABLE]}
    action.refresh_from_db()
    assert (action.state, action.owner.username) == ("open", "dave")


def test_creating_a_board_refuses_a_key_it_does_not_take(team):
    response = api_as(team.dev).post("/api/v1/boards/", {"name": "Zeus", "colour": "red"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"colour": [NOT_WRITABLE]}
    assert not Board.objects.filter(name="Zeus").exists()


def test_every_api_view_is_an_api_and_reads_its_input_one_way(rf):
    """One base (scrum_app.api_views.Api) for every operation of the schema; its `parse` takes only StrictInputs."""
    views = {view for _, _, view, _ in _operations()}
    assert len(views) > 20
    assert [view for view in views if not issubclass(view, Api)] == []

    class Loose(serializers.Serializer):
        title = serializers.CharField()

    view = Api()
    view.request = rf.post("/")
    with pytest.raises(TypeError, match="not a StrictInput"):
        view.parse(Loose, data={"title": "x"})


def test_the_token_endpoint_refuses_a_key_it_does_not_take(team):
    response = api_as(None).post(
        "/api/v1/auth/token/", {"username": "sam", "password": PASSWORD, "token": "mine"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"token": [NOT_WRITABLE]}


def test_a_browser_forms_csrf_token_is_not_taken_for_a_field(team, scene):
    response = api_as(team.sm).post(
        f"{BASE}/sprints/", {"goal": "More", "csrfmiddlewaretoken": "x"}, format="multipart"
    )
    assert response.status_code == 201
    assert response.json()["goal"] == "More"
