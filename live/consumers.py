"""The one WebSocket consumer: a page follows one topic and hears its events."""

import logging
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from redis.exceptions import RedisError

from live import topics

logger = logging.getLogger(__name__)

# Close codes in the application range: the client stops retrying on REFUSED (it would be refused again).
REFUSED = 4403
UNAVAILABLE = 1011
# The longest frame a page sends ({"type": "ping"}), with room to spare; too short to nest past the stack.
MAX_FRAME = 100


class TopicConsumer(AsyncJsonWebsocketConsumer):
    topic: str = ""
    joined: bool = False

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        except (OSError, RedisError) as error:
            # The channel layer is unreachable (Redis down) before the socket could even be set up: refuse it the way
            # a server error would, so the page polls and retries with backoff.
            logger.warning("live: channel layer unreachable (%s); socket refused", error)
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
        await self._presence("on_join")

    async def disconnect(self, code: int) -> None:
        if not self.joined:
            return
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

    async def _presence(self, hook_name: str) -> None:
        kind = topics.kind_of(self.topic)
        hook = getattr(kind, hook_name, None) if kind else None
        if hook is not None:
            await database_sync_to_async(hook)(self.scope["user"], self.topic.partition(":")[2])
