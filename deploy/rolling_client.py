"""The client of the rolling-deploy test (deploy/rolling-smoke.sh): traffic through nginx while the replicas behind it
are replaced one at a time.

    python deploy/rolling_client.py BASE --host HOST --slug SLUG --session KEY --token TOKEN --control DIR

- HTTP: `--workers` threads send requests in a loop, each on a new connection (so no request is lost to a client's
  own keep-alive race): the board's backlog page with a logged-in session, the items API with a token, and every
  fourth request a POST adding an item through the API. Any answer outside 2xx/3xx, or no answer, is a failure.
- WebSockets: `--sockets` sockets on /ws/board/SLUG/ as the board's member. A socket its ws replica closes (1012 when
  that one stops) reconnects through nginx, after a short backoff as the page's live.js does.

Control through files in DIR: the client writes `ready` once every socket is open and requests succeed; the test
writes `rolled` when the deploy is done. Then the client waits until every socket is open again after having been
closed, adds one more item (the event published after the roll) and waits until every socket has heard its
`item.created`. It prints a summary (JSON on the last line) and exits 0 only when no request failed and every socket
reconnected and heard the event. Every wait is bounded (--timeout).
"""

import argparse
import asyncio
import http.client
import itertools
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Http:
    sent: int = 0
    failed: int = 0
    posts: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, what: str, status: int | None, detail: str = "") -> None:
        ok = status is not None and 200 <= status < 400
        with self.lock:
            self.sent += 1
            self.posts += what.startswith("POST")
            key = str(status) if status is not None else "no answer"
            self.by_status[key] = self.by_status.get(key, 0) + 1
            if not ok:
                self.failed += 1
                self.failures.append(f"{time.strftime('%H:%M:%S')} {what}: {key} {detail}"[:300])


@dataclass
class Socket:
    opens: int = 0
    closes: int = 0
    open_now: bool = False
    closed_codes: list[int | None] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    items_heard: set[int] = field(default_factory=set)


