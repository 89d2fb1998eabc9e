"""What the benchmarks share: their database (their own, recreated; or a throwaway test database), the board they
seed, the timing of one request, the server they start and stop, and the machine they ran on.

The scripts run as `python bench/<name>.py`, so this folder is on the path and they `import common`.
"""

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
sys.path.insert(0, str(ROOT))


def configure(default_database: str) -> dict[str, str]:
    """Production settings (DEBUG off) minus HTTPS, on `default_database` unless BENCH_DATABASE_URL names another; set
    in this process's environment, so that Django here, `manage` and a server started later all read them."""
    env = {
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", default_database),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; production sits behind TLS
        "DJANGO_SETTINGS_MODULE": "scrum_app.settings",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
    }
    os.environ.update(env)
    return env


def recreate_database() -> None:
    """Drop and create the PostgreSQL database of DATABASE_URL (a benchmark's own: its name is checked)."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"refusing odd database name {name!r}")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, env=os.environ)


def test_settings() -> None:
    """Django set up on the test settings, for the scripts that build a throwaway test database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrum_app.settings_test")
    django.setup()


@contextmanager
def throwaway_test_database() -> Iterator[None]:
    """A test database created for the run on DATABASE_URL's server (PostgreSQL only) and dropped after it."""
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL: set DATABASE_URL=postgres://…")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def seed_board(*, slug: str, items: int, password: str) -> tuple[Any, dict[str, Any]]:
    """Users p, q, r, s and the board `slug`: q its Scrum Master, p its Product Owner, r and s developers, and
    `items` backlog items spread over every status, kind and estimate (some assigned, half ready)."""
    from django.contrib.auth import get_user_model

    from boards import services
    from boards.models import BacklogItem, CriterionCheck, Kind, Membership, Role, Status

    users = {name: get_user_model().objects.create_user(name, password=password) for name in "pqrs"}
    board = services.board_create(user=users["q"], name="Bench", slug=slug)
    # No Definition of Done to meet: the bench's items are created in every column. Half of them ready, below.
    board.criteria.filter(kind="done").delete()
    Membership.objects.create(board=board, user=users["p"], role=Role.PRODUCT_OWNER)
    for name in "rs":
        Membership.objects.create(board=board, user=users[name], role=Role.DEVELOPER)
    statuses, kinds, points = list(Status), list(Kind), [1, 2, 3, 5, 8, 13, None]
    created = services.items_bulk_create(
        board=board,
        actor=users["p"],
        entries=[
            {
                "title": f"As a user I want feature {i} so that the product grows",
                "description": "Some words about it. " * 10,
                "acceptance_criteria": "Given, when, then.",
                "kind": kinds[i % 3],
                "status": statuses[i % 5],
                "points": points[i % 7],
                "assignee": users["rs"[i % 2]] if i % 3 else None,
            }
            for i in range(items)
        ],
    )
    # Every other item meets the Definition of Ready: its ticks written at once, not a service call per tick.
    ready = created[::2]
    CriterionCheck.objects.bulk_create(
        CriterionCheck(board=board, item=item, criterion=criterion)
        for item in ready
        for criterion in board.criteria.all()
    )
    BacklogItem.objects.filter(pk__in=[item.pk for item in ready]).update(ready=True)
    return board, users


def analyze() -> None:
    """Planner statistics for the fresh tables, as autovacuum would gather within a minute in production."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed_get(client: Any, path: str, *, before: Callable[[], object] | None = None) -> float:
    """Milliseconds for one GET of `path`, which must answer 200; `before` (emptying a cache) runs untimed."""
    if before:
        before()
    start = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


@contextmanager
def serving(command: list[str], *, port: int, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """The server `command` started, once it answers /ping on 127.0.0.1:`port`; stopped by its PID on the way out."""
    server = subprocess.Popen(command, cwd=ROOT, env=env or os.environ, start_new_session=True)
    try:
        _wait_for(server, f"http://{HOST}:{port}/ping")
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_for(server: subprocess.Popen, url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited early")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.read() == b"pong":
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer /ping")


def machine() -> dict[str, str]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in subprocess.check_output(["lscpu"], text=True).splitlines()
            if line.startswith("Model name")
        ),
        "unknown",
    )
    return {"nproc": subprocess.check_output(["nproc"], text=True).strip(), "cpu": model}


def report(results: dict, name: str, markdown: Callable[[dict], str]) -> None:
    """Write `results` as bench/results/`name` (a folder git ignores) and print them as Markdown."""
    out = ROOT / "bench" / "results" / name
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(markdown(results))


def conditions(r: dict) -> tuple[str, str]:
    """The machine a run's `results` were measured on, and its load average before and after, as sentences."""
    load = r["load_average_1min"]
    return (
        f"Machine: {r['machine']['nproc']} cores, {r['machine']['cpu']}.",
        f"Load average (1 min) before/after: {load['before']}/{load['after']}.",
    )
