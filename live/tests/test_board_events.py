"""Board services announce their changes to everyone on the board's pages."""

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

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
    assert 'data-live-refresh="item.created item.updated item.moved item.deleted sprint.changed label.changed"' in html
    assert "js/live.js" in html


def test_an_item_deleted_in_the_admin_reaches_the_board(team, admin_user):
    doomed = BacklogItemFactory(board=team.board, title="Doomed")
    ws = socket_for(team.dev.user, "/ws/board/apollo/")

    def delete_in_the_admin() -> int:
        admin = Client()
        admin.force_login(admin_user)
        url = reverse("admin:boards_backlogitem_delete", args=[doomed.pk])
        return admin.post(url, {"post": "yes"}).status_code

    async def scenario():
        assert (await ws.connect())[0]
        assert await database_sync_to_async(delete_in_the_admin)() == 302
        heard = await ws.receive_json_from(timeout=2)
        assert (heard["event"], heard["item"]) == ("item.deleted", doomed.pk)
        await ws.disconnect()

    run(scenario)
    assert not BacklogItem.objects.filter(pk=doomed.pk).exists()
