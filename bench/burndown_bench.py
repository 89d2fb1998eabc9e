"""Burndown and velocity API timings for a sprint of 300 items and 5 000 item events.

Run against PostgreSQL (a throwaway test database is created and dropped):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scrum_bench .venv/bin/python bench/burndown_bench.py

It builds one board with nine closed sprints (for velocity) and an active ten-working-day sprint of 300 items whose
history holds 5 000 events (created, sprint, status and points changes spread over the days), then times GET
requests through Django's in-process test client (routing, auth, DRF, serialisation included; no network). Each of
`--runs` runs makes `--requests` requests per endpoint; the report gives the median per request of each run and the
median over runs, and the number of queries per request.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import time

import common
from common import timed_get

common.test_settings()

import time_machine  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

ITEMS, EVENTS, CLOSED_SPRINTS = 300, 5000, 9
POINTS = (1, 2, 3, 5, 8, 13)
FLOW = ("todo", "in_progress", "testing", "po_review", "done")


def build() -> tuple[object, str]:
    from boards.models import BacklogItem, ItemEvent, Role, Status
    from boards.tests.factories import BoardFactory, MembershipFactory, UserFactory
    from sprints import services
    from sprints.models import Sprint

    rng = random.Random(3)
    board = BoardFactory(name="Bench", slug="bench")
    sm = MembershipFactory(board=board, user=UserFactory(username="bench-sm"), role=Role.SCRUM_MASTER)
    po = MembershipFactory(board=board, user=UserFactory(username="bench-po"), role=Role.PRODUCT_OWNER)
    for n in range(CLOSED_SPRINTS):
        with time_machine.travel(dt.datetime(2025, 6, 2, 9, tzinfo=dt.UTC) + dt.timedelta(weeks=2 * n), tick=False):
            sprint = services.sprint_create(acting=po, goal="Earlier")
            item = services_item(board, po.user, rng.choice(POINTS))
            services.sprint_add_items(acting=po, sprint=sprint, item_ids=[item.pk])
            services.sprint_start(acting=sm, sprint=sprint)
            if n % 3:
                BacklogItem.objects.filter(pk=item.pk).update(status=Status.DONE)
            services.sprint_close(acting=sm, sprint=sprint)

    start = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
    with time_machine.travel(start - dt.timedelta(days=3), tick=False):
        sprint = services.sprint_create(
            acting=po, goal="Bench", start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 13)
        )
        items = [services_item(board, po.user, rng.choice(POINTS)) for _ in range(ITEMS)]
        services.sprint_add_items(acting=po, sprint=sprint, item_ids=[i.pk for i in items])
    with time_machine.travel(start, tick=False):
        services.sprint_start(acting=sm, sprint=Sprint.objects.get(pk=sprint.pk))

    # The rest of the history: status moves along the flow (and back) and re-estimates, at known times in the sprint.
    written = ItemEvent.objects.filter(board=board).count()
    state = {item.pk: [0, item.points] for item in items}
    events = []
    for n in range(EVENTS - written):
        item = items[n % ITEMS]
        at = start + dt.timedelta(minutes=1 + n * (9 * 24 * 60) // EVENTS)
        current = state[item.pk]
        if n % 7 == 0:
            new_points = rng.choice(POINTS)
            events.append(
                ItemEvent(
                    board=board, item=item, field="points", old_value=str(current[1]), new_value=str(new_points), at=at
                )
            )
            current[1] = new_points
        else:
            step = 1 if current[0] < len(FLOW) - 1 and rng.random() < 0.8 else -1 if current[0] else 1
            events.append(
                ItemEvent(
                    board=board,
                    item=item,
                    field="status",
                    old_value=FLOW[current[0]],
                    new_value=FLOW[current[0] + step],
                    at=at,
                )
            )
            current[0] += step
    ItemEvent.objects.bulk_create(events, batch_size=1000)
    for item in items:
        item.status, item.points = FLOW[state[item.pk][0]], state[item.pk][1]
    BacklogItem.objects.bulk_update(items, ["status", "points"], batch_size=500)
    assert ItemEvent.objects.filter(board=board).count() == EVENTS
    return sm.user, str(sprint.number)


def services_item(board: object, user: object, points: int) -> object:
    from boards import services as board_services

    item = board_services.item_create(board=board, actor=user, title="Bench item", points=points)
    item.ready = True  # its Definition of Ready met, without a tick per criterion
    item.save(update_fields=["ready"])
    return item


def measure(client: APIClient, url: str, runs: int, requests: int, *, cold: bool) -> tuple[list[float], int]:
    """Median ms per request of each run, and the queries one request makes. `cold` empties the cache first, so
    the burndown is computed from the database every time."""
    for _ in range(3):  # warm-up: imports, template and URL caches
        assert client.get(url).status_code == 200
    queries: list[str] = []

    def count(execute: object, sql: str, params: object, many: bool, context: object) -> object:
        queries.append(sql)
        return execute(sql, params, many, context)

    if cold:
        cache.clear()
    with connection.execute_wrapper(count):
        client.get(url)
    before = cache.clear if cold else None
    medians = [statistics.median(timed_get(client, url, before=before) for _ in range(requests)) for _ in range(runs)]
    return medians, len(queries)


def python_speed() -> float:
    """ms for a million-step Python loop: how fast this machine is at the moment (about 30–50 ms on a laptop)."""
    began = time.perf_counter()
    total = 0
    for n in range(1_000_000):
        total += n
    return (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with common.throwaway_test_database():
        user, number = build()
        client = APIClient()
        client.force_authenticate(user)
        from boards.models import ItemEvent

        in_sprint = ItemEvent.objects.filter(item__sprint__number=number).count()
        print(
            f"items in the sprint: {ITEMS}; their events: {in_sprint}; events on the board: {ItemEvent.objects.count()}"
        )
        burndown = f"/api/v1/boards/bench/sprints/{number}/burndown/"
        print(f"load average {os.getloadavg()[0]:.1f}; million-step Python loop {python_speed():.0f} ms")
        with time_machine.travel(dt.datetime(2026, 3, 12, 15, tzinfo=dt.UTC)):
            for name, url, cold in [
                ("burndown, computed (cache emptied before each request)", burndown, True),
                ("burndown, unchanged history (cached)", burndown, False),
                ("velocity", "/api/v1/boards/bench/velocity/", False),
            ]:
                medians, queries = measure(client, url, args.runs, args.requests, cold=cold)
                runs = ", ".join(f"{m:.1f}" for m in medians)
                print(f"{name}: median {statistics.median(medians):.1f} ms/request ({queries} queries); runs: {runs}")
        print(f"load average {os.getloadavg()[0]:.1f}; million-step Python loop {python_speed():.0f} ms")


if __name__ == "__main__":
    main()
