"""Sending small "something changed" events to the pages that show it.

Services call `publish(topic, event, **data)` inside their transaction. The event leaves only once the transaction
commits (a rolled-back change announces nothing), and a broken channel layer (Redis down) is logged, never raised:
the pages then keep themselves current by polling.

Events name what changed, never a hidden value: {"event": "poker.voted", "session": 3, "user": "ann"}, not the card.
"""

import asyncio
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from live.topics import group_name

logger = logging.getLogger(__name__)

# A publish waits at most this long for the channel layer; a hung Redis must not hold a request.
SEND_TIMEOUT_SECONDS = 2.0


def publish(topic: str, event: str, **data: Any) -> None:
    """Queue `event` for everyone following `topic`, sent after the current transaction commits."""
    message = {**data, "type": "live.event", "topic": topic, "event": event}
    transaction.on_commit(lambda: send_now(topic, message))


def publish_board(board: Any, event: str, **data: Any) -> None:
    """`publish` to "board:<slug>" for a Board, or a board id whose slug is looked up only once committed.

    The lookup happens in the on_commit callback so the service's own queries stay as they were.
    """
    slug = getattr(board, "slug", None)
    if slug:
        publish(f"board:{slug}", event, **data)
        return

    def send() -> None:
        from boards.models import Board

        found = Board.objects.filter(pk=board).values_list("slug", flat=True).first()
        if found:
            topic = f"board:{found}"
            send_now(topic, {**data, "type": "live.event", "topic": topic, "event": event})

    transaction.on_commit(send)


def send_now(topic: str, message: dict[str, Any]) -> bool:
    """Send at once (the on_commit half of publish). Returns False when the layer could not be reached."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(_send)(layer, group_name(topic), message)
    except Exception:  # any layer failure: Redis refused, timed out, over capacity
        logger.warning("live: could not publish %s on %s; pages fall back to polling", message["event"], topic)
        return False
    return True


async def _send(layer: Any, group: str, message: dict[str, Any]) -> None:
    await asyncio.wait_for(layer.group_send(group, message), timeout=SEND_TIMEOUT_SECONDS)
