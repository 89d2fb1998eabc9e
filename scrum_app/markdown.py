"""Markdown shared by the exports of closed ceremonies (a retro, a sprint review): user text escaped so it renders as
typed, and the renderer that lets an export's API answer `Accept: text/markdown`.

Every character that Markdown or HTML would read as syntax where it stands is backslash-escaped; ordinary
punctuation (a full stop, an apostrophe, a colon, brackets after no link) is left alone, so the file still reads as
typed."""

import re

from rest_framework.renderers import BaseRenderer

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


class MarkdownRenderer(BaseRenderer):
    """Lets a client send `Accept: text/markdown` (else a 406). The export itself is written by retros.export and
    returned as it is; this renders only the errors, as plain lines ("detail: …")."""

    media_type = "text/markdown"
    format = "md"
    charset = "utf-8"

    def render(
        self, data: object, accepted_media_type: str | None = None, renderer_context: dict | None = None
    ) -> bytes:
        items = data.items() if isinstance(data, dict) else [("detail", data)]
        lines = [f"{key}: {' '.join(map(str, value)) if isinstance(value, list) else value}" for key, value in items]
        return ("\n".join(lines) + "\n").encode(self.charset)
