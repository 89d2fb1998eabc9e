"""Sending small "something changed" events to the pages that show it.

Services call `publish(topic, event, **data)` inside their transaction. The event leaves only once the transaction
commits (a rolled-back change announces nothing), and a broken channel layer (Redis down) is logged, never raised:
the pages then keep themselves current by polling.

Events name what changed, never a hidden value: {"event": "poker.voted", "session": 3, "user": "ann"}, not the card.

An event the layer could not take is lost, and the pages of its topic would never know: the process remembers the
topic and, once the layer takes messages again, sends it {"event": "live.resync"}, on which a page re-fetches
everything it shows. (Pages also learn of an outage from their socket's heartbeat, see live.consumers.)
"""

import asyncio
import logging
import threading
import time
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from live.topics import group_name
from ops.metrics import LIVE_EVENTS

logger = logging.getLogger(__name__)

# A publish waits at most this long for the channel layer; a hung Redis must not hold a request.
SEND_TIMEOUT_SECONDS = 2.0
# While events are being lost, try the layer this often, for this long, to send the topics their resync.
RESYNC_RETRY_SECONDS = 2.0
RESYNC_GIVE_UP_SECONDS = 600.0

RESYNC = "live.resync"
_lost_topics: set[str] = set()
_lost_lock = threading.Lock()
_resyncer: threading.Thread | None = None


def publish(topic: str, event: str, **data: Any) -> None:
    """Queue `event` for everyone following `topic`, sent after the current transaction commits."""
    message = {**data, "type": "live.event", "topic": topic, "event": event}
    transaction.on_commit(lambda: send_now(topic, message))


def send_now(topic: str, message: dict[str, Any]) -> bool:
    """Send at once (the on_commit half of publish). Returns False when the layer could not be reached."""
    try:
        delivered = _deliver(topic, message)
        if delivered:
            LIVE_EVENTS.labels(topic.split(":", 1)[0]).inc()
    except Exception as exc:  # any layer failure: Redis refused, timed out, over capacity
        logger.warning(
            "live: could not publish %s on %s (%r); pages fall back to polling", message["event"], topic, exc
        )
        _remember_lost(topic)
        return False
    return delivered


def _deliver(topic: str, message: dict[str, Any]) -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    async_to_sync(_send)(layer, group_name(topic), message)
    return True


async def _send(layer: Any, group: str, message: dict[str, Any]) -> None:
    await asyncio.wait_for(layer.group_send(group, message), timeout=SEND_TIMEOUT_SECONDS)


def _remember_lost(topic: str) -> None:
    global _resyncer
    with _lost_lock:
        _lost_topics.add(topic)
        if _resyncer is None:
            _resyncer = threading.Thread(target=_resync_when_back, name="live-resync", daemon=True)
            _resyncer.start()


def _resync_when_back() -> None:
    """Tell every topic that lost an event to re-fetch, as soon as the layer takes messages again."""
    global _resyncer
    deadline = time.monotonic() + RESYNC_GIVE_UP_SECONDS
    while time.monotonic() < deadline:
        time.sleep(RESYNC_RETRY_SECONDS)
        with _lost_lock:
            topics = sorted(_lost_topics)
            if not topics:
                _resyncer = None  # under the lock: a topic lost from now on starts a new thread
                return
        for topic in topics:
            try:
                _deliver(topic, {"type": "live.event", "topic": topic, "event": RESYNC})
            except Exception:  # still down: try again later
                break
            with _lost_lock:
                _lost_topics.discard(topic)
            logger.info("live: channel layer back; %s told to re-fetch", topic)
    with _lost_lock:
        logger.warning("live: channel layer still down; pages of %d topics rely on polling", len(_lost_topics))
        _lost_topics.clear()
        _resyncer = None


def forget_lost_topics() -> None:
    """Drop the topics waiting for a resync and wait for the resync thread to end (tests: one test's lost events
    must not reach the pages of the next)."""
    with _lost_lock:
        _lost_topics.clear()
        thread = _resyncer
    if thread is not None:
        thread.join(timeout=RESYNC_RETRY_SECONDS * 3)
