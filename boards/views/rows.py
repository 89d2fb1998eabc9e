"""The backlog's rows and the Scrum board's cards as HTML, built in Python: the parts of those pages that grow with
the number of items.

Rendered by the template language, a backlog row cost ~0.4 ms (some fifty nodes, twenty of them translations) and a
card ~0.5 ms (its column picker is a loop of its own): 300 of them were most of a 100–140 ms page (bench/page_bench.py,
docs/benchmarks.md "Issue 13: pages"). Here every word is translated once per language and a row is one string
format, ~25 µs. The markup is the one the templates had, byte for byte apart from whitespace; the rest of each page
stays in its template (boards/backlog.html, boards/board.html).
"""

from collections.abc import Sequence
from functools import cache
from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper (a third of the time)

from django.db.models import F, Prefetch, QuerySet
from django.db.models.functions import Lower
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from boards.models import BacklogItem, ItemLabel, Kind, Status, text_on
from boards.search import Highlights
from boards.selectors import with_checklist_progress


def shown(items: QuerySet[BacklogItem]) -> QuerySet[BacklogItem]:
    """`items` with only what a row or a card shows: a few columns, and the assignee's name instead of the whole
    assignee (300 user objects built for one name each were a tenth of the page), and the checklist's counts."""
    return with_checklist_progress(
        items.select_related(None)
        .only("title", "kind", "status", "points", "ready", "rank")
        .annotate(assignee_name=F("assignee__username"), sprint_number=F("sprint__number"))
        # The labels of every row in one more query, by name.
        .prefetch_related(
            Prefetch(
                "item_labels",
                queryset=ItemLabel.objects.select_related("label")
                .only("item_id", "label__name", "label__color")
                .order_by(Lower("label__name"), "label_id"),
            )
        )
    )


@cache
def _chip_class(color: str) -> str:
    return escape(f"label label-{color.removeprefix('#')} on-{text_on(color)}")


def _chips(item: BacklogItem) -> str:
    """The item's labels as chips (read through `shown`'s prefetch), or nothing."""
    chips = "".join(
        f'<span class="{_chip_class(row.label.color)}">{escape(row.label.name)}</span>'
        for row in item.item_labels.all()
    )
    return f'<span class="item-labels">{chips}</span>' if chips else ""


ROW = """<li id="item-{pk}" class="item-row" data-item-id="{pk}"{move_url}>
<input type="checkbox" class="select-item" name="ids" value="{pk}" form="bulk-edit" aria-label="{select_label}">
<span class="item-id" title="{position}">#{pk}</span>
<span class="badge kind-{kind}">{kind_label}</span>
<span class="title-cell"><a class="title" href="{url}">{marked_title}</a>{labels}{progress}{sprint}</span>{snippet}
<span class="points" title="{w[story_points]}">{points}</span>
<span class="ready {ready_class}">{ready}</span>
<span class="assignee">{assignee}</span>
<span class="status status-{status}">{status_label}</span>
<span class="row-actions">
<a href="{url}" hx-get="{url}edit/"
 hx-target="#item-{pk}" hx-swap="outerHTML" aria-label="{edit_label}">{w[edit]}</a>
{order}
</span>
</li>
"""

ORDER = """<form class="move" method="post" action="{url}move/"
 hx-post="{url}move/" hx-swap="none">
{csrf}<input type="hidden" name="next" value="{here}">
<button type="submit" name="position" value="top" title="{w[top]}" aria-label="{top_label}"{first}>⤒</button>
<button type="submit" name="before" value="{previous}" title="{w[up]}" aria-label="{up_label}"{first}>↑</button>
<button type="submit" name="after" value="{next}" title="{w[down]}" aria-label="{down_label}"{last}>↓</button>
<button type="submit" name="position" value="bottom" title="{w[bottom]}" aria-label="{bottom_label}"{last}>⤓</button>
</form>
<a class="danger" href="{url}delete/" aria-label="{delete_label}">{w[delete]}</a>"""


@cache
def _words(language: str | None) -> dict[str, object]:
    """The rows' words in one language: the same msgids as the template's {% translate %} and {% blocktranslate %}
    (so the catalogue is unchanged), looked up once per language. A {% translate %} is escaped, a {% blocktranslate %}
    pattern is not and its values are: as the template language does."""
    return {
        "position": gettext("Position %(position)s in this list"),
        "story_points": escape(gettext("Story points")),
        "no_points": escape(gettext("– pts")),
        "ready": "✔ " + escape(gettext("Ready")),
        "not_ready": escape(gettext("Not ready")),
        "unassigned": '<span class="muted">' + escape(gettext("unassigned")) + "</span>",
        "edit": escape(gettext("Edit")),
        "edit_label": gettext("Edit #%(id)s %(title)s"),
        "top": escape(gettext("Move to the top")),
        "up": escape(gettext("Move up")),
        "down": escape(gettext("Move down")),
        "bottom": escape(gettext("Move to the bottom")),
        "top_label": gettext("Move “%(title)s” to the top"),
        "up_label": gettext("Move “%(title)s” up"),
        "down_label": gettext("Move “%(title)s” down"),
        "bottom_label": gettext("Move “%(title)s” to the bottom"),
        "delete": escape(gettext("Delete")),
        "delete_label": gettext("Delete #%(id)s %(title)s"),
        "move": escape(gettext("Move")),
        "move_label": gettext("Move “%(title)s”"),
        "column_label": gettext("Column for “%(title)s”"),
        "select_label": gettext("Select #%(id)s %(title)s"),
        "progress": gettext("Checklist: %(done)s of %(total)s done"),
        "sprint": escape(gettext("Sprint %(number)s")),
        "kinds": {value: escape(str(label)) for value, label in Kind.choices},
        "statuses": {value: escape(str(label)) for value, label in Status.choices},
    }


