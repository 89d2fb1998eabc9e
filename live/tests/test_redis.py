"""The Redis channel layer: two app processes share events; a Redis that is down breaks nothing."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.db import transaction
from django.test import override_settings

from boards.tests.factories import BoardFactory, MembershipFactory
from live import publish
from live.bus import send_now
from live.tests.helpers import REDIS_TEST_URL, closed_port, redis_layers, run, socket_for

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]

# The second app process: its own Django, its own database, the same Redis. It publishes inside a committed
# transaction exactly as a service would.
OTHER_PROCESS = """
import django
django.setup()
from django.db import transaction
from live import publish
with transaction.atomic():
    publish("board:{slug}", "item.moved", item=7, by="the other process")
"""


@pytest.fixture
def member(db):
    board = BoardFactory(slug=f"r-{uuid.uuid4().hex[:12]}")
    return MembershipFactory(board=board)


@pytest.mark.parametrize("kind", ["pubsub", "core"])
def test_two_app_processes_sharing_redis_deliver_each_others_events(member, kind):
    with override_settings(CHANNEL_LAYERS=redis_layers(kind=kind)):
        two_processes(member, kind)


def two_processes(member, kind):
    slug = member.board.slug
    ws = socket_for(member.user, f"/ws/board/{slug}/")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scrum_app.settings_test",
        "DATABASE_URL": "sqlite://:memory:",
        "REDIS_URL": REDIS_TEST_URL,
        "CHANNEL_LAYER": kind,
    }

    async def scenario():
        assert (await ws.connect())[0]
        other = await database_sync_to_async(subprocess.run)(
            [sys.executable, "-c", OTHER_PROCESS.format(slug=slug)], cwd=ROOT, env=env, capture_output=True, timeout=60
        )
        assert other.returncode == 0, other.stderr.decode()
        event = await ws.receive_json_from(timeout=5)
        assert event == {"topic": f"board:{slug}", "event": "item.moved", "item": 7, "by": "the other process"}
        await ws.disconnect()

    run(scenario)


@pytest.mark.parametrize("kind", ["pubsub", "core"])
def test_publishing_with_redis_down_neither_raises_nor_blocks(member, kind):
    with override_settings(CHANNEL_LAYERS=redis_layers(f"redis://127.0.0.1:{closed_port()}/1", kind=kind)):
        with transaction.atomic():
            publish(f"board:{member.board.slug}", "item.moved", item=1)  # sent at commit: must not raise
        assert send_now(f"board:{member.board.slug}", {"type": "live.event", "event": "item.moved"}) is False


def test_live_updates_resume_when_redis_returns(member):
    slug = member.board.slug
    with override_settings(CHANNEL_LAYERS=redis_layers(f"redis://127.0.0.1:{closed_port()}/1")):
        assert send_now(f"board:{slug}", {"type": "live.event", "event": "item.moved"}) is False
        down = socket_for(member.user, f"/ws/board/{slug}/")

        async def cannot_follow():
            # With the layer unreachable the socket cannot join its group: the page falls back to polling.
            connected, _ = await down.connect(timeout=5)
            assert not connected

        run(cannot_follow)

    with override_settings(CHANNEL_LAYERS=redis_layers()):
        ws = socket_for(member.user, f"/ws/board/{slug}/")

        async def scenario():
            assert (await ws.connect())[0]

            def change():
                with transaction.atomic():
                    publish(f"board:{slug}", "item.moved", item=3)

            await database_sync_to_async(change)()
            assert (await ws.receive_json_from(timeout=5))["item"] == 3
            await ws.disconnect()

        run(scenario)
