"""Issue 15: the backlog's full-text search over 10,000 items on PostgreSQL, server time per request.

    .venv/bin/python bench/search_bench.py                 # 10,000 items, 15 rounds
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/search_bench.py --items 10000

What it does:
1. (Re)creates the PostgreSQL database `scrum_bench_search` (BENCH_DATABASE_URL overrides), migrates, and seeds one
   board of `--items` items whose titles, descriptions and acceptance criteria are sentences of English and Russian
   words in several forms (a fixed random seed, word frequencies falling off as in real text), then ANALYZE.
2. Through Django's test client (no network: the server's own time), asks the items endpoint
   `GET /api/v1/boards/{slug}/items/?q=…` (a page of 50, ranked, with highlights) and the backlog page for each
   search below, with the items endpoint's page cache emptied before every request, so every request searches.
   Each search is also run the naive way, `icontains` on the three texts (as SQLite does), on the same PostgreSQL,
   for the ratio. Variants take turns round by round, so load from neighbours hits them alike.
3. Reports, per search, how many items match, the median wall and CPU milliseconds per request and the query count,
   and writes bench/results/issue15_search.json and Markdown on stdout. Target: median <= 50 ms for the endpoint.
"""

import argparse
import os
import random
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api_bench
import common
from common import manage, recreate_database, seed_board

SLUG = "bench"
# After `import api_bench`, which configures its own database: this one is the bench's.
ENV = common.configure("postgres://postgres@127.0.0.1:5432/scrum_bench_search")

ENGLISH = [
    "report",
    "reports",
    "reporting",
    "export",
    "exports",
    "invoice",
    "invoices",
    "customer",
    "customers",
    "payment",
    "payments",
    "login",
    "page",
    "pages",
    "user",
    "users",
    "search",
    "filter",
    "filters",
    "deploy",
    "deployment",
    "deployed",
    "release",
    "releases",
    "test",
    "tests",
    "failing",
    "fails",
    "failed",
    "dashboard",
    "chart",
    "charts",
    "email",
    "emails",
    "notification",
    "notifications",
    "order",
    "orders",
    "cart",
    "checkout",
    "account",
    "accounts",
    "profile",
    "settings",
    "admin",
    "import",
    "importing",
    "backlog",
    "sprint",
    "story",
    "stories",
    "bug",
    "bugs",
    "crash",
    "crashes",
    "slow",
    "performance",
    "mobile",
    "tablet",
    "browser",
    "server",
    "database",
    "cache",
    "queue",
    "worker",
    "token",
    "session",
    "password",
    "reset",
    "upload",
    "download",
    "file",
    "files",
]
RUSSIAN = [
    "отчёт",
    "отчёты",
    "отчёта",
    "отчётов",
    "выгрузка",
    "выгрузки",
    "счёт",
    "счета",
    "клиент",
    "клиента",
    "клиентов",
    "оплата",
    "оплаты",
    "вход",
    "страница",
    "страницы",
    "пользователь",
    "пользователя",
    "пользователей",
    "поиск",
    "фильтр",
    "фильтры",
    "развёртывание",
    "релиз",
    "релиза",
    "тест",
    "тесты",
    "ошибка",
    "ошибки",
    "падение",
    "медленно",
    "задача",
    "задачи",
    "задачу",
    "задачей",
    "заказ",
    "заказы",
    "корзина",
    "аккаунт",
    "профиль",
    "настройки",
    "импорт",
    "спринт",
    "история",
    "истории",
    "сервер",
    "база",
    "кэш",
    "очередь",
    "пароль",
    "сброс",
    "загрузка",
    "файл",
    "файлы",
    "уведомление",
    "уведомления",
]
FILLER = [
    "the",
    "a",
    "of",
    "to",
    "and",
    "for",
    "with",
    "in",
    "on",
    "when",
    "then",
    "given",
    "should",
    "must",
    "и",
    "в",
    "на",
    "с",
    "для",
    "при",
    "когда",
    "то",
    "должен",
]
# Each search: what it stands for, and its text.
SEARCHES = [
    ("rare English word", "checkout"),
    ("common English word, plural finds singular", "reports"),
    ("Russian word form finds the others", "задача"),
    ("prefix while typing", "deplo"),
    ("two words", "invoice customer"),
    ("mixed languages", "export отчёт"),
]
FILTERED = ("search and three filters", {"q": "reports", "status": "todo,in_progress", "assignee": "r", "kind": "bug"})


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    """Made-up words of Latin and of Cyrillic syllables: the bulk of a backlog's words, which no search here asks."""
    latin = ["ka", "lo", "mi", "ne", "tur", "vas", "pel", "dor", "quin", "sa", "ber", "tom", "fi", "ga", "rux"]
    cyrillic = ["ка", "ло", "ми", "не", "тур", "вас", "пел", "дор", "кин", "са", "бер", "том", "фи", "га", "рух"]
    words = set()
    while len(words) < size:
        syllables = latin if len(words) % 2 else cyrillic
        words.add("".join(rng.choices(syllables, k=rng.randint(2, 4))))
    return sorted(words)


