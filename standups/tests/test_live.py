"""Stand-up events reach the pages after commit and name what changed, never the text."""

import json

import pytest
from channels.db import database_sync_to_async

from live.consumers import REFUSED
from live.tests.helpers import hears_nothing, run, socket_for
from standups.models import Blocker
from standups.services import blocker_resolve, standup_entry_save, timebox_start
from standups.tests.conftest import MONDAY

pytestmark = pytest.mark.django_db(transaction=True)


def test_only_members_follow_the_stand_up(team, sprint):
    refused = [socket_for(user, "/ws/standup/apollo/") for user in (team.outsider, None)]
    member = socket_for(team.po.user, "/ws/standup/apollo/")

    async def scenario():
        for ws in refused:
            assert await ws.connect() == (False, REFUSED)
        assert (await member.connect())[0]
        await member.disconnect()

    run(scenario)


def test_entries_timebox_and_blockers_are_announced_without_their_text(team, sprint):
    standup = socket_for(team.po.user, "/ws/standup/apollo/")
    board = socket_for(team.po.user, "/ws/board/apollo/")

    def meeting():
        standup_entry_save(acting=team.dev, day=MONDAY, done="Secret plan", blockers="Staging is down\nNo key")
        raised = list(Blocker.objects.order_by("pk").values_list("pk", flat=True))
        timebox_start(acting=team.sm, day=MONDAY)
        standup_entry_save(acting=team.dev, day=MONDAY, done="Secret plan", blockers="Staging is down")
        blocker_resolve(acting=team.sm, blocker=Blocker.objects.get(text="Staging is down"))
        return raised

    async def scenario():
        assert (await standup.connect())[0] and (await board.connect())[0]
        staging, key = await database_sync_to_async(meeting)()
        heard = [await standup.receive_json_from(timeout=2) for _ in range(6)]
        assert [(e["event"], e.get("user"), e.get("blockers")) for e in heard] == [
            ("standup.entry", "dave", None),
            ("blocker.raised", None, [staging, key]),
            ("standup.timebox", None, None),
            ("standup.entry", "dave", None),
            ("blocker.dropped", None, [key]),
            ("blocker.resolved", None, [staging]),
        ]
        assert all(e.get("date", "2026-03-02") == "2026-03-02" for e in heard)
        on_board = [await board.receive_json_from(timeout=2) for _ in range(4)]
        # The timebox is the stand-up's ceremony timer: the board's pages hear it as one.
        assert [e["event"] for e in on_board] == [
            "blocker.raised",
            "timer.started",
            "blocker.dropped",
            "blocker.resolved",
        ]
        text = json.dumps(heard + on_board)
        assert "Secret plan" not in text and "Staging" not in text
        assert await standup.receive_nothing(timeout=0.2)
        await standup.disconnect()
        await board.disconnect()

    run(scenario)


def test_a_refused_entry_announces_nothing(team, sprint):
    def refused():
        with pytest.raises(Exception, match="500 characters"):
            standup_entry_save(acting=team.dev, day=MONDAY, blockers="x" * 501)
        with pytest.raises(Exception, match="Only the Scrum Master"):
            timebox_start(acting=team.dev, day=MONDAY)

    hears_nothing(team.po.user, "/ws/standup/apollo/", refused)
