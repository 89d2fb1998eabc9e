"""A closed retro as Markdown. Card and action text is user input: every character that Markdown or HTML would read
as syntax where it stands is backslash-escaped, so the text renders exactly as typed; ordinary punctuation (a full
stop, an apostrophe, a colon, brackets after no link) is left alone, so the file still reads as typed.

The headings and labels are in the language of the request that asks for the file."""

import datetime
import zoneinfo

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from retros.models import Action, Card, Retro, Template
from scrum_app.markdown import markdown_escape, markdown_lines


def _board_day(retro: Retro) -> datetime.date:
    """The day the retro closed, in the board's time zone."""
    return timezone.localtime(retro.closed_at, zoneinfo.ZoneInfo(retro.board.time_zone)).date()


def filename(retro: Retro) -> str:
    return f"retro-{retro.board.slug}-sprint-{retro.sprint.number}.md"


def retro_markdown(retro: Retro) -> str:
    cards = list(
        Card.objects.filter(retro=retro)
        .select_related("author")
        .annotate(total=Count("votes"))
        .order_by("-total", "pk")
    )
    actions = list(Action.objects.filter(retro=retro).select_related("owner").order_by("created_at", "pk"))
    sprint = retro.sprint
    closed = _board_day(retro).isoformat() if retro.closed_at else _("not yet")
    lines = [
        "# "
        + _("Retrospective: %(board)s, sprint %(number)s")
        % {"board": markdown_escape(retro.board.name), "number": sprint.number},
        "",
        "- " + _("Template: %(template)s") % {"template": Template(retro.template).label},
        "- " + _("Closed: %(day)s") % {"day": closed},
        "",
    ]
    for key, label in retro.columns:
        lines += [f"## {label}", ""]
        in_column = [card for card in cards if card.column == key]
        for card in in_column:
            author = _("anonymous") if card.anonymous else markdown_escape(card.author.get_username())
            votes = ngettext("%(count)d vote", "%(count)d votes", card.total) % {"count": card.total}
            lines.append(f"- {markdown_lines(card.text)} ({votes}, {author})")
        if not in_column:
            lines.append(_("No cards."))
        lines.append("")
    lines += ["## " + _("Agreed actions"), ""]  # not "Actions": the default template has a column of that name
    for action in actions:
        due = ", " + _("due %(day)s") % {"day": action.due.isoformat()} if action.due else ""
        owner = markdown_escape(action.owner.get_username())
        lines.append(f"- [{'x' if action.state == 'done' else ' '}] {markdown_lines(action.text)} ({owner}{due})")
    if not actions:
        lines.append(_("No actions."))
    return "\n".join(lines) + "\n"
