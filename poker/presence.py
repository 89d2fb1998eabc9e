"""Who is in the room. A socket connect/disconnect counts connections; the socket's heartbeats and a polling page's
fetches refresh last_seen.

A member is present while they were seen within PRESENT_FOR: an open socket is seen at every heartbeat, a polling
page at every fetch. The count of connections only makes a member leave at once when their last socket closes; it
does not keep anyone present, since a process that dies (a ws replica killed) takes its sockets with it and never
runs their leave hook: its count stays up, but its heartbeats stop. Each heartbeat also sweeps the room: members
seen longer ago than PRESENT_FOR are set away, and the room is told. A dropped voter keeps their vote.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

import live
from boards.models import Membership
from poker.models import Participant, PokerSession

# Three heartbeats: one late or lost beat does not make anyone flicker away.
PRESENT_FOR = timedelta(seconds=max(15.0, 3 * settings.LIVE_HEARTBEAT_SECONDS))
# A page that polls refreshes last_seen at most this often (one UPDATE per fetch would be wasteful).
SEEN_EVERY = timedelta(seconds=5)


def may_follow(user: AbstractBaseUser | AnonymousUser, key: str) -> bool:
    if not key.isdigit():
        return False
    board_id = PokerSession.objects.filter(pk=int(key)).values_list("board_id", flat=True).first()
    return board_id is not None and Membership.objects.filter(board_id=board_id, user=user).exists()


def _ensure(session_id: int, user: AbstractBaseUser) -> None:
    if Participant.objects.filter(session_id=session_id, user=user).exists():
        return
    try:
        with transaction.atomic():
            Participant.objects.create(session_id=session_id, user=user)
    except IntegrityError:  # the user's other tab created it a moment ago
        pass


def joined(user: AbstractBaseUser, key: str) -> None:
    session_id = int(key)
    with transaction.atomic():
        _ensure(session_id, user)
        Participant.objects.filter(session_id=session_id, user=user).update(
            connections=F("connections") + 1, last_seen=timezone.now()
        )
        live.publish(f"poker:{session_id}", "poker.presence", session=session_id, user=user.get_username())


def left(user: AbstractBaseUser, key: str) -> None:
    session_id = int(key)
    with transaction.atomic():
        Participant.objects.filter(session_id=session_id, user=user, connections__gt=0).update(
            connections=F("connections") - 1
        )
        # Gone at once (not after PRESENT_FOR) when this was their last socket.
        Participant.objects.filter(session_id=session_id, user=user, connections=0).update(last_seen=None)
        live.publish(f"poker:{session_id}", "poker.presence", session=session_id, user=user.get_username())


def beat(user: AbstractBaseUser, key: str) -> None:
    """A heartbeat of `user`'s open socket in session `key`: they are still here. Then the sweep: anyone of the room
    not seen within PRESENT_FOR (their process died, or their polling page closed) is set away, and the room told."""
    session_id = int(key)
    now = timezone.now()
    # Only while a socket of theirs counts as open: a beat that lands after their last socket's leave hook (the
    # heartbeat's thread may finish after the socket closed) must not bring them back.
    Participant.objects.filter(session_id=session_id, user=user, connections__gt=0).update(last_seen=now)
    stale = Participant.objects.filter(session_id=session_id, last_seen__lt=now - PRESENT_FOR)
    gone = list(stale.values_list("user__username", flat=True))
    # The same condition in the UPDATE: two sockets sweeping at once set each member away (and tell) only once.
    if gone and stale.update(connections=0, last_seen=None):
        for username in gone:
            live.publish(f"poker:{session_id}", "poker.presence", session=session_id, user=username)


def seen(session: PokerSession, user: AbstractBaseUser) -> None:
    """A page fetch by `user`: keeps a polling member present."""
    now = timezone.now()
    updated = Participant.objects.filter(
        Q(last_seen__isnull=True) | Q(last_seen__lt=now - SEEN_EVERY), session=session, user=user
    ).update(last_seen=now)
    if not updated and not Participant.objects.filter(session=session, user=user).exists():
        try:
            with transaction.atomic():
                Participant.objects.create(session=session, user=user, last_seen=now)
        except IntegrityError:
            pass


def is_present(participant: Participant | None, now: object = None) -> bool:
    if participant is None:
        return False
    now = now or timezone.now()
    return participant.last_seen is not None and participant.last_seen >= now - PRESENT_FOR
