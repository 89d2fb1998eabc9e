"""Issue 13 benchmark: the pages people use all day, in-process through Django's test client on PostgreSQL.

    .venv/bin/python bench/page_bench.py                 # defaults: 300 items, 50 requests per page after warm-up
    .venv/bin/python bench/page_bench.py --repeat 100
    .venv/bin/python bench/page_bench.py --profile board # cProfile of 20 board pages, top 30 by cumulative time

What it does, all on 127.0.0.1:
1. (Re)creates the PostgreSQL database `scrum_bench_pages` (BENCH_DATABASE_URL overrides), migrates, collects static
   files (hashed names, precompressed by whitenoise) and seeds a board of 300 items over every status, with an active
   sprint of 40 items, a planned sprint of 20, a retro in its vote phase with 24 cards, and a poker session with votes.
2. Logs the Product Owner in and requests each page (backlog, board of the active sprint and of every item, sprint
   planning, retro room, poker room) with DEBUG off: median and p90 milliseconds, the app's CPU milliseconds (this
   process only, which neighbours on a shared machine disturb far less than the clock) and queries per request.
3. Adds up the first load of the board page over the wire: its HTML gzipped as nginx does (level 5, as
   deploy/nginx says), and every stylesheet, script, font and image it loads (also those a stylesheet loads) as the
   precompressed file whitenoise serves, or the file itself for what is not compressed (e.g. a woff2).
4. Writes bench/results/pages.json and prints Markdown.
"""

import argparse
import gzip
import os
import re
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client

import common
from common import HOST, manage, recreate_database, timed_get

common.configure("postgres://postgres@127.0.0.1:5432/scrum_bench_pages")

SLUG = "bench"
ITEMS = 300
# What a first load fetches besides the HTML: stylesheets, scripts, icons, images, fonts.
ASSET = re.compile(r"""(?:href|src)="(/static/[^"]+)\"""")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def seed() -> dict[str, str]:
    """The board, its sprints, retro and poker session; the pages' paths."""
    import django

    django.setup()
    from django.urls import reverse

    from boards.models import BacklogItem, Membership
    from poker import services as poker
    from retros import services as retros
    from retros.models import Phase
    from sprints import services as sprints

    board, users = common.seed_board(slug=SLUG, items=ITEMS, password="bench-only")  # q: the Scrum Master
    sm = Membership.objects.select_related("board", "user").get(board=board, user=users["q"])
    ids = list(BacklogItem.objects.filter(board=board).order_by("rank").values_list("pk", flat=True))
    active = sprints.sprint_create(acting=sm, goal="Ship the bench")
    sprints.sprint_add_items(acting=sm, sprint=active, item_ids=ids[:40])
    sprints.sprint_start(acting=sm, sprint=active)
    planned = sprints.sprint_create(acting=sm, goal="The next one")
    sprints.sprint_add_items(acting=sm, sprint=planned, item_ids=ids[40:60])

    retro = retros.retro_open(acting=sm, sprint=active.number)
    members = {m.user.username: m for m in Membership.objects.select_related("board", "user").filter(board=board)}
    retros.retro_phase_move(acting=sm, retro=retro, phase=Phase.WRITE)
    cards = [
        retros.card_add(
            acting=members["pqrs"[i % 4]], retro=retro, column=("pluses", "minuses")[i % 2], text=f"Card {i} " * 6
        )
        for i in range(24)
    ]
    retros.retro_phase_move(acting=sm, retro=retro, phase=Phase.VOTE)
    for i, name in enumerate("pqrs"):
        retros.vote_cast(acting=members[name], retro=retro, card_id=cards[i * 3].pk)

    session = poker.session_start(acting=sm, items=ids[60:70], facilitator_votes=True, auto_reveal=False)
    for name, card in zip("qrs", ("3", "5", "5"), strict=True):
        poker.cast_vote(acting=members[name], session=session, card=card)

    common.analyze()
    return {
        "backlog": reverse("boards:backlog", kwargs={"slug": SLUG}),
        "board": reverse("scrum_board", kwargs={"slug": SLUG}),
        "board, every item": reverse("scrum_board", kwargs={"slug": SLUG}) + "?scope=all",
        "planning": reverse("sprints:plan", kwargs={"slug": SLUG, "number": planned.number}),
        "retro room": reverse("retros:room", kwargs={"slug": SLUG, "retro_id": retro.pk}),
        "poker room": reverse("poker:room", kwargs={"slug": SLUG, "session_id": session.pk}),
    }


