"""The person's own live topic "user:<id>": only they may follow it, and a notification made for them rings there."""

import pytest
from channels.db import database_sync_to_async

from live.consumers import REFUSED
from live.tests.helpers import run, socket_for
from notifications import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("who", ["sm", "outsider", "anonymous"])
def test_nobody_else_may_follow_a_persons_topic(team, who):
    user = {"sm": team.sm.user, "outsider": team.outsider, "anonymous": None}[who]
    ws = socket_for(user, f"/ws/user/{team.dev.user.pk}/")

    async def scenario():
        connected, code = await ws.connect()
        assert (connected, code) == (False, REFUSED)

    run(scenario)


def test_a_new_notification_rings_on_the_recipients_topic(team):
    ws = socket_for(team.dev.user, f"/ws/user/{team.dev.user.pk}/")

    async def scenario():
        connected, _ = await ws.connect()
        assert connected

        def assign():
            services.notify(
                kind="assigned",
                recipients=[team.dev.user],
                actor=team.sm.user,
                board_id=team.board.pk,
                text="Fix login",
                key="live:1",
            )

        await database_sync_to_async(assign)()
        heard = await ws.receive_json_from(timeout=2)
        assert heard == {"topic": f"user:{team.dev.user.pk}", "event": "notification.created"}
        await ws.disconnect()

    run(scenario)
