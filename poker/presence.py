"""Who is in the room. A socket connect/disconnect counts connections; a polling page's fetches refresh last_seen.

A member is present while a socket of theirs is open, or their page fetched within PRESENT_FOR; otherwise "away".
A dropped voter keeps their vote.
"""

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

import live
from boards.models import Membership
from poker.models import Participant, PokerSession

PRESENT_FOR = timedelta(seconds=15)
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
    return participant.connections > 0 or (
        participant.last_seen is not None and participant.last_seen >= now - PRESENT_FOR
    )
