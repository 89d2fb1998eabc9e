"""Slow clients (slowloris) for the smoke test: COUNT connections that trickle a request to nginx, half of them its
headers (a header line every INTERVAL seconds, never the blank line that ends them), half a POST body (a byte every
INTERVAL seconds of the 100000 announced), for SECONDS, then close.

    python deploy/slow_clients.py PORT [--tls] [--count 8] [--seconds 8] [--interval 0.5] [--host-header localhost]

Loopback only (127.0.0.1), at most 64 connections for at most 60 s. Prints one line, e.g. "8 slow clients held open
for 8 s (4 trickling headers, 4 a body)"; exits 1 when a connection could not be opened or was dropped early (then
nothing was being held and the smoke test's /ping check would prove nothing).
"""

import argparse
import socket
import ssl
import sys
import threading
import time

HOST = "127.0.0.1"
MAX_COUNT = 64
MAX_SECONDS = 60.0


def connect(port: int, tls: bool, host_header: str) -> socket.socket:
    raw = socket.create_connection((HOST, port), timeout=5)
    if not tls:
        return raw
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the smoke test's throwaway certificate
    return context.wrap_socket(raw, server_hostname=host_header)


def trickle(args: argparse.Namespace, body: bool, outcome: list[str], index: int) -> None:
    deadline = time.monotonic() + args.seconds
    try:
        sock = connect(args.port, args.tls, args.host_header)
    except OSError as error:
        outcome[index] = f"not opened: {error}"
        return
    with sock:
        try:
            if body:
                # The API's token endpoint parses its JSON body before anything else: a worker handed this request
                # would wait for the whole body.
                sock.sendall(
                    f"POST /api/v1/auth/token/ HTTP/1.1\r\nHost: {args.host_header}:{args.port}\r\n"
                    "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n".encode()
                )
                drip = b" "
            else:
                sock.sendall(f"GET /accounts/login/ HTTP/1.1\r\nHost: {args.host_header}:{args.port}\r\n".encode())
                drip = b"X-Slow: 1\r\n"
            while time.monotonic() < deadline:
                time.sleep(args.interval)
                sock.sendall(drip)
        except OSError as error:
            outcome[index] = f"dropped after {args.seconds - (deadline - time.monotonic()):.1f} s: {error}"
            return
    outcome[index] = "held"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--count", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--host-header", default="localhost")
    args = parser.parse_args()
    if not 1 <= args.count <= MAX_COUNT or not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--count is 1 to {MAX_COUNT}, --seconds at most {MAX_SECONDS:.0f}")

    outcome = [""] * args.count
    threads = [
        threading.Thread(target=trickle, args=(args, index % 2 == 1, outcome, index), daemon=True)
        for index in range(args.count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.seconds + 10)
    problems = [result for result in outcome if result != "held"]
    if problems:
        print(f"{len(problems)} of {args.count} slow clients were not held: {problems[0]}")
        return 1
    bodies = args.count // 2
    print(
        f"{args.count} slow clients held open for {args.seconds:g} s "
        f"({args.count - bodies} trickling headers, {bodies} a body)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
