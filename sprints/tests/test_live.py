"""Sprint planning, start and close announce themselves on the board's pages (the burndown and the board re-fetch)."""

import pytest
from channels.db import database_sync_to_async

from boards.tests.factories import BacklogItemFactory
from live.tests.helpers import hears_nothing, run, socket_for
from sprints import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_planning_starting_and_closing_reach_the_board_after_commit(team):
    first = BacklogItemFactory(board=team.board, points=3)
    second = BacklogItemFactory(board=team.board, points=5)
    ws = socket_for(team.dev.user, "/ws/board/apollo/")

    def lifecycle():
        sprint = services.sprint_create(acting=team.po, goal="Ship it")
        services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[first.pk, second.pk])
        services.sprint_remove_items(acting=team.po, sprint=sprint, item_ids=[second.pk])
        services.sprint_start(acting=team.sm, sprint=sprint)
        services.sprint_close(acting=team.sm, sprint=sprint)

    async def scenario():
        assert (await ws.connect())[0]
        await database_sync_to_async(lifecycle)()
        heard = [await ws.receive_json_from(timeout=2) for _ in range(4)]
        assert [(e["event"], e["sprint"]) for e in heard] == [("sprint.changed", 1)] * 4
        assert await ws.receive_nothing(timeout=0.2)
        await ws.disconnect()

    run(scenario)


def test_a_refused_plan_announces_nothing(team):
    foreign = BacklogItemFactory(points=3)  # another board's item

    def refused():
        sprint = services.sprint_create(acting=team.po, goal="Ship it")
        with pytest.raises(Exception, match="not on this board"):
            services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[foreign.pk])

    hears_nothing(team.dev.user, "/ws/board/apollo/", refused)
