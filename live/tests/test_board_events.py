"""Board services announce their changes to everyone on the board's pages."""

import pytest
from channels.db import database_sync_to_async

from boards import services
from boards.models import BacklogItem
from boards.tests.factories import BacklogItemFactory
from live.tests.helpers import run, socket_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_moves_updates_creations_and_deletions_reach_the_board(team):
    first = BacklogItemFactory(board=team.board, title="First")
    second = BacklogItemFactory(board=team.board, title="Second")
    ws = socket_for(team.dev.user, "/ws/board/apollo/")

    def changes():
        services.item_move(acting=team.po, item_id=second.pk, position="top")
        services.item_update(actor=team.dev.user, item=BacklogItem.objects.get(pk=first.pk), status="in_progress")
        created = services.item_create(board=team.board, actor=team.dev.user, title="Third")
        created_id = created.pk
        services.item_delete(acting=team.po, item=created)
        return created_id

    async def scenario():
        assert (await ws.connect())[0]
        created = await database_sync_to_async(changes)()
        heard = [await ws.receive_json_from(timeout=2) for _ in range(4)]
        assert [(e["event"], e.get("item", e.get("items"))) for e in heard] == [
            ("item.moved", second.pk),
            ("item.updated", first.pk),
            ("item.created", [created]),
            ("item.deleted", created),
        ]
        await ws.disconnect()

    run(scenario)


def test_the_board_page_follows_its_topic(client, team):
    client.force_login(team.dev.user)
    html = client.get("/b/apollo/board/").content.decode()
    assert 'data-live-topic="board:apollo"' in html
    assert 'data-live-refresh="item.created item.updated item.moved item.deleted sprint.changed"' in html
    assert "js/live.js" in html
