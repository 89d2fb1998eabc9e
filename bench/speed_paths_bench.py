"""Issue 13: each hand-written speed path of the items endpoint against the plain framework version it replaces.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/speed_paths_bench.py
    .venv/bin/python bench/speed_paths_bench.py --rounds 15 --repeat 20

The paths, and what each one is measured against:
- token: boards.api.authentication.BoardTokenAuthentication, whose one raw SELECT reads the token, the user, their
  preferences and their membership of the board, against DRF's TokenAuthentication (the token with its user and
  profile) followed by the membership query of boards.selectors.membership_for: two ORM queries.
- rows: the list's rows read as `values()` and shaped by `item_row`, against the ItemOut serializer rendering model
  instances (with the creator joined too, so that it stays one query).
A third path, a paginator reading the total along with the page (`COUNT(*) OVER ()`), was measured by this script's
first version against DRF's PageNumberPagination, lost, and was removed (docs/benchmarks.md, issue 13).

Seeds the database of bench/api_bench.py (300 items; recreated), then, through Django's test client with no network,
asks for the items endpoint's page of 50, with the page cache emptied before every request (each page read and
rendered) and, for the token path, also with it warm (the answer most requests get). Variants take turns round by
round, so load from elsewhere on a shared machine hits them alike; the figures are medians over all rounds of the
wall time and of this process's CPU time per request, and the query count of one request.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api_bench
import common

PATH = f"/api/v1/boards/{api_bench.SLUG}/items/?page_size=50"


@contextmanager
def plain_token() -> Iterator[None]:
    """DRF's token lookup, then the membership read as every session request reads it."""
    from rest_framework.authentication import SessionAuthentication, TokenAuthentication

    from accounts.preferences import activate
    from boards.api.views import ItemCollectionApi

    class PlainTokenAuthentication(TokenAuthentication):
        def authenticate(self, request: Any) -> Any:
            found = super().authenticate(request)
            if found is not None:
                activate(request._request, found[0])
            return found

        def authenticate_credentials(self, key: str) -> Any:
            # DRF's own lookup (select_related("user")), with the profile the answer's language comes from.
            token = self.get_model().objects.select_related("user__profile").get(key=key)
            return token.user, token

    saved = ItemCollectionApi.authentication_classes
    ItemCollectionApi.authentication_classes = [PlainTokenAuthentication, SessionAuthentication]
    try:
        yield
    finally:
        ItemCollectionApi.authentication_classes = saved


@contextmanager
def plain_rows() -> Iterator[None]:
    """ItemOut(many=True) over the page's model instances instead of item_row over values()."""
    from boards.api import serializers
    from boards.api.views import ItemCollectionApi, items

    def paginated(self: Any, queryset: Any, shape: Callable[[list[Any]], Any]) -> Any:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        return paginator.get_paginated_response(serializers.ItemOut(page, many=True).data)

    saved = items.item_rows
    items.item_rows = lambda queryset: queryset.select_related("created_by")
    ItemCollectionApi.paginated = paginated
    try:
        yield
    finally:
        items.item_rows = saved
        del ItemCollectionApi.paginated


VARIANTS: dict[str, tuple[Callable[[], Any], ...]] = {
    "shipped (both paths)": (),
    "plain token auth + membership query": (plain_token,),
    "plain ItemOut serializer rows": (plain_rows,),
    "both plain": (plain_token, plain_rows),
}


def measure(token: str, rounds: int, repeat: int, *, computed: bool, variants: list[str]) -> dict[str, dict]:
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = caches["items_pages"]
    client = Client(HTTP_HOST=common.HOST, headers={"Authorization": f"Token {token}"})
    times: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    queries: dict[str, int] = {}
    bodies: dict[str, bytes] = {}
    for index in range(rounds):
        # Each round starts with another variant, so none is always the one measured after a warm-up.
        order = variants[index % len(variants) :] + variants[: index % len(variants)]
        for name in order:
            with ExitStack() as stack:
                for patch in VARIANTS[name]:
                    stack.enter_context(patch())
                pages.clear()
                for _ in range(3):
                    client.get(PATH)
                for _ in range(repeat):
                    if computed:
                        pages.clear()
                    cpu_start, start = time.process_time(), time.perf_counter()
                    response = client.get(PATH)
                    times[name].append((time.perf_counter() - start) * 1000)
                    cpu[name].append((time.process_time() - cpu_start) * 1000)
                    assert response.status_code == 200, (name, response.status_code)
                if name not in queries:
                    if computed:
                        pages.clear()
                    with CaptureQueriesContext(connection) as ctx:
                        bodies[name] = client.get(PATH).content
                    queries[name] = len(ctx.captured_queries)
    shipped = variants[0]
    for name in variants:  # every variant answers the very same bytes
        assert bodies[name] == bodies[shipped], name
    base_ms, base_cpu = statistics.median(times[shipped]), statistics.median(cpu[shipped])
    return {
        name: {
            "ms_median": round(statistics.median(times[name]), 3),
            "cpu_ms_median": round(statistics.median(cpu[name]), 3),
            "queries": queries[name],
            "ms_ratio_to_shipped": round(statistics.median(times[name]) / base_ms, 3),
            "cpu_ratio_to_shipped": round(statistics.median(cpu[name]) / base_cpu, 3),
            "requests": len(times[name]),
        }
        for name in variants
    }


def markdown(results: dict) -> str:
    lines = [
        f"Machine: {results['machine']['nproc']} cores, {results['machine']['cpu']}; {results['rounds']} rounds of "
        f"{results['repeat']} requests per variant, variants taking turns. Load average (1 min) before/after: "
        f"{results['load'][0]}/{results['load'][1]}.",
    ]
    for title, key in (("page cache emptied before each request", "computed"), ("page cache warm", "cached")):
        lines += [
            "",
            f"Items endpoint, page of 50 of 300, {title}:",
            "",
            "| variant | ms (median) | ÷ shipped | CPU ms (median) | ÷ shipped | queries |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, r in results[key].items():
            lines.append(
                f"| {name} | {r['ms_median']} | {r['ms_ratio_to_shipped']:.2f} | {r['cpu_ms_median']} "
                f"| {r['cpu_ratio_to_shipped']:.2f} | {r['queries']} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-seed", action="store_true", help="reuse the database of the last run")
    options = parser.parse_args()
    import os

    load_before = round(os.getloadavg()[0], 2)
    if not options.no_seed:
        common.recreate_database()
        common.manage("migrate", "--noinput", "-v0")
        api_bench.seed()
    else:
        import django

        django.setup()
    from django.contrib.auth import get_user_model

    token = api_bench.token_for("p", get_user_model())
    names = list(VARIANTS)
    results = {
        "machine": common.machine(),
        "rounds": options.rounds,
        "repeat": options.repeat,
        "computed": measure(token, options.rounds, options.repeat, computed=True, variants=names),
        # With the page cache warm, only the token path is still on the way of a request.
        "cached": measure(token, options.rounds, options.repeat, computed=False, variants=names[:2]),
    }
    results["load"] = (load_before, round(os.getloadavg()[0], 2))
    common.report(results, "speed_paths.json", markdown)


if __name__ == "__main__":
    main()
