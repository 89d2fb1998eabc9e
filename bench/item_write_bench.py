"""The cost of one item write, and how often a bulk update raises a board's items version.

Run against PostgreSQL (a throwaway test database is created and dropped):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scrum_bench .venv/bin/python bench/item_write_bench.py

On a board of 300 items it PATCHes one item's points `--requests` times through Django's in-process test client
(token auth, DRF, the service, its transaction; no network) and reports the median and p90 per request and the
queries per request. Then one `BacklogItem.objects.filter(...).update(...)` over the items of two boards, and by how
much each board's items version rose.
"""

import argparse
import os
import statistics
import time

import common

common.test_settings()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ITEMS = 300


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with common.throwaway_test_database():
        from boards import services
        from boards.models import BacklogItem, Board, Role
        from boards.tests.api_client import api_as
        from boards.tests.factories import BoardFactory, MembershipFactory

        boards = [BoardFactory(slug=f"bench-{n}") for n in range(2)]
        dev = MembershipFactory(board=boards[0], role=Role.DEVELOPER)
        for board in boards:
            services.items_bulk_create(board=board, actor=dev.user, entries=[{"title": f"I{i}"} for i in range(ITEMS)])
        item = BacklogItem.objects.filter(board=boards[0]).order_by("rank")[150]
        client = api_as(dev)
        url = f"/api/v1/boards/bench-0/items/{item.pk}/"
        times, queries = [], []
        for n in range(args.requests + 10):
            began = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                response = client.patch(url, {"points": (3, 5)[n % 2]}, format="json")
            elapsed = (time.perf_counter() - began) * 1000
            assert response.status_code == 200, response.content
            if n >= 10:  # the first requests warm the connection and the prepared statements
                times.append(elapsed)
                queries.append(len(ctx.captured_queries))
        times.sort()
        print(
            f"PATCH item: median {statistics.median(times):.2f} ms, p90 {times[int(len(times) * 0.9)]:.2f} ms, "
            f"{statistics.median(queries):.0f} queries ({args.requests} requests)"
        )

        before = dict(Board.objects.values_list("slug", "items_version"))
        with CaptureQueriesContext(connection) as ctx:
            began = time.perf_counter()
            rows = BacklogItem.objects.filter(board__in=boards).update(ready=True)
            elapsed = (time.perf_counter() - began) * 1000
        after = dict(Board.objects.values_list("slug", "items_version"))
        raised = {slug: after[slug] - before[slug] for slug in after}
        statements = len(ctx.captured_queries)
        print(f"bulk update of {rows} items on 2 boards: {elapsed:.1f} ms, {statements} queries; raised {raised}")
        print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
