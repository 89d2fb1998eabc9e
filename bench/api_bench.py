"""Issue 2 benchmark: the items endpoint and the board page against a trivial view, served by gunicorn on loopback.

    .venv/bin/python bench/api_bench.py            # defaults: 300 items, 5 runs of 10 s, 4 connections
    .venv/bin/python bench/api_bench.py --runs 3 --seconds 5

What it does, all on 127.0.0.1:
1. (Re)creates the PostgreSQL database `scrum_bench_api` (BENCH_DATABASE_URL overrides), migrates, collects static files
   and seeds a board of 300 items (plus a second board of 240 items for the move measurement).
2. Serves the app with gunicorn, 2 workers, DEBUG off, on 127.0.0.1:8101.
3. Runs Debian's `wrk` (4 connections) 5 times per URL: /ping, the items endpoint (page of 50 and of 30, with a
   token) and the board page (with a session cookie) when main has it; reports medians and the ratio to /ping, and
   the CPU time per request of the whole machine's share (gunicorn workers, PostgreSQL backends, wrk), which the
   neighbours on a shared machine disturb far less than the requests per second.
4. Measures in-process milliseconds, the CPU time of the app and of its PostgreSQL backend, and queries per request
   with Django's test client (the items endpoint also with its page cache emptied before every request), and the
   queries and rows written by one move in a backlog of 240.
5. Stops gunicorn (by its PID) and writes the numbers to bench/results/issue2.json and as Markdown on stdout.
"""

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import common
from common import HOST, ROOT, manage, recreate_database, seed_board, timed_get

PORT = 8101
BASE = f"http://{HOST}:{PORT}"
SLUG, MOVE_SLUG = "bench", "bench-move"
TRANSACTION_CONTROL = re.compile(r"^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b")
ENV = common.configure("postgres://postgres@127.0.0.1:5432/scrum_bench_api")


def seed() -> dict[str, str]:
    """A board of 300 items over every status, its members, a token and a session; and a board of 240."""
    import django

    django.setup()
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from boards import services

    _board, users = seed_board(slug=SLUG, items=300, password=secrets.token_urlsafe(16))
    move_board = services.board_create(user=users["q"], name="Bench move", slug=MOVE_SLUG)
    services.items_bulk_create(board=move_board, actor=users["q"], entries=[{"title": f"M{i}"} for i in range(240)])
    common.analyze()
    client = Client()
    client.force_login(users["p"])
    return {
        "token": Token.objects.create(user=users["p"]).key,
        "session": client.cookies["sessionid"].value,
    }


def wrk(path: str, headers: dict[str, str], seconds: int, connections: int) -> tuple[float, int]:
    """Requests per second and the number of requests answered."""
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, BASE + path], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{path} answered errors under load:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, int(re.search(r"(\d+) requests in", out).group(1))


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time so far of these processes (those gone meanwhile count as nothing)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def server_pids(server: subprocess.Popen) -> list[int]:
    """The gunicorn workers, and the PostgreSQL backends of the bench database (all on this machine)."""
    import psycopg

    workers = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    with psycopg.connect(ENV["DATABASE_URL"], autocommit=True) as conn:
        backends = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [int(pid) for pid in workers] + [pid for (pid,) in backends]


def measured_run(path: str, headers: dict[str, str], seconds: int, connections: int, pids: list[int]) -> dict:
    """One wrk run, with the CPU time per request of the workers, PostgreSQL and wrk itself: how much of the machine
    a request takes, whatever the neighbours do to the requests per second."""

    def wrk_seconds() -> float:  # wrk runs as this script's child
        times = os.times()
        return times.children_user + times.children_system

    before, wrk_before = cpu_seconds(pids), wrk_seconds()
    rps, requests = wrk(path, headers, seconds, connections)
    after, wrk_cpu = cpu_seconds(pids), wrk_seconds() - wrk_before
    return {"rps": rps, "cpu_ms_per_request": round((after - before + wrk_cpu) * 1000 / max(requests, 1), 3)}


