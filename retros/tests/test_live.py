"""Retro events reach the members following "retro:<id>" (and the board, for actions) after commit, naming what
changed and never a hidden value: no card text, no author, no card a vote went on."""

import pytest
from channels.db import database_sync_to_async

from live.consumers import REFUSED
from live.tests.helpers import hears_nothing, run, socket_for
from retros import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_only_members_of_the_retros_board_may_follow_it(team, retro):
    refused = [
        socket_for(user, path)
        for user, path in (
            (team.outsider, f"/ws/retro/{retro.pk}/"),
            (None, f"/ws/retro/{retro.pk}/"),
            (team.dev.user, "/ws/retro/999999/"),
            (team.dev.user, "/ws/retro/abc/"),
        )
    ]
    ws = socket_for(team.dev.user, f"/ws/retro/{retro.pk}/")

    async def scenario():
        for socket in refused:
            connected, code = await socket.connect()
            assert (connected, code) == (False, REFUSED)
        assert (await ws.connect())[0]
        await ws.disconnect()

    run(scenario)


def test_a_whole_retro_is_heard_live_without_its_hidden_values(team, retro):
    retro.hidden = True
    retro.save(update_fields=["hidden"])
    following = socket_for(team.dev.user, f"/ws/retro/{retro.pk}/")
    board = socket_for(team.po.user, "/ws/board/apollo/")

    def the_retro():
        services.retro_phase_move(acting=team.sm, retro=retro)
        card = services.card_add(acting=team.po, retro=retro, column="minuses", text="Secret gripe", anonymous=True)
        services.retro_phase_move(acting=team.sm, retro=retro)
        services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk)
        services.retro_phase_move(acting=team.sm, retro=retro)
        action = services.action_add(acting=team.sm, retro=retro, text="Fix CI", owner="dave", card=card.pk)
        return card.pk, action.pk

    async def scenario():
        assert (await following.connect())[0]
        assert (await board.connect())[0]
        card, action = await database_sync_to_async(the_retro)()
        heard = [await following.receive_json_from(timeout=2) for _ in range(6)]
        topic = f"retro:{retro.pk}"
        assert heard == [
            {"topic": topic, "event": "retro.phase", "retro": retro.pk, "phase": "write"},
            {"topic": topic, "event": "retro.card", "retro": retro.pk, "column": "minuses"},
            {"topic": topic, "event": "retro.phase", "retro": retro.pk, "phase": "vote"},
            {"topic": topic, "event": "retro.vote", "retro": retro.pk},
            {"topic": topic, "event": "retro.phase", "retro": retro.pk, "phase": "discuss"},
            {"topic": topic, "event": "retro.action", "retro": retro.pk, "action": action},
        ]
        assert "Secret gripe" not in str(heard) and card not in [e.get("card") for e in heard]
        assert await board.receive_json_from(timeout=2) == {
            "topic": "board:apollo",
            "event": "retro.action",
            "action": action,
        }
        await following.disconnect()
        await board.disconnect()

    run(scenario)


def test_a_refused_vote_announces_nothing(team, retro, move_to):
    move_to(retro, "write")
    card = services.card_add(acting=team.po, retro=retro, column="pluses", text="Pairing")

    def refused():
        with pytest.raises(Exception, match="vote phase"):
            services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk)

    hears_nothing(team.dev.user, f"/ws/retro/{retro.pk}/", refused)


def test_the_room_follows_its_topic_and_refreshes_its_partials_on_the_events(client, team, retro):
    client.force_login(team.dev.user)
    html = client.get(f"/b/apollo/retros/{retro.pk}/").content.decode()
    assert f'data-live-topic="retro:{retro.pk}"' in html
    assert 'data-live-refresh="retro.phase"' in html
    assert 'data-live-refresh="retro.card retro.vote retro.action"' in html
    assert "js/live.js" in html