def client() -> "Client":
    from django.contrib.auth import get_user_model
    from django.test import Client

    browser = Client(HTTP_HOST=HOST)
    browser.force_login(get_user_model().objects.get(username="p"))
    return browser


def in_process(pages: dict[str, str], repeat: int) -> dict[str, dict[str, float]]:
    """Median and p90 milliseconds and queries per request, each page in turn after a warm-up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = client()
    results = {}
    for label, path in pages.items():
        for _ in range(5):  # first-use imports, template and translation caches are not a request's cost
            assert browser.get(path).status_code == 200, path
        cpu_start = time.process_time()
        times = [timed_get(browser, path) for _ in range(repeat)]
        # CPU time of this process alone: what a request costs the app, whatever the neighbours do to the clock.
        cpu_ms = (time.process_time() - cpu_start) * 1000 / repeat
        with CaptureQueriesContext(connection) as ctx:
            html = browser.get(path).content
        times.sort()
        results[label] = {
            "ms_median": round(statistics.median(times), 2),
            "ms_p90": round(times[int(len(times) * 0.9) - 1], 2),
            "app_cpu_ms": round(cpu_ms, 2),
            "queries": len(ctx.captured_queries),
            "html_kb": round(len(html) / 1024, 1),
        }
    return results


def first_load(path: str) -> dict[str, object]:
    """Bytes over the wire for a first visit: the HTML as nginx gzips it, each asset as whitenoise serves it."""
    from django.conf import settings

    html = client().get(path).content
    static_root = Path(settings.STATIC_ROOT)
    seen: dict[str, int] = {}
    queue = [url for url in ASSET.findall(html.decode())]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        name = url.removeprefix(settings.STATIC_URL).split("?")[0].split("#")[0]
        file = static_root / name
        compressed = file.with_name(file.name + ".gz")
        seen[url] = (compressed if compressed.exists() else file).stat().st_size
        if file.suffix == ".css":  # what a stylesheet loads comes with the first load too
            base = url.rsplit("/", 1)[0]
            for ref in CSS_URL.findall(file.read_text()):
                if not ref.startswith(("data:", "http", "#")):
                    queue.append(os.path.normpath(f"{base}/{ref}") if not ref.startswith("/") else ref)
    html_gz = len(gzip.compress(html, compresslevel=5))
    return {
        "html_kb": round(len(html) / 1024, 1),
        "html_gzip_kb": round(html_gz / 1024, 1),
        "assets_kb": {url: round(size / 1024, 1) for url, size in sorted(seen.items())},
        "total_kb": round((html_gz + sum(seen.values())) / 1024, 1),
    }


def profile(path: str) -> None:
    import cProfile
    import pstats

    browser = client()
    for _ in range(5):
        browser.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        browser.get(path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--profile", help="a page's label: print a cProfile of it instead of measuring")
    parser.add_argument("--label", default="", help="a name for this run in the JSON (e.g. before, after)")
    options = parser.parse_args()

    recreate_database()
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    pages = seed()
    if options.profile:
        profile(pages[options.profile])
        return
    load_before = os.getloadavg()[0]
    results = {
        "label": options.label,
        "machine": common.machine(),
        "items": ITEMS,
        "repeat": options.repeat,
        "pages": in_process(pages, options.repeat),
        "board_first_load": first_load(pages["board"]),
        "load_average_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
    }
    common.report(results, f"pages-{options.label}.json" if options.label else "pages.json", markdown)


def markdown(r: dict) -> str:
    machine, load = common.conditions(r)
    lines = [
        f"{machine} {r['items']} items, {r['repeat']} requests per page after 5 of warm-up. {load}",
        "",
        "| page | ms (median) | ms (p90) | app CPU ms | queries | HTML KB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, v in r["pages"].items():
        lines.append(
            f"| {label} | {v['ms_median']} | {v['ms_p90']} | {v['app_cpu_ms']} | {v['queries']} | {v['html_kb']} |"
        )
    f = r["board_first_load"]
    lines += [
        "",
        f"Board page, first load over the wire: {f['total_kb']} KB (HTML {f['html_kb']} KB, {f['html_gzip_kb']} KB "
        f"gzipped; assets: " + ", ".join(f"{Path(u).name} {kb}" for u, kb in f["assets_kb"].items()) + ").",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
