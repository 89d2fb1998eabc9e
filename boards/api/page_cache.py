"""Rendered pages of the items list, cached by the board's `items_version`.

A page's bytes depend on the board's items (their fields, order, sprint, assignee's and creator's usernames), whose
every change raises the board's `items_version` in the change's own transaction (the database does it, with triggers
no write can skip: boards/migrations/0008_items_version_triggers.py; no writer has to remember it), and on the
request: its absolute URL (the page, its size and the filters, and the host and scheme that the `next` and
`previous` links repeat), the accepted media type (`indent`) and the time zone the dates are written in. The key
holds all of them, so a page is only ever served for the very request that produced it, at the version it read.

Who may read the page is no part of it: access is checked on every request, before the cache is asked. Whether the
filters are valid is: a page is kept only after they passed, and they depend on nothing but the URL and the board's
members (an `assignee` must be one), whose joining, removal or renaming raises the version too.
The cache is each process's own memory (settings.CACHES["items_pages"]): the version comes from the database, so a
process never serves another's stale page, and no other cache's entries (the burndown charts) are evicted by pages.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import caches
from django.utils import timezone
from rest_framework.request import Request

from boards.models import Board

CACHE = "items_pages"
# A page of 200 items with long descriptions can reach megabytes; those are rare and not worth the memory.
MAX_BODY_BYTES = 256 * 1024


def page_key(*, board: Board, request: Request) -> str:
    parts = (
        board.pk,
        board.created_at.isoformat(),  # a board id used again (a restored database) is another board
        board.items_version,
        timezone.get_current_timezone_name(),
        request.accepted_media_type,
        request.build_absolute_uri(),
    )
    return "items-page:v1:" + hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()


def cached_page(key: str, render: Callable[[], bytes]) -> bytes:
    """The page's bytes from the cache, or rendered now and kept for the next request with the same key."""
    pages = caches[CACHE]
    body = pages.get(key)
    if body is None:
        body = render()
        if len(body) <= MAX_BODY_BYTES:
            pages.set(key, body)
    return body
