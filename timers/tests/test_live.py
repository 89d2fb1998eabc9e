"""Timer events reach every page of the board after commit, naming the timer and its ceremony; a refused write
announces nothing."""

import pytest
from channels.db import database_sync_to_async

from live.tests.helpers import run, socket_for
from scrum_app.errors import Conflict
from timers.services import timer_extend, timer_start, timer_stop

pytestmark = pytest.mark.django_db(transaction=True)


def test_start_extend_and_stop_are_announced_on_the_boards_topic(team, sprint):
    board = socket_for(team.dev.user, "/ws/board/apollo/")

    def meeting():
        timer = timer_start(acting=team.sm, ceremony="retro", minutes=30)
        timer_extend(acting=team.sm, timer=timer, minutes=5)
        with pytest.raises(Conflict):
            timer_start(acting=team.sm, ceremony="retro")
        timer_stop(acting=team.sm, timer=timer)
        return timer.pk

    async def scenario():
        assert (await board.connect())[0]
        pk = await database_sync_to_async(meeting)()
        heard = [await board.receive_json_from(timeout=2) for _ in range(3)]
        assert [(e["event"], e["timer"], e["ceremony"]) for e in heard] == [
            ("timer.started", pk, "retro"),
            ("timer.extended", pk, "retro"),
            ("timer.stopped", pk, "retro"),
        ]
        assert await board.receive_nothing(timeout=0.2)
        await board.disconnect()

    run(scenario)
