"""The smoke test's WebSocket check, through nginx: a board member's socket on /ws/board/<slug>/ is upgraded and
answers a ping; an anonymous one is refused. Run by deploy/smoke.sh with the smoke test's production environment.

Exit 0 with one line when it passed, 1 with the reason when it failed, 2 ("skip: …") while the live layer
(`live.routing`) is not in this checkout yet.
"""

import asyncio
import importlib.util
import json
import os
import ssl
import sys
from urllib.parse import urlsplit


def make_member_session() -> tuple[str, str]:
    """A user on a fresh board and a saved session for them: (slug, session key). Written with the ORM, as the
    login view would, so no password round trip is needed."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from boards.models import Board, Membership, Role

    user, _ = get_user_model().objects.get_or_create(username="smoke-member")
    board, _ = Board.objects.get_or_create(slug="smoke", defaults={"name": "Smoke"})
    Membership.objects.get_or_create(board=board, user=user, defaults={"role": Role.DEVELOPER})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return board.slug, session.session_key


async def check(base: str, slug: str, session_key: str) -> str:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    url = f"wss://{urlsplit(base).netloc}/ws/board/{slug}/"
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the smoke test's self-signed certificate
    headers = {"Cookie": f"sessionid={session_key}"}
    async with connect(url, ssl=context, origin=base, additional_headers=headers, open_timeout=10) as socket:
        await socket.send(json.dumps({"type": "ping"}))
        reply = json.loads(await asyncio.wait_for(socket.recv(), timeout=10))
        if reply != {"event": "pong"}:
            raise SystemExit(f"the socket answered {reply!r} to a ping")
    try:
        async with connect(url, ssl=context, origin=base, open_timeout=10) as anonymous:
            await asyncio.wait_for(anonymous.recv(), timeout=10)
        raise SystemExit("an anonymous socket was accepted")
    except ConnectionClosed as closed:
        refused = closed.rcvd.code if closed.rcvd else None
    except Exception as exc:  # refused during the handshake: also fine
        refused = type(exc).__name__
    return f"WebSocket upgrade accepted on {url} for a member (ping → pong); anonymous refused ({refused})"


def main() -> int:
    sys.path.insert(0, os.getcwd())  # the checkout, not deploy/
    if importlib.util.find_spec("live") is None or importlib.util.find_spec("live.routing") is None:
        print("skip: the live layer (live.routing) is not in this checkout yet: WebSocket check not run")
        return 2
    slug, session_key = make_member_session()
    try:
        print(asyncio.run(check(sys.argv[1], slug, session_key)))
    except SystemExit as failure:
        print(failure)
        return 1
    except Exception as exc:
        print(f"{type(exc).__name__}: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
