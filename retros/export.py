"""A closed retro as Markdown. Card and action text is user input: every character that Markdown or HTML would read
as syntax where it stands is backslash-escaped, so the text renders exactly as typed; ordinary punctuation (a full
stop, an apostrophe, a colon, brackets after no link) is left alone, so the file still reads as typed."""

import datetime
import re
import zoneinfo

from django.db.models import Count
from django.utils import timezone

from retros.models import Action, Card, Retro, Template

# Markup anywhere in a line: escapes, code, emphasis, links and images (a link needs its "["), HTML tags and
# entities, table cells, strikethrough.
_ANYWHERE = re.compile(r"([\\`*_\[\]<>&|~])")
# Markup only at the start of a line: headings, list and quote markers, setext underlines, ordered-list numbers.
_LINE_START = re.compile(r"^([#+\-=]|\d+(?=[.)]))")
_SPACE = re.compile(r"\s+")


def markdown_escape(text: str) -> str:
    """`text` as literal Markdown on one line (line breaks become spaces)."""
    escaped = _ANYWHERE.sub(r"\\\1", _SPACE.sub(" ", text).strip())
    start = _LINE_START.match(escaped)
    if start is None:
        return escaped
    if start.group(1)[0].isdigit():  # "1. one": the full stop or bracket after the number makes the list
        end = start.end()
        return f"{escaped[:end]}\\{escaped[end:]}"
    return f"\\{escaped}"


def markdown_lines(text: str) -> str:
    """`text` as literal Markdown keeping its line breaks inside one list item: each line escaped, joined by hard
    breaks (a trailing backslash) and indented under the item's marker; blank lines are dropped, since one would end
    the item."""
    return "\\\n  ".join(markdown_escape(line) for line in text.splitlines() if line.strip())


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
    lines = [
        f"# Retrospective: {markdown_escape(retro.board.name)}, sprint {sprint.number}",
        "",
        f"- Template: {Template(retro.template).label}",
        f"- Closed: {_board_day(retro):%Y-%m-%d}" if retro.closed_at else "- Closed: not yet",
        "",
    ]
    for key, label in retro.columns:
        lines += [f"## {label}", ""]
        in_column = [card for card in cards if card.column == key]
        for card in in_column:
            author = "anonymous" if card.anonymous else markdown_escape(card.author.get_username())
            votes = f"{card.total} vote{'s' if card.total != 1 else ''}"
            lines.append(f"- {markdown_lines(card.text)} ({votes}, {author})")
        if not in_column:
            lines.append("No cards.")
        lines.append("")
    lines += ["## Agreed actions", ""]  # not "Actions": the default template has a column of that name
    for action in actions:
        due = f", due {action.due:%Y-%m-%d}" if action.due else ""
        owner = markdown_escape(action.owner.get_username())
        lines.append(f"- [{'x' if action.state == 'done' else ' '}] {markdown_lines(action.text)} ({owner}{due})")
    if not actions:
        lines.append("No actions.")
    return "\n".join(lines) + "\n"
