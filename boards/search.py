"""Full-text search over backlog items: title, acceptance criteria and description, ranked, with the matches marked.

On PostgreSQL an item's words are kept in `BacklogItem.search_vector` (a `tsvector` the database fills itself on every
insert and every change of the three texts, whatever code writes: boards/migrations/0015_search.py) under a GIN index,
weighted title A, acceptance criteria B, description C. Each text is indexed twice:

- with the `simple` configuration: every word as written, lower-cased, no stop words dropped. A word being typed is
  found by its beginning ("deplo" finds "deployment"), and so are names, codes and words of any language;
- with `russian`: PostgreSQL's configuration stems Cyrillic words with the Russian Snowball stemmer and Latin ones with
  the English stemmer, so "задача" finds "задачи" and "tasks" finds "task", in one pass over a mixed text.

A search is every word typed (up to MAX_WORDS), each as a prefix of a written word or of a stemmed one. Results come
by rank (ts_rank over the weights), then in backlog order. On SQLite (development and tests) each word must occur in
one of the three texts (`icontains`, case-insensitive for Latin letters only), in backlog order, and the marks are
made in Python.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from html import escape
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils.safestring import SafeString, mark_safe

# Only the first words count: a pasted paragraph is not a query, and each word costs two index probes.
MAX_WORDS = 8
WORD = re.compile(r"[^\W_]+")

# The marks ts_headline puts around a match: private-use characters no text of ours holds, turned into <mark> after
# the rest is escaped (ts_headline does not escape the text around them).
START, STOP = "\ue000", "\ue001"
MARK_START, MARK_STOP = "<mark>", "</mark>"

# The texts searched, as the rows' highlights name them.
TEXTS = ("title", "description", "acceptance_criteria")


def words_of(text: str | None) -> list[str]:
    """The words of a search, lower-cased, as the query reads them."""
    return [word.lower() for word in WORD.findall(text or "")][:MAX_WORDS]


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_query(words: list[str]) -> SearchQuery:
    """Every word, as the beginning of a written word or of a stemmed one (see the module's docstring)."""
    # A word of letters and digits only, so it is safe in to_tsquery's syntax as it stands.
    return reduce(
        and_,
        (
            SearchQuery(f"{word}:*", search_type="raw", config="simple")
            | SearchQuery(f"{word}:*", search_type="raw", config="russian")
            for word in words
        ),
    )


def search(items: QuerySet, text: str | None) -> QuerySet:
    """`items` that match the search `text`, best match first (PostgreSQL), then in their own order."""
    words = words_of(text)
    if not words:
        return items.none() if (text or "").strip() else items
    if not uses_postgres():
        return items.filter(
            reduce(and_, (reduce(or_, (Q(**{f"{name}__icontains": word}) for name in TEXTS)) for word in words))
        )
    query = search_query(words)
    ranked = items.filter(search_vector=query).annotate(search_rank=SearchRank(F("search_vector"), query))
    return ranked.order_by("-search_rank", *items.query.order_by)


@contextmanager
def index_planned(text: str | None) -> Iterator[None]:
    """Run the queries of a search inside this block through the GIN index (PostgreSQL; nothing elsewhere).

    PostgreSQL's planner prices `@@` on a row at almost nothing and a GIN lookup of word prefixes high, so for a word
    that many items hold it reads every row instead: on 10,000 items 41 ms against 5 ms by the index for the count,
    and as much again for the page (docs/benchmarks.md, issue 15). The block is one transaction that tells the
    planner not to scan the whole table (`SET LOCAL`: its own queries only).
    """
    if not words_of(text) or not uses_postgres():
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


# Highlights: the title whole, the longer texts as a fragment or two around their matches.
_FRAGMENTS = {"MaxFragments": 2, "MaxWords": 16, "MinWords": 6}
HIGHLIGHT_FIELDS = {name: f"highlight_{name}" for name in TEXTS}


def with_highlights(items: QuerySet, text: str | None) -> QuerySet:
    """`items` with each of TEXTS marked where the search `text` matches, as `highlight_<text>` (PostgreSQL; on SQLite
    the texts are read whole instead); read them with `highlights()`. Computed in the same query, for the rows it
    returns. `highlight_fields(text)` names the annotations, for a `values()` read."""
    words = words_of(text)
    if not words:
        return items
    if not uses_postgres():
        return items.defer(None)  # the texts themselves, which highlights() marks in Python
    query = search_query(words)
    # `simple`: the text's words as written, so both the written prefix and the stem's prefix mark them.
    return items.annotate(
        **{
            HIGHLIGHT_FIELDS[name]: SearchHeadline(
                name,
                query,
                config="simple",
                start_sel=START,
                stop_sel=STOP,
                **(
                    {"highlight_all": True}
                    if name == "title"
                    else {
                        "max_fragments": _FRAGMENTS["MaxFragments"],
                        "max_words": _FRAGMENTS["MaxWords"],
                        "min_words": _FRAGMENTS["MinWords"],
                        "fragment_delimiter": " … ",
                    }
                ),
            )
            for name in TEXTS
        }
    )


def highlight_fields(text: str | None) -> tuple[str, ...]:
    """The annotations with_highlights(items, text) adds."""
    return tuple(HIGHLIGHT_FIELDS.values()) if words_of(text) and uses_postgres() else ()


@dataclass(frozen=True)
class Highlights:
    """An item's texts as HTML: escaped, the matches in <mark>; a longer text is "" when nothing in it matched."""

    title: SafeString
    description: SafeString
    acceptance_criteria: SafeString

    def as_dict(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in TEXTS}


def highlights(row: object, text: str | None) -> Highlights:
    """The highlights of one item (a model instance or a `values()` row) found by the search `text`."""
    get = row.get if isinstance(row, dict) else lambda name, default=None: getattr(row, name, default)
    words = words_of(text)
    marked = {}
    for name in TEXTS:
        headline = get(HIGHLIGHT_FIELDS[name])
        if headline is None:  # SQLite, or a row read without with_highlights
            headline = _marked_in_python(get(name) or "", words, whole=name == "title")
        if name != "title" and START not in headline:
            headline = ""
        marked[name] = _html(headline)
    return Highlights(**marked)


def _html(headline: str) -> SafeString:
    html = escape(headline, quote=False).replace(START, MARK_START).replace(STOP, MARK_STOP)
    return mark_safe(html)  # noqa: S308 — the text is escaped above, only our marks are markup


def _marked_in_python(text: str, words: list[str], *, whole: bool) -> str:
    """SQLite's highlight: each word marked where it occurs; a longer text cut to the words around the first match."""
    if not words:
        return text
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    first = pattern.search(text)
    if first is None:
        return text if whole else ""
    if not whole:
        start = text.rfind(" ", 0, max(0, first.start() - 60)) + 1
        end = text.find(" ", first.end() + 80)
        text = ("… " if start else "") + text[start : end if end != -1 else None] + (" …" if end != -1 else "")
    return pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", text)
