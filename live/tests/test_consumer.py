import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.db import transaction

from live import publish
from live.consumers import REFUSED
from live.tests.helpers import run, socket_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_refuses_an_outsider(team):
    ws = socket_for(team.outsider, "/ws/board/apollo/")

    async def scenario():
        connected, code = await ws.connect()
        assert (connected, code) == (False, REFUSED)

    run(scenario)


def test_it_refuses_an_anonymous_visitor(team):
    ws = socket_for(None, "/ws/board/apollo/")

    async def scenario():
        connected, code = await ws.connect()
        assert (connected, code) == (False, REFUSED)

    run(scenario)


def test_it_refuses_an_unknown_topic_kind(team):
    ws = socket_for(team.dev.user, "/ws/secrets/apollo/")

    async def scenario():
        connected, _ = await ws.connect()
        assert not connected

    run(scenario)


def test_it_refuses_a_socket_from_a_foreign_origin(team):
    async def scenario():
        from channels.testing import WebsocketCommunicator

        from scrum_app.asgi import application

        ws = WebsocketCommunicator(application, "/ws/board/apollo/", headers=[(b"origin", b"http://evil.example")])
        connected, _ = await ws.connect()
        assert not connected

    run(scenario)


def test_a_member_hears_an_event_only_once_the_change_commits(team):
    ws = socket_for(team.dev.user, "/ws/board/apollo/")

    async def scenario():
        connected, _ = await ws.connect()
        assert connected

        def change():
            with transaction.atomic():
                publish("board:apollo", "item.moved", item=12)
                # Still inside the transaction: nothing may have left yet.
                assert async_to_sync(ws.receive_nothing)(timeout=0.2)

        await database_sync_to_async(change)()
        assert await ws.receive_json_from(timeout=2) == {"topic": "board:apollo", "event": "item.moved", "item": 12}
        await ws.disconnect()

    run(scenario)


def test_a_rolled_back_change_announces_nothing(team):
    ws = socket_for(team.po.user, "/ws/board/apollo/")

    async def scenario():
        assert (await ws.connect())[0]

        def change():
            with pytest.raises(RuntimeError), transaction.atomic():
                publish("board:apollo", "item.moved", item=12)
                raise RuntimeError("the change fails")

        await database_sync_to_async(change)()
        assert await ws.receive_nothing(timeout=0.3)
        await ws.disconnect()

    run(scenario)


def test_events_of_another_board_do_not_reach_me(team):
    ws = socket_for(team.dev.user, "/ws/board/apollo/")

    async def scenario():
        assert (await ws.connect())[0]

        def change():
            with transaction.atomic():
                publish("board:other", "item.moved", item=1)

        await database_sync_to_async(change)()
        assert await ws.receive_nothing(timeout=0.3)
        await ws.disconnect()

    run(scenario)


def test_it_answers_a_ping(team):
    ws = socket_for(team.dev.user, "/ws/board/apollo/")

    async def scenario():
        assert (await ws.connect())[0]
        await ws.send_json_to({"type": "ping"})
        assert await ws.receive_json_from(timeout=2) == {"event": "pong"}
        await ws.disconnect()

    run(scenario)


@pytest.mark.parametrize(
    "frame", [{"text_data": "[" * 10_000 + "]" * 10_000}, {"text_data": "not json"}, {"bytes_data": b"\x00\xff"}]
)
def test_it_ignores_any_other_frame_and_still_answers_a_ping(team, frame):
    ws = socket_for(team.dev.user, "/ws/board/apollo/")

    async def scenario():
        assert (await ws.connect())[0]
        await ws.send_to(**frame)
        await ws.send_json_to({"type": "ping"})
        assert await ws.receive_json_from(timeout=2) == {"event": "pong"}
        await ws.disconnect()

    run(scenario)
