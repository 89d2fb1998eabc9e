"""Live-update latency: time from a vote's POST to its event at another connected client.

Starts the ASGI app under uvicorn on loopback (several worker processes sharing one Redis channel layer), connects
N WebSocket clients to one poker session, then casts votes one after another through the API and measures, for
each, the time until the "poker.voted" event naming that voter reaches a *different* client.

    .venv/bin/python bench/live_bench.py [--clients 20] [--votes 200] [--workers 2] [--layer core|pubsub]

Environment: REDIS_URL (default redis://127.0.0.1:6379/3), BENCH_PORT (default 8302), DATABASE_URL (default a
throwaway SQLite file). Only loopback is used.
"""

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import common


def configure(args: argparse.Namespace, workdir: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scrum_app.settings",
        # Production settings (DEBUG off), minus HTTPS: the loopback benchmark speaks plain http.
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SECRET_KEY": "bench-only-" + "b" * 60,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"),
        "CHANNEL_LAYER": args.layer,
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    return env


def prepare(clients: int) -> tuple[str, int, list[tuple[str, str, str]]]:
    """Migrate; a board with `clients` members and a poker session. Returns slug, session id, (user, token, cookie)s."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from boards.models import Role
    from boards.services import board_create, item_create, membership_add
    from boards.tests.factories import UserFactory
    from poker.services import session_start

    call_command("migrate", verbosity=0)
    owner = UserFactory(username=f"bench-sm-{os.getpid()}")
    board = board_create(user=owner, name=f"Bench {os.getpid()}")
    from boards.selectors import membership_for

    sm = membership_for(user=owner, slug=board.slug)
    people = [owner]
    for n in range(clients - 1):
        user = UserFactory(username=f"bench-{os.getpid()}-{n}")
        membership_add(board=sm.board, user=user, role=Role.DEVELOPER)
        people.append(user)
    item_create(board=board, actor=owner, title="Benchmark story")
    session = session_start(acting=sm, auto_reveal=False)
    out = []
    for user in people:
        client = Client()
        client.force_login(user)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        out.append((user.username, Token.objects.create(user=user).key, cookie))
    return board.slug, session.pk, out


def server_command(port: int, workers: int) -> list[str]:
    return [
        str(Path(sys.executable)),
        "-m",
        "uvicorn",
        "scrum_app.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]


def post_vote(port: int, slug: str, session_id: int, token: str, card: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/boards/{slug}/poker/{session_id}/vote/",
        data=json.dumps({"card": card}).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


async def measure(
    port: int, slug: str, session_id: int, people: list[tuple[str, str, str]], votes: int
) -> tuple[list[float], list[float]]:
    """Event latencies and, for comparison, the vote POST's own response times (ms)."""
    import websockets

    url = f"ws://127.0.0.1:{port}/ws/poker/{session_id}/"
    sockets = []
    for _, _, cookie in people:
        sockets.append(
            await websockets.connect(url, additional_headers={"Cookie": cookie}, origin=f"http://127.0.0.1:{port}")
        )
    await asyncio.sleep(1.0)  # let the presence events of the connections settle
    for ws in sockets:  # drain them
        while True:
            try:
                await asyncio.wait_for(ws.recv(), timeout=0.05)
            except TimeoutError:
                break

    cards = ["1", "2", "3", "5", "8", "13"]
    latencies: list[float] = []
    responses: list[float] = []
    for n in range(votes):
        voter = n % len(people)
        watcher = sockets[(voter + 1) % len(people)]  # another client hears it
        username, token, _ = people[voter]
        started = time.perf_counter()
        posting = asyncio.create_task(
            asyncio.to_thread(post_vote, port, slug, session_id, token, cards[n % len(cards)])
        )
        while True:
            event = json.loads(await asyncio.wait_for(watcher.recv(), timeout=5))
            if event.get("event") == "poker.voted" and event.get("user") == username:
                break
        latencies.append((time.perf_counter() - started) * 1000)
        assert await posting == 200
        responses.append((time.perf_counter() - started) * 1000)
        # Other clients received the same event; drop it so their queues stay short.
        for ws in sockets:
            if ws is not watcher:
                while True:
                    try:
                        await asyncio.wait_for(ws.recv(), timeout=0)
                    except TimeoutError:
                        break
    for ws in sockets:
        await ws.close()
    return latencies, responses


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--votes", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--layer", choices=["core", "pubsub"], default="core")
    args = parser.parse_args()
    port = int(os.environ.get("BENCH_PORT", "8302"))
    with tempfile.TemporaryDirectory() as workdir:
        env = configure(args, workdir)
        slug, session_id, people = prepare(args.clients)
        with common.serving(server_command(port, args.workers), port=port, env=env):
            latencies, responses = asyncio.run(measure(port, slug, session_id, people, args.votes))
    print(
        json.dumps(
            {
                "clients": args.clients,
                "votes": len(latencies),
                "workers": args.workers,
                "layer": args.layer,
                "database": env["DATABASE_URL"].split(":", 1)[0],
                "p50_ms": round(statistics.median(latencies), 1),
                "p95_ms": round(percentile(latencies, 0.95), 1),
                "max_ms": round(max(latencies), 1),
                "post_response_p50_ms": round(statistics.median(responses), 1),
                "load_average_1m": round(os.getloadavg()[0], 1),
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
            }
        )
    )


if __name__ == "__main__":
    main()
