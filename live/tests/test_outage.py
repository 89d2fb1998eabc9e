"""A page open through a channel-layer outage is told so, and told to re-fetch once the layer is back.

Redis itself is never stopped: the layer reaches it through a TcpGate the test cuts and opens again.
"""

import uuid

import pytest
from django.db import transaction

from boards.tests.factories import BoardFactory, MembershipFactory
from live import publish
from live.testing import redis_gate  # noqa: F401 (fixture)
from live.tests.helpers import redis_layers, run, socket_for
from scrum_app.testing import TcpGate

pytestmark = pytest.mark.django_db(transaction=True)

BEAT = 0.2


@pytest.fixture
def member(db):
    # A board of its own: Redis pub/sub channels are shared by every test run on this Redis.
    board = BoardFactory(slug=f"o-{uuid.uuid4().hex[:12]}")
    return MembershipFactory(board=board)


def through(gate: TcpGate) -> dict:
    return redis_layers(f"redis://127.0.0.1:{gate.port}/11")


async def next_event(ws, *, skip: str = "live.heartbeat", timeout: float = 5) -> dict:
    """The next message that is not a `skip` one."""
    while True:
        message = await ws.receive_json_from(timeout=timeout)
        if message.get("event") != skip:
            return message


def test_a_socket_hears_a_heartbeat_that_went_through_the_channel_layer(member, settings):
    settings.LIVE_HEARTBEAT_SECONDS = BEAT
    ws = socket_for(member.user, f"/ws/board/{member.board.slug}/")

    async def scenario():
        assert (await ws.connect())[0]
        assert await ws.receive_json_from(timeout=2) == {"event": "live.heartbeat", "every": BEAT}
        await ws.disconnect()

    run(scenario)


def test_a_page_is_told_when_redis_goes_and_to_refetch_when_it_is_back(member, settings, redis_gate):  # noqa: F811
    settings.CHANNEL_LAYERS = through(redis_gate)
    settings.LIVE_HEARTBEAT_SECONDS = BEAT
    ws = socket_for(member.user, f"/ws/board/{member.board.slug}/")

    async def scenario():
        assert (await ws.connect())[0]
        assert (await ws.receive_json_from(timeout=3))["event"] == "live.heartbeat"
        redis_gate.cut()
        assert await next_event(ws) == {"event": "live.down"}
        redis_gate.open()
        assert await next_event(ws, timeout=10) == {"event": "live.resync"}
        await ws.disconnect()

    run(scenario)


def test_a_topic_whose_event_was_lost_is_told_to_refetch_once_redis_is_back(member, settings, redis_gate):  # noqa: F811
    settings.CHANNEL_LAYERS = through(redis_gate)
    settings.LIVE_HEARTBEAT_SECONDS = 60  # this test is about the lost event, not the socket's heartbeat
    topic = f"board:{member.board.slug}"
    ws = socket_for(member.user, f"/ws/board/{member.board.slug}/")

    async def scenario():
        from channels.db import database_sync_to_async

        assert (await ws.connect())[0]
        redis_gate.cut()

        def change():
            with transaction.atomic():
                publish(topic, "item.moved", item=4)  # lost: the layer cannot take it

        await database_sync_to_async(change)()
        assert await ws.receive_nothing(timeout=0.5)
        redis_gate.open()
        assert await ws.receive_json_from(timeout=10) == {"topic": topic, "event": "live.resync"}
        await ws.disconnect()

    run(scenario)
