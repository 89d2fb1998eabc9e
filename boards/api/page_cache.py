"""Rendered pages of the items list, cached by the board's `items_version`.

A page's bytes depend on the board's items (their fields, order, sprint, assignee's and creator's usernames), whose
every change raises the board's `items_version` in the change's own transaction (the database does it, with triggers
no write can skip: boards/migrations/0008_items_version_triggers.py; no writer has to remember it), and on the
request: its absolute URL (the page, its size and the filters, and the host and scheme that the `next` and
`previous` links repeat), the accepted media type (`indent`) and the time zone the dates are written in. The key
holds all of them, so a page is only ever served for the very request that produced it, at the version it read.

Who may read the page is no part of it: access is checked on every request, before the cache is asked. Whether the
filters are valid is: a page is kept only after they passed, and they depend on nothing but the URL and the board's
members (an `assignee` must be one), whose joining, removal or renaming raises the version too. Two filters mean
more than their URL: `assignee=me` is the caller (the key holds who asks), and `sprint=active` is whichever sprint is
active now, which a sprint's start or close changes without raising the version (the key holds that sprint's id,
read in one small query, only for such a request).
The cache is each process's own memory (settings.CACHES["items_pages"]): the version comes from the database, so a
process never serves another's stale page, and no other cache's entries (the burndown charts) are evicted by pages.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import caches
from django.utils import timezone
from rest_framework.request import Request

from boards.filters import ACTIVE_SPRINT
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
        *_meaning(board, request),
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


def _meaning(board: Board, request: Request) -> list[str]:
    """What the URL's filters stand for beyond their text: the caller for `me`, the active sprint for `active`."""
    params = request.query_params
    parts = []
    if "me" in _values(params.getlist("assignee")):
        parts.append(f"me={request.user.pk}")
    if ACTIVE_SPRINT in _values(params.getlist("sprint")):
        # boards sits below sprints: the sprint is read through the board's reverse relation, by its stored state.
        active = board.sprints.filter(state=ACTIVE_SPRINT).values_list("pk", flat=True).first()
        parts.append(f"active={active}")
    return parts


def _values(texts: list[str]) -> set[str]:
    return {part.strip() for text in texts for part in text.split(",")}