@cache
def _status_options(language: str | None, selected: str) -> str:
    """A card's column picker, with its own column selected."""
    return "".join(
        f'<option value="{value}"{" selected" if value == selected else ""}>{escape(str(label))}</option>'
        for value, label in Status.choices
    )


def _progress(item: BacklogItem, words: dict[str, object]) -> str:
    """The checklist's "3/5", only for an item that has one."""
    total, done = item.checklist_total, item.checklist_done
    if not total:
        return ""
    complete = " is-complete" if done == total else ""
    title = str(words["progress"]) % {"done": done, "total": total}
    return f' <span class="checklist-progress{complete}" title="{title}">{done}/{total}</span>'


def _sprint(item: BacklogItem, words: dict[str, object]) -> str:
    """The sprint the item is planned into, for an item in one: the bulk edit's sprint moves show in the list."""
    if item.sprint_number is None:
        return ""
    return f' <span class="sprint-tag">{str(words["sprint"]) % {"number": item.sprint_number}}</span>'


@cache
def _points(language: str | None, points: int) -> str:
    return ngettext("%(counter)s pt", "%(counter)s pts", points) % {"counter": points}


def backlog_rows(items: Sequence[BacklogItem], *, can_order: bool, here: str, csrf: str) -> SafeString:
    """The rows of `items` (read through `shown`, with `url`, `previous_id` and `next_id` set, and `marks` when a
    search found them: boards.search.highlights), in their order.

    `csrf` is the form's hidden token input (`{% csrf_token %}`'s), `here` the address a plain move returns to.
    """
    language = get_language()
    w = _words(language)
    here = escape(here)
    rows = []
    for position, item in enumerate(items, start=1):
        title = escape(item.title)
        marks = getattr(item, "marks", None)
        values = {"id": item.pk, "title": title}
        order = ""
        if can_order:
            first = "" if item.previous_id else " disabled"
            last = "" if item.next_id else " disabled"
            order = ORDER.format(
                url=item.url,
                csrf=csrf,
                here=here,
                w=w,
                first=first,
                last=last,
                previous=item.previous_id or "",
                next=item.next_id or "",
                top_label=w["top_label"] % values,
                up_label=w["up_label"] % values,
                down_label=w["down_label"] % values,
                bottom_label=w["bottom_label"] % values,
                delete_label=w["delete_label"] % values,
            )
        rows.append(
            ROW.format(
                pk=item.pk,
                url=item.url,
                move_url=f' data-move-url="{item.url}move/"' if can_order else "",
                position=w["position"] % {"position": position},
                kind=escape(item.kind),
                kind_label=w["kinds"].get(item.kind, escape(item.kind)),
                marked_title=marks.title if marks else title,
                snippet=_snippet(marks),
                labels=_chips(item),
                points=_points(language, item.points) if item.points else w["no_points"],
                ready_class="is-ready" if item.ready else "not-ready",
                ready=w["ready"] if item.ready else w["not_ready"],
                assignee=escape(item.assignee_name) if item.assignee_name else w["unassigned"],
                status=escape(item.status),
                status_label=w["statuses"].get(item.status, escape(item.status)),
                edit_label=w["edit_label"] % values,
                select_label=w["select_label"] % values,
                progress=_progress(item, w),
                sprint=_sprint(item, w),
                w=w,
                order=order,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 — every value above is escaped, every pattern is ours


def _snippet(marks: Highlights | None) -> str:
    """Where a search matched the criteria or the description, under the title (the marks are escaped text)."""
    if not marks:
        return ""
    found = marks.acceptance_criteria or marks.description
    return f'<span class="snippet">{found}</span>' if found else ""


CARD = """<li class="card" id="card-{pk}" data-item-id="{pk}" data-status-url="{url}status/">
<a class="card-title" href="{url}">{title}</a>{labels}
<span class="card-meta">
<span class="badge kind-{kind}">{kind_label}</span>
<span class="points">{points}</span>{progress}
{assignee}
</span>
<form class="move-card" method="post" action="{url}status/"
 hx-post="{url}status/" hx-target="#board-columns" hx-swap="outerHTML">
{csrf}
{scope}
<label class="visually-hidden" for="status-{pk}">{column_label}</label>
<select name="status" id="status-{pk}">
{options}
</select>
<button type="submit" aria-label="{move_label}">{w[move]}</button>
</form>
</li>
"""


def board_cards(items: Sequence[BacklogItem], *, scope: str, csrf: str) -> SafeString:
    """The cards of one column of the Scrum board (items read through `shown`, with `url` set), in their order.

    `scope` is "all" when the board shows every item (a move keeps showing them), `csrf` the hidden token input.
    """
    language = get_language()
    w = _words(language)
    scope_input = f'<input type="hidden" name="scope" value="{escape(scope)}">' if scope else ""
    cards = []
    for item in items:
        title = escape(item.title)
        cards.append(
            CARD.format(
                pk=item.pk,
                url=item.url,
                title=title,
                labels=_chips(item),
                kind=escape(item.kind),
                kind_label=w["kinds"].get(item.kind, escape(item.kind)),
                points=_points(language, item.points) if item.points else w["no_points"],
                assignee=f'<span class="assignee">{escape(item.assignee_name)}</span>' if item.assignee_name else "",
                csrf=csrf,
                scope=scope_input,
                column_label=w["column_label"] % {"title": title},
                options=_status_options(language, item.status),
                move_label=w["move_label"] % {"title": title},
                progress=_progress(item, w),
                w=w,
            )
        )
    return mark_safe("".join(cards))  # noqa: S308 — every value above is escaped, every pattern is ours
