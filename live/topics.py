"""Who may subscribe to which topic.

A topic is "<kind>:<key>", e.g. "board:apollo" or "poker:12". Each kind registers a check that answers "may this
user follow this key?" (a board member may follow their board and its ceremonies; nobody else may), and may register
presence hooks that run when a socket joins or leaves, and on each of its heartbeats (so that presence can expire
when a process dies with its sockets and never runs their leave hook). Later ceremonies (stand-ups, retros) register
their own kind from their AppConfig.ready().
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

AnyUser = AbstractBaseUser | AnonymousUser
Check = Callable[[AnyUser, str], bool]
Presence = Callable[[AnyUser, str], None]

# Channels group names allow ASCII letters, digits, hyphens, underscores and periods (under 100 characters).
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,60}$")


@dataclass(frozen=True)
class TopicKind:
    check: Check
    on_join: Presence | None = None
    on_leave: Presence | None = None
    on_beat: Presence | None = None


_kinds: dict[str, TopicKind] = {}


def register(
    kind: str,
    check: Check,
    *,
    on_join: Presence | None = None,
    on_leave: Presence | None = None,
    on_beat: Presence | None = None,
) -> None:
    _kinds[kind] = TopicKind(check=check, on_join=on_join, on_leave=on_leave, on_beat=on_beat)


def kind_of(topic: str) -> TopicKind | None:
    kind, _, key = topic.partition(":")
    if not _KEY.match(key):
        return None
    return _kinds.get(kind)


def group_name(topic: str) -> str:
    """The Channels group of a topic: "board:apollo" → "live.board.apollo"."""
    kind, _, key = topic.partition(":")
    return f"live.{kind}.{key}"


def may_follow(user: AnyUser, topic: str) -> bool:
    kind = kind_of(topic)
    if kind is None or not user.is_authenticated:
        return False
    return kind.check(user, topic.partition(":")[2])
