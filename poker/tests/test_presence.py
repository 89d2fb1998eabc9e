import time_machine
from django.utils import timezone

from poker import presence
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
