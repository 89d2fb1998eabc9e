"""A board's live events: every page of the board follows "board:<slug>" (live, docs/live.md).

Here, not in live: live carries topic names and ids and knows no app's models (docs/architecture.md).
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from boards.models import Board, Membership
from live.bus import publish, send_now


def publish_board(board: Board | int, event: str, **data: Any) -> None:
    """Send `event` to everyone on the board's pages once the transaction commits: for a Board at once by its slug,
    for a board id with the slug looked up only once committed, so the service's own queries stay as they were."""
    slug = getattr(board, "slug", None)
    if slug:
        publish(f"board:{slug}", event, **data)
        return

    def send() -> None:
        found = Board.objects.filter(pk=board).values_list("slug", flat=True).first()
        if found:
            topic = f"board:{found}"
            send_now(topic, {**data, "type": "live.event", "topic": topic, "event": event})

    transaction.on_commit(send)


def may_follow_board(user: AbstractBaseUser | AnonymousUser, slug: str) -> bool:
    """Only the board's members hear its events (live.topics asks this for "board:<slug>")."""
    return Membership.objects.filter(board__slug=slug, user=user).exists()