class Client:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        split = urlsplit(args.base)
        self.address = (split.hostname or "127.0.0.1", split.port or 80)
        self.http = Http()
        self.sockets = [Socket() for _ in range(args.sockets)]
        self.stop = threading.Event()
        self.control = Path(args.control)

    # --- HTTP -------------------------------------------------------------------------------------------------
    def request(self, method: str, path: str, body: dict | None = None, auth: str = "session") -> dict | None:
        headers = {"Host": self.args.host, "Connection": "close", "User-Agent": "rolling-client"}
        if auth == "session":
            headers["Cookie"] = f"sessionid={self.args.session}"
        else:
            headers["Authorization"] = f"Token {self.args.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        connection = http.client.HTTPConnection(*self.address, timeout=30)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.http.record(f"{method} {path}", None, f"{type(exc).__name__}: {exc}")
            return None
        finally:
            connection.close()
        self.http.record(f"{method} {path}", response.status, payload[:120].decode(errors="replace"))
        if method == "POST" and response.status == 201:
            return json.loads(payload)
        return {}

    def http_loop(self, number: int) -> None:
        slug = self.args.slug
        plan = itertools.cycle(
            [
                ("GET", f"/b/{slug}/", None, "session"),
                ("GET", f"/api/v1/boards/{slug}/items/", None, "token"),
                ("GET", f"/b/{slug}/", None, "session"),
                ("POST", f"/api/v1/boards/{slug}/items/", "body", "token"),
            ]
        )
        counter = itertools.count()
        while not self.stop.is_set():
            method, path, body, auth = next(plan)
            payload = {"title": f"rolling {number}-{next(counter)}"} if body else None
            self.request(method, path, payload, auth)
            self.stop.wait(self.args.interval)  # pacing: the loop shares two CPUs with the replicas

    # --- WebSockets -------------------------------------------------------------------------------------------
    async def socket_loop(self, socket: Socket) -> None:
        from websockets.asyncio.client import connect
        from websockets.exceptions import ConnectionClosed, InvalidStatus

        # The URL names the site (Host, Origin); the connection goes to nginx's loopback address.
        url = f"ws://{self.args.host}/ws/board/{self.args.slug}/"
        origin = f"http://{self.args.host}"
        headers = {"Cookie": f"sessionid={self.args.session}"}
        host, port = self.address
        while not self.stop.is_set():
            try:
                async with connect(
                    url, origin=origin, additional_headers=headers, open_timeout=10, host=host, port=port
                ) as ws:
                    socket.opens += 1
                    socket.open_now = True
                    try:
                        async for raw in ws:
                            message = json.loads(raw)
                            if message.get("event") == "item.created":
                                socket.items_heard.update(message.get("items", []))
                    except ConnectionClosed as closed:
                        socket.closed_codes.append(closed.rcvd.code if closed.rcvd else None)
                    socket.open_now = False
                    socket.closes += 1
            except (OSError, InvalidStatus, TimeoutError) as exc:
                socket.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            if not self.stop.is_set():
                await asyncio.sleep(0.25)  # the reconnect backoff (live.js starts at 0.5 s)

    # --- the run ----------------------------------------------------------------------------------------------
    async def wait_until(self, what: str, condition, timeout: float) -> None:  # noqa: ANN001
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
            await asyncio.sleep(0.1)

    async def run(self) -> dict:
        tasks = [asyncio.create_task(self.socket_loop(socket)) for socket in self.sockets]
        threads = [threading.Thread(target=self.http_loop, args=(n,), daemon=True) for n in range(self.args.workers)]
        for thread in threads:
            thread.start()
        outcome = "ok"
        heard_after: list[bool] = []
        try:
            await self.wait_until(
                "every socket open and requests answered",
                lambda: all(s.open_now for s in self.sockets) and self.http.sent - self.http.failed >= 10,
                60,
            )
            (self.control / "ready").write_text("")
            rolled = self.control / "rolled"
            await self.wait_until("the deploy (the `rolled` file)", rolled.exists, self.args.timeout)
            await self.wait_until(
                "every socket reconnected",
                lambda: all(s.open_now and s.closes >= 1 for s in self.sockets),
                30,
            )
            created = await asyncio.to_thread(
                self.request, "POST", f"/api/v1/boards/{self.args.slug}/items/", {"title": "after the roll"}, "token"
            )
            item = (created or {}).get("id")
            if item is None:
                raise RuntimeError("the write after the roll failed")
            await self.wait_until(
                f"item.created for item {item} on every socket",
                lambda: all(item in s.items_heard for s in self.sockets),
                20,
            )
            heard_after = [item in s.items_heard for s in self.sockets]
        except (TimeoutError, RuntimeError) as exc:
            outcome = str(exc)
        finally:
            self.stop.set()
            for thread in threads:
                thread.join(timeout=40)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        return {
            "outcome": outcome,
            "requests": self.http.sent,
            "posts": self.http.posts,
            "failed": self.http.failed,
            "by_status": self.http.by_status,
            "failures": self.http.failures[:20],
            "sockets": len(self.sockets),
            "sockets_closed": sum(s.closes >= 1 for s in self.sockets),
            "sockets_reconnected": sum(s.opens >= 2 for s in self.sockets),
            "close_codes": sorted({code for s in self.sockets for code in s.closed_codes if code is not None}),
            "reconnect_attempts_refused": sum(len(s.errors) for s in self.sockets),
            "sockets_heard_event_after_roll": sum(heard_after),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="nginx, e.g. http://127.0.0.1:8240")
    parser.add_argument("--host", required=True, help="the Host header (one of ALLOWED_HOSTS), e.g. localhost:8240")
    parser.add_argument("--slug", required=True)
    parser.add_argument("--session", required=True, help="a board member's session key")
    parser.add_argument("--token", required=True, help="the same member's API token")
    parser.add_argument("--control", required=True, help="the folder of the ready/rolled files")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sockets", type=int, default=6)
    parser.add_argument("--interval", type=float, default=0.02, help="pause between one worker's requests (s)")
    parser.add_argument("--timeout", type=float, default=600, help="how long the deploy may take (s)")
    args = parser.parse_args()
    summary = asyncio.run(Client(args).run())
    ok = (
        summary["outcome"] == "ok"
        and summary["failed"] == 0
        and summary["sockets_reconnected"] == summary["sockets"]
        and summary["sockets_heard_event_after_roll"] == summary["sockets"]
    )
    for failure in summary["failures"]:
        print(f"  failed: {failure}")
    print(
        f"{summary['requests']} requests through nginx ({summary['posts']} POSTs), {summary['failed']} failed; "
        f"{summary['sockets_reconnected']}/{summary['sockets']} WebSockets closed by their replica and reconnected "
        f"(close codes {summary['close_codes']}), {summary['sockets_heard_event_after_roll']} heard the event "
        f"published after the roll; {summary['outcome']}"
    )
    print(json.dumps(summary))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
