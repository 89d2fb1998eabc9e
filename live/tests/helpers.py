"""Connecting a test WebSocket through the real ASGI stack (origin check, session cookie, router)."""

import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.test import Client

from scrum_app.asgi import application

REDIS_TEST_URL = "redis://127.0.0.1:6379/1"


def socket_for(user, path: str) -> WebsocketCommunicator:
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, path, headers=headers)


BACKENDS = {
    "core": "channels_redis.core.RedisChannelLayer",
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
}


def redis_layers(url: str = REDIS_TEST_URL, kind: str = "pubsub") -> dict:
    return {"default": {"BACKEND": BACKENDS[kind], "CONFIG": {"hosts": [url]}}}


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(scenario) -> object:
    """Run an async test scenario in its own thread: the Playwright tests leave an event loop in the main one."""

    def in_thread() -> object:
        try:
            return async_to_sync(scenario)()
        finally:
            connections.close_all()  # this thread's database connections would outlive the test database

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(in_thread).result()


def hears_nothing(user, path: str, change) -> None:
    """Follow `path` as `user`, run `change` (a refused write), and assert that nothing was announced."""
    from channels.db import database_sync_to_async

    ws = socket_for(user, path)

    async def scenario():
        assert (await ws.connect())[0]
        await database_sync_to_async(change)()
        assert await ws.receive_nothing(timeout=0.3)
        await ws.disconnect()

    run(scenario)


class BreakingLayer(InMemoryChannelLayer):
    """An in-memory channel layer that fails under its open sockets once `breaking` is set, as Redis going away
    while a consumer waits for its next message does."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.breaking = asyncio.Event()

    async def receive(self, channel: str) -> dict:
        receiving = asyncio.ensure_future(super().receive(channel))
        broken = asyncio.ensure_future(self.breaking.wait())
        await asyncio.wait({receiving, broken}, return_when=asyncio.FIRST_COMPLETED)
        if receiving.done():
            broken.cancel()
            return receiving.result()
        receiving.cancel()
        raise ConnectionResetError("the channel layer went away")
