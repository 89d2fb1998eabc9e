import pytest
import time_machine
from django.utils import timezone

from poker import presence
from poker.models import Participant
from poker.selectors import room


def seats(session, viewer):
    return {seat.username: seat.present for seat in room(session=session, viewer=viewer).seats}


def test_a_polling_page_keeps_its_member_present_for_a_while(client, team, session):
    client.force_login(team.dev.user)
    client.get(f"/b/apollo/poker/{session.pk}/round/", headers={"HX-Request": "true"})
    assert seats(session, team.sm.user)["dave"] is True
    assert seats(session, team.sm.user)["paula"] is False  # never opened the room
    with time_machine.travel(timezone.now() + presence.PRESENT_FOR * 2):
        assert seats(session, team.sm.user)["dave"] is False


def test_two_tabs_keep_a_member_present_until_both_close(team, session):
    presence.joined(team.dev.user, str(session.pk))
    presence.joined(team.dev.user, str(session.pk))
    presence.left(team.dev.user, str(session.pk))
    assert seats(session, team.sm.user)["dave"] is True
    presence.left(team.dev.user, str(session.pk))
    assert seats(session, team.sm.user)["dave"] is False


def test_only_members_may_follow_a_session(team, session):
    assert presence.may_follow(team.dev.user, str(session.pk))
    assert not presence.may_follow(team.outsider, str(session.pk))
    assert not presence.may_follow(team.dev.user, "999999")
    assert not presence.may_follow(team.dev.user, "abc")


def test_an_open_socket_stays_present_through_its_heartbeats(team, session):
    presence.joined(team.dev.user, str(session.pk))
    later = timezone.now() + presence.PRESENT_FOR * 3
    with time_machine.travel(later - presence.PRESENT_FOR / 2):
        presence.beat(team.dev.user, str(session.pk))
    with time_machine.travel(later):
        assert seats(session, team.sm.user)["dave"] is True


def test_a_member_whose_ws_process_died_goes_away_and_the_room_is_told(
    team, session, django_capture_on_commit_callbacks
):
    """The replica holding Dave's socket was killed: his leave hook never ran, his count of connections stays at one,
    but his heartbeats stopped. The next heartbeat of anyone in the room sets him away and tells the room."""
    presence.joined(team.dev.user, str(session.pk))
    presence.joined(team.sm.user, str(session.pk))
    with time_machine.travel(timezone.now() + presence.PRESENT_FOR * 2):
        assert seats(session, team.sm.user)["dave"] is False  # never "present forever"
        with django_capture_on_commit_callbacks() as sent:
            presence.beat(team.sm.user, str(session.pk))
        now_seated = seats(session, team.sm.user)
        assert (now_seated["sam"], now_seated["dave"]) == (True, False)
    dave = Participant.objects.get(session=session, user=team.dev.user)
    assert (dave.connections, dave.last_seen) == (0, None)
    assert len(sent) == 1  # one presence event: Dave's
    with django_capture_on_commit_callbacks() as again:
        presence.beat(team.sm.user, str(session.pk))
    assert again == []  # told once


@pytest.mark.django_db(transaction=True)
def test_the_socket_heartbeat_refreshes_presence(team, session, settings):
    import asyncio

    from live.tests.helpers import run, socket_for

    settings.LIVE_HEARTBEAT_SECONDS = 0.2
    ws = socket_for(team.dev.user, f"/ws/poker/{session.pk}/")
    seen = []

    async def scenario():
        from channels.db import database_sync_to_async

        def last_seen():
            return Participant.objects.get(session=session, user=team.dev.user).last_seen

        assert (await ws.connect())[0]
        seen.append(await database_sync_to_async(last_seen)())
        await asyncio.sleep(0.7)
        seen.append(await database_sync_to_async(last_seen)())
        await ws.disconnect()

    run(scenario)
    assert seen[0] is not None and seen[1] > seen[0]


def test_a_fetch_from_a_page_with_its_socket_open_does_not_count_but_a_polling_one_does(client, team, session):
    """The socket's heartbeats keep a live page present; its own fetches (one may still be on its way when the tab
    closes, after the socket's leave hook) must not bring the member back. A polling page's fetches do count."""
    client.force_login(team.dev.user)
    url = f"/b/apollo/poker/{session.pk}/round/"
    presence.joined(team.dev.user, str(session.pk))
    presence.left(team.dev.user, str(session.pk))  # the tab closed
    client.get(url, headers={"HX-Request": "true", "X-Live-State": "open"})  # its last fetch, arriving late
    assert seats(session, team.sm.user)["dave"] is False
    client.get(url, headers={"HX-Request": "true", "X-Live-State": "polling"})
    assert seats(session, team.sm.user)["dave"] is True


@pytest.mark.django_db(transaction=True)
def test_a_socket_whose_channel_layer_fails_under_it_leaves_the_room(team, session, settings):
    """Redis went away while Dave's socket waited for its next message: the socket closes (the page polls and
    reconnects), and it leaves the room as a closing socket does. Else his count of connections stayed up, and his
    seat outlived his page by PRESENT_FOR once he had reconnected and closed the tab. (The same path ends a socket
    whose page went away while the consumer sent to it: the dropped-voter e2e test failed on that.)"""
    from channels.layers import get_channel_layer

    from live.consumers import UNAVAILABLE
    from live.tests.helpers import run, socket_for

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "live.tests.helpers.BreakingLayer"}}
    ws = socket_for(team.dev.user, f"/ws/poker/{session.pk}/")
    closed = []

    async def scenario():
        assert (await ws.connect())[0]
        get_channel_layer().breaking.set()
        closed.append(await ws.receive_output(timeout=5))

    run(scenario)
    assert closed == [{"type": "websocket.close", "code": UNAVAILABLE}]
    dave = Participant.objects.get(session=session, user=team.dev.user)
    assert (dave.connections, dave.last_seen) == (0, None)
    assert seats(session, team.sm.user)["dave"] is False
