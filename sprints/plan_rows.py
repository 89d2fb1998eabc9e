"""The sprint planning page's two lists as HTML, built in Python: the part of the page that grows with the backlog.

In the template language a row reversed three URLs and translated three strings: ~0.2 ms, most of a ~50 ms page for a
backlog of 260 (bench/page_bench.py, docs/benchmarks.md "Issue 13: pages"). Here the URLs are reversed and the words
translated once per list. The markup is the one sprints/sprint_plan.html had, byte for byte apart from whitespace.
"""

from collections.abc import Sequence
from functools import cache
from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from boards.models import BacklogItem
from sprints.models import Sprint

ROW = """<li class="plan-item" data-item="{pk}">
<a class="title" href="{prefix}{pk}/">#{pk} {title}</a>
<span class="points">{points}</span>
{warnings}
{form}
</li>
"""

FORM = """<form method="post" action="{action}" hx-post="{action}" hx-target="#planning" hx-swap="outerHTML">
{csrf}<input type="hidden" name="items" value="{pk}">
<button type="submit" aria-label="{label}">{button}</button>
</form>"""


@cache
def _words(language: str | None) -> dict[str, str]:
    """The same msgids as the template's tags had; a {% translate %} is escaped, a {% blocktranslate %} pattern is
    not (its values are)."""
    return {
        "no_points": escape(gettext("? pts")),
        "add": escape(gettext("Add →")),
        "add_label": gettext("Add #%(id)s %(title)s to the sprint"),
        "remove": escape(gettext("← Remove")),
        "remove_label": gettext("Remove #%(id)s %(title)s from the sprint"),
    }


@cache
def _points(language: str | None, points: int) -> str:
    return ngettext("%(points)s pt", "%(points)s pts", points) % {"points": points}


def plan_rows(
    items: Sequence[BacklogItem], *, sprint: Sprint, slug: str, adds: bool, can_plan: bool, csrf: str
) -> SafeString:
    """The rows of one side of the planning page: the backlog's (`adds`: each adds its item to the sprint) or the
    sprint's (each removes it). Items carry their `warnings` (sprints.selectors.planning)."""
    language = get_language()
    w = _words(language)
    prefix = reverse("boards:item", kwargs={"slug": slug, "item_id": 0}).removesuffix("0/")
    action = reverse(
        "sprints:plan-add" if adds else "sprints:plan-remove", kwargs={"slug": slug, "number": sprint.number}
    )
    label, button = (w["add_label"], w["add"]) if adds else (w["remove_label"], w["remove"])
    rows = []
    for item in items:
        title = escape(item.title)
        form = ""
        if can_plan:
            form = FORM.format(
                action=action, csrf=csrf, pk=item.pk, label=label % {"id": item.pk, "title": title}, button=button
            )
        rows.append(
            ROW.format(
                pk=item.pk,
                prefix=prefix,
                title=title,
                points=w["no_points"] if item.points is None else _points(language, item.points),
                warnings="".join(f'<span class="tag warn">{escape(str(warning))}</span>' for warning in item.warnings),
                form=form,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 — every value above is escaped, every pattern is ours
