"""The one WebSocket consumer: a page follows one topic and hears its events.

Heartbeats: every LIVE_HEARTBEAT_SECONDS the consumer sends a message to itself through the channel layer. When it
comes back, the page hears {"event": "live.heartbeat", "every": seconds}, so a page that hears nothing for a few
beats knows its socket is dead. When it does not come back (Redis down), the events of the outage are being lost:
the page is told {"event": "live.down"} and polls, and once a heartbeat gets through again {"event": "live.resync"}
has it re-fetch everything it shows and stop polling.
"""

import asyncio
import contextlib
import logging
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from redis.exceptions import RedisError

from live import topics
from ops.metrics import WEBSOCKETS

logger = logging.getLogger(__name__)

# Close codes in the application range: the client stops retrying on REFUSED (it would be refused again).
REFUSED = 4403
UNAVAILABLE = 1011
# The longest frame a page sends ({"type": "ping"}), with room to spare; too short to nest past the stack.
MAX_FRAME = 100


# A heartbeat not back after this many intervals (and a second more, for a busy machine) counts as lost.
LOST_AFTER_BEATS = 2.5
# A heartbeat the layer has not taken within this long failed (a hung Redis must not stall the beat).
SEND_TIMEOUT_SECONDS = 2.0


class TopicConsumer(AsyncJsonWebsocketConsumer):
    topic: str = ""
    joined: bool = False
    layer_ok: bool = True
    last_heartbeat: float = 0.0
    heartbeat_task: asyncio.Task | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        except (OSError, RedisError) as error:
            # The channel layer failed (Redis down, or gone under an open socket), or the page went away while we
            # sent to it (uvicorn's ClientDisconnected is an OSError). An open socket leaves its topic as a closing
            # one does: else the member's seat outlived the page (poker presence), and the open-socket gauge drifted.
            # Then close it the way a server error would, so a page still there polls and reconnects with backoff.
            logger.warning("live: socket for %s ended by %r", self.topic or "a topic", error)
            await self.disconnect(UNAVAILABLE)
            with contextlib.suppress(OSError):  # a page that went away has nothing left to close
                await send({"type": "websocket.close", "code": UNAVAILABLE})

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        self.topic = f"{kwargs['kind']}:{kwargs['key']}"
        user = self.scope.get("user")
        if user is None or not await database_sync_to_async(topics.may_follow)(user, self.topic):
            await self.close(code=REFUSED)
            return
        try:
            await self.channel_layer.group_add(topics.group_name(self.topic), self.channel_name)
        except Exception:  # Redis down: refuse for now; the page polls and retries with backoff
            logger.warning("live: channel layer unreachable, %s cannot be followed", self.topic)
            await self.close(code=UNAVAILABLE)
            return
        await self.accept()
        self.joined = True
        WEBSOCKETS.inc()
        self.last_heartbeat = time.monotonic()
        self.heartbeat_task = asyncio.ensure_future(self._heartbeats(settings.LIVE_HEARTBEAT_SECONDS))
        await self._presence("on_join")

    async def disconnect(self, code: int) -> None:
        if not self.joined:
            return
        self.joined = False  # once, whether the socket closed or its channel layer failed under it
        WEBSOCKETS.dec()
        if self.heartbeat_task is not None:
            self.heartbeat_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.heartbeat_task
        try:
            await self.channel_layer.group_discard(topics.group_name(self.topic), self.channel_name)
        except Exception:  # Redis gone: the group entry expires by itself
            logger.warning("live: could not leave %s", self.topic)
        await self._presence("on_leave")

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any) -> None:
        # Pages send only a short ping. Any other frame (binary, not JSON, or nested deep enough to overflow the
        # decoder's stack) is ignored, never parsed: it used to end the socket with an error.
        if not text_data or len(text_data) > MAX_FRAME:
            return
        try:
            content = await self.decode_json(text_data)
        except ValueError:
            return
        await self.receive_json(content, **kwargs)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # Pages only listen; writes go through the normal views. A ping keeps proxies from closing idle sockets.
        if content == {"type": "ping"}:
            await self.send_json({"event": "pong"})

    async def live_event(self, message: dict[str, Any]) -> None:
        await self.send_json({key: value for key, value in message.items() if key != "type"})

    async def live_heartbeat(self, message: dict[str, Any]) -> None:
        """Our own heartbeat, back through the channel layer: the layer carries events (again)."""
        self.last_heartbeat = time.monotonic()
        if self.layer_ok:
            await self.send_json({"event": "live.heartbeat", "every": message["every"]})
            return
        self.layer_ok = True
        logger.info("live: channel layer back for %s; the page re-fetches", self.topic)
        await self.send_json({"event": "live.resync"})

    async def _heartbeats(self, every: float) -> None:
        try:
            while True:
                await asyncio.sleep(every)
                await self._beat(every)
                await self._presence_beat()
        except asyncio.CancelledError:
            raise
        except Exception:  # the socket went away under us; disconnect() follows
            logger.debug("live: heartbeat of %s stopped", self.topic, exc_info=True)

    async def _beat(self, every: float) -> None:
        try:
            await asyncio.wait_for(
                self.channel_layer.send(self.channel_name, {"type": "live.heartbeat", "every": every}),
                timeout=SEND_TIMEOUT_SECONDS,
            )
            lost = time.monotonic() - self.last_heartbeat > LOST_AFTER_BEATS * every + 1
        except Exception:  # any layer failure: refused, timed out, over capacity
            lost = True
        if not lost:
            return
        if self.layer_ok:
            self.layer_ok = False
            logger.warning("live: channel layer lost for %s; the page polls until it is back", self.topic)
            await self.send_json({"event": "live.down"})
        else:  # the socket itself is fine: keep the page's silence watch quiet while it polls
            await self.send_json({"event": "live.heartbeat", "every": every, "layer": "down"})

    async def _presence_beat(self) -> None:
        """The topic's on_beat hook: the socket is still open, so its user is still there. A failure (the database
        away for a moment) is logged and the heartbeats go on."""
        try:
            await self._presence("on_beat")
        except Exception:
            logger.warning("live: presence beat of %s failed", self.topic, exc_info=True)

    async def _presence(self, hook_name: str) -> None:
        kind = topics.kind_of(self.topic)
        hook = getattr(kind, hook_name, None) if kind else None
        if hook is not None:
            await database_sync_to_async(hook)(self.scope["user"], self.topic.partition(":")[2])