def postgres_cpu_seconds() -> float | None:
    """CPU time so far of the PostgreSQL backend serving this process's connection (it runs on this machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def in_process(
    urls: dict[str, tuple[str, dict[str, str]]], repeat: int = 60, *, computed: bool = False
) -> dict[str, dict[str, float]]:
    """Median milliseconds and queries per request through Django's test client (no network, no gunicorn).

    `computed`: empty the items endpoint's page cache before every request, so each page is read and rendered.
    """
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = caches["items_pages"]
    results = {}
    for label, (path, headers) in urls.items():
        client = Client(HTTP_HOST=HOST, headers=headers)
        for _ in range(5):  # warm up: first-use imports, caches and prepared statements are not a request's cost
            client.get(path)
        pg_start = postgres_cpu_seconds()
        cpu_start = time.process_time()
        times = [timed_get(client, path, before=pages.clear if computed else None) for _ in range(repeat)]
        # CPU time of this process alone: what the request costs the app, whatever else the machine is doing.
        cpu_ms = (time.process_time() - cpu_start) * 1000 / repeat
        pg_end = postgres_cpu_seconds()
        if computed:
            pages.clear()
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        results[label] = {
            "ms_median": round(statistics.median(times), 2),
            "cpu_ms": round(cpu_ms, 2),
            "postgres_cpu_ms": None if pg_start is None else round((pg_end - pg_start) * 1000 / repeat, 2),
            "queries": len(ctx.captured_queries),
        }
    return results


def move_cost(token: str) -> dict[str, int]:
    """One move in a backlog of 240: queries of the service and of the whole API request, rows whose rank changed."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from boards import services
    from boards.models import BacklogItem, Membership

    ids = list(BacklogItem.objects.filter(board__slug=MOVE_SLUG).order_by("rank").values_list("pk", flat=True))
    acting = Membership.objects.select_related("board", "user").get(board__slug=MOVE_SLUG, user__username="q")

    def ranks() -> dict[int, int]:
        return dict(BacklogItem.objects.filter(board__slug=MOVE_SLUG).values_list("pk", "rank"))

    before = ranks()
    with CaptureQueriesContext(connection) as service_ctx:
        services.item_move(acting=acting, item_id=ids[200], before=ids[10])
    after = ranks()
    # BEGIN/COMMIT (or SAVEPOINT/RELEASE inside a transaction) frame the move; they are not queries of it.
    service_queries = [q for q in service_ctx.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])]
    writes = [q for q in service_queries if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]
    item_writes = [q for q in writes if '"boards_backlogitem"' in q["sql"].split(" SET ")[0]]

    client = Client(HTTP_HOST=HOST, headers={"Authorization": f"Token {token_for('q', get_user_model())}"})
    with CaptureQueriesContext(connection) as api_ctx:
        response = client.post(
            f"/api/v1/boards/{MOVE_SLUG}/items/{ids[5]}/move/", {"position": "top"}, content_type="application/json"
        )
    assert response.status_code == 200, response.content
    return {
        "backlog": len(ids),
        "service_queries": len(service_queries),
        "service_write_statements": len(writes),
        "service_item_write_statements": len(item_writes),
        "rows_changed": sum(1 for pk in before if before[pk] != after[pk]),
        "api_request_queries": len(api_ctx.captured_queries),
    }