def _sentence(rng: random.Random, words: int, made_up: list[str]) -> str:
    """`words` words: mostly made-up ones, about one in thirty a real English or Russian one, each list's first words
    the most frequent (Zipf-like, as in real text); stop words between them."""
    picked = []
    for _ in range(words):
        vocabulary = (ENGLISH if rng.random() < 0.5 else RUSSIAN) if rng.random() < 1 / 30 else made_up
        picked.append(rng.choices(vocabulary, cum_weights=_zipf(len(vocabulary)))[0])
    picked += rng.choices(FILLER, k=words // 2)
    rng.shuffle(picked)
    return " ".join(picked).capitalize() + "."


@cache
def _zipf(size: int) -> list[float]:
    return list(accumulate(1 / (rank + 1) for rank in range(size)))


def seed(items: int) -> dict[str, str]:
    import django

    django.setup()
    from django.test import Client

    from boards import services
    from boards.models import BacklogItem, Kind, Status

    board, users = seed_board(slug=SLUG, items=min(items, services.BULK_LIMIT), password=secrets.token_urlsafe(16))
    kinds, statuses = list(Kind), list(Status)
    for start in range(services.BULK_LIMIT, items, services.BULK_LIMIT):
        entries = [
            {"title": f"Item {i}", "kind": kinds[i % 3], "status": statuses[i % 5], "assignee": users["rs"[i % 2]]}
            for i in range(start, min(items, start + services.BULK_LIMIT))
        ]
        services.items_bulk_create(board=board, actor=users["p"], entries=entries)
    rng = random.Random(15)
    made_up = _vocabulary(rng, 5000)
    rows = list(BacklogItem.objects.filter(board=board).only("pk"))
    for item in rows:
        item.title = _sentence(rng, 6, made_up)[:200]
        item.description = " ".join(_sentence(rng, 14, made_up) for _ in range(rng.randint(1, 4)))
        item.acceptance_criteria = " ".join(_sentence(rng, 8, made_up) for _ in range(rng.randint(0, 3)))
    # One UPDATE per batch: the database's trigger fills each item's search vector.
    BacklogItem.objects.bulk_update(rows, ["title", "description", "acceptance_criteria"], batch_size=1000)
    common.analyze()
    client = Client()
    client.force_login(users["p"])
    return {"session": client.cookies["sessionid"].value}


@contextmanager
def naive() -> Any:
    """The search as SQLite runs it (icontains on the three texts, backlog order), on this PostgreSQL."""
    with mock.patch("boards.search.uses_postgres", return_value=False):
        yield


def measure(client: Any, path: str, *, variant: Callable[[], Any], repeat: int) -> tuple[float, float, int]:
    """Wall and CPU milliseconds per request over `repeat` requests of `path`, the page cache emptied before each;
    the CPU is this process's and its PostgreSQL backend's (the whole server's work, which neighbours on a shared
    machine do not inflate as they do the wall time); and the queries of one request."""
    from django.core.cache import caches
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    wall = cpu = 0.0
    pg_before = api_bench.postgres_cpu_seconds()
    for _ in range(repeat):
        caches["items_pages"].clear()
        reset_queries()  # the log keeps 9,000 queries: past that, a capture would count none
        with variant(), CaptureQueriesContext(connection) as queries:
            cpu_start, start = time.process_time(), time.perf_counter()
            response = client.get(path)
            wall += time.perf_counter() - start
            cpu += time.process_time() - cpu_start
        assert response.status_code == 200, (path, response.status_code)
    pg = api_bench.postgres_cpu_seconds() - pg_before
    return wall * 1000 / repeat, (cpu + pg) * 1000 / repeat, len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=10, help="requests per search, variant and round")
    args = parser.parse_args()

    recreate_database()
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")  # the page's static files, as production serves them
    load_before = os.getloadavg()[0]
    session = seed(args.items)

    from django.test import Client

    from boards.filters import Viewer, filters_from
    from boards.models import Board
    from boards.selectors import backlog

    client = Client(HTTP_HOST=common.HOST)
    client.cookies["sessionid"] = session["session"]
    board = Board.objects.get(slug=SLUG)
    viewer = Viewer(username="p", is_member=lambda name: True)

    cases: list[tuple[str, dict[str, str]]] = [(name, {"q": text}) for name, text in SEARCHES] + [FILTERED]
    variants = {"postgres": nullcontext, "icontains": naive}
    paths = {
        "api": lambda params: f"/api/v1/boards/{SLUG}/items/?{urlencode(params)}",
        "page": lambda params: f"/b/{SLUG}/?{urlencode(params)}",
    }
    samples: dict[tuple[str, str, str], list[tuple[float, float, int]]] = {}
    for _ in range(args.rounds):
        for name, params in cases:
            for where, path in paths.items():
                for variant_name, variant in variants.items():
                    sample = measure(client, path(params), variant=variant, repeat=args.repeat)
                    samples.setdefault((name, where, variant_name), []).append(sample)

    results: dict[str, Any] = {
        "items": args.items,
        "rounds": args.rounds,
        "repeat": args.repeat,
        "machine": common.machine(),
        "load_average_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        "searches": [],
    }
    for name, params in cases:
        filters, errors = filters_from(params, viewer=viewer)
        assert not errors, errors
        matches = backlog(board=board, filters=filters).count()
        with naive():
            naive_matches = backlog(board=board, filters=filters).count()
        row: dict[str, Any] = {"search": name, "params": params, "matches": matches, "icontains_matches": naive_matches}
        for where in paths:
            for variant_name in variants:
                got = samples[(name, where, variant_name)]
                row[f"{where}_{variant_name}"] = {
                    "wall_ms": round(statistics.median(s[0] for s in got), 1),
                    "cpu_ms": round(statistics.median(s[1] for s in got), 1),
                    "queries": got[-1][2],
                }
        results["searches"].append(row)
    common.report(results, "issue15_search.json", markdown)


def markdown(r: dict) -> str:
    machine, load = common.conditions(r)
    lines = [
        f"{r['items']:,} items on one board; medians of {r['rounds']} rounds of {r['repeat']} requests each, the "
        f"page cache emptied before every request. CPU = this process + its PostgreSQL backend. {machine} {load}",
        "",
        "| search | matches (icontains) | API CPU ms | API wall ms | API icontains CPU ms | icontains/full text |"
        " page CPU ms | page icontains CPU ms | queries API/page |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in r["searches"]:
        api, naive_api = row["api_postgres"], row["api_icontains"]
        page, naive_page = row["page_postgres"], row["page_icontains"]
        params = "&".join(f"{k}={v}" for k, v in row["params"].items())
        lines.append(
            f"| {row['search']}: `{params}` | {row['matches']} ({row['icontains_matches']}) "
            f"| {api['cpu_ms']} | {api['wall_ms']} | {naive_api['cpu_ms']} | "
            f"{naive_api['cpu_ms'] / api['cpu_ms']:.1f}× "
            f"| {page['cpu_ms']} | {naive_page['cpu_ms']} | {api['queries']}/{page['queries']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