def token_for(username: str, user_model: type) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user_model.objects.get(username=username))[0].key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("needs wrk: apt-get install wrk")

    recreate_database()
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    creds = seed()
    from django.urls import NoReverseMatch, reverse

    token_header = {"Authorization": f"Token {creds['token']}"}
    session_header = {"Cookie": f"sessionid={creds['session']}"}
    urls = {
        "/ping": ("/ping", {}),
        "items, page of 50": (f"/api/v1/boards/{SLUG}/items/?page_size=50", token_header),
        "items, page of 30": (f"/api/v1/boards/{SLUG}/items/?page_size=30", token_header),
    }
    missing = []
    for label, name in (("board page", "scrum_board"), ("backlog page", "boards:backlog")):
        try:
            urls[label] = (reverse(name, kwargs={"slug": SLUG}), session_header)
        except NoReverseMatch:
            missing.append(f"{label} ({name}) is not on this branch yet")

    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "scrum_app.wsgi",
        # Not the deployment's gunicorn.conf.py (5 workers, JSON access log): the app alone, as the issue asks.
        f"--config={ROOT / 'bench' / 'gunicorn_bench.py'}",
    ]
    with common.serving(command, port=PORT) as server:
        for path, headers in urls.values():  # warm both workers: imports, connections, template caches
            wrk(path, headers, 2, options.connections)
        pids = server_pids(server)
        runs: dict[str, list[float]] = {label: [] for label in urls}
        cpu: dict[str, list[float]] = {label: [] for label in urls}
        load_before = os.getloadavg()[0]
        # Runs interleave the URLs, so a burst of load from elsewhere hits all of them alike.
        for _ in range(options.runs):
            for label, (path, headers) in urls.items():
                run = measured_run(path, headers, options.seconds, options.connections, pids)
                runs[label].append(run["rps"])
                cpu[label].append(run["cpu_ms_per_request"])

    medians = {label: statistics.median(values) for label, values in runs.items()}
    ping = medians["/ping"]
    cpu_medians = {label: statistics.median(values) for label, values in cpu.items()}
    results = {
        "machine": common.machine(),
        "runs": options.runs,
        "load_average_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        "seconds": options.seconds,
        "connections": options.connections,
        "req_per_s": {
            label: {"runs": values, "median": medians[label], "ratio_to_ping": round(medians[label] / ping, 3)}
            for label, values in runs.items()
        },
        # CPU of workers + PostgreSQL + wrk per request: on a machine of its own, throughput goes as its inverse.
        "machine_cpu_ms_per_request": {
            label: {
                "runs": values,
                "median": cpu_medians[label],
                "ratio_to_ping": round(cpu_medians["/ping"] / cpu_medians[label], 3),
            }
            for label, values in cpu.items()
        },
        "in_process": in_process(urls),
        "in_process_computed": in_process(
            {label: urls[label] for label in urls if label.startswith("items")}, computed=True
        ),
        "move": move_cost(creds["token"]),
        "missing": missing,
    }
    common.report(results, "issue2.json", markdown)


def markdown(r: dict) -> str:
    machine, load = common.conditions(r)
    lines = [
        f"{machine} wrk, {r['connections']} connections, {r['runs']} runs of {r['seconds']} s each. {load}",
        "",
        "| URL | req/s (median) | runs | ratio to /ping | machine CPU ms / request (median) | /ping's ÷ this "
        "| in-process ms (median) | app CPU ms | PostgreSQL CPU ms | queries |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, v in r["req_per_s"].items():
        ip, c = r["in_process"][label], r["machine_cpu_ms_per_request"][label]
        runs = ", ".join(f"{x:.0f}" for x in v["runs"])
        lines.append(
            f"| {label} | {v['median']:.0f} | {runs} | {v['ratio_to_ping']:.0%} | {c['median']} "
            f"| {c['ratio_to_ping']:.0%} | {ip['ms_median']} | {ip['cpu_ms']} | {ip['postgres_cpu_ms']} "
            f"| {ip['queries']} |"
        )
    lines.append("")
    for label, ip in r["in_process_computed"].items():
        lines.append(
            f"{label}, every page read and rendered afresh (cache emptied before each request): "
            f"{ip['ms_median']} ms in-process, {ip['cpu_ms']} ms app CPU, {ip['postgres_cpu_ms']} ms PostgreSQL CPU, "
            f"{ip['queries']} queries."
        )
    m = r["move"]
    lines += [
        "",
        f"Move in a backlog of {m['backlog']}: {m['service_queries']} queries in the service (plus BEGIN/COMMIT), "
        f"{m['service_write_statements']} write statements ({m['service_item_write_statements']} to items; the other "
        f"raises the board's items version, which is also the move's lock), {m['rows_changed']} item row changed; "
        f"{m['api_request_queries']} queries for the whole API request (token and membership included).",
    ]
    lines += [f"Not measured: {note}." for note in r["missing"]]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
