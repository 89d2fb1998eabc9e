"""The API's parsers: DRF's, refusing with a 400 what would otherwise end as a 500 further in.

- A body nested deeper than MAX_DEPTH: the C decoder recurses once per level (10,000 levels raised RecursionError),
  and so would serializers and renderers after it. No body of this API needs more than a few levels.
- A NUL character or a lone surrogate (`"\\ud800"`) in any string, key or value: PostgreSQL cannot store NUL in
  text and UTF-8 cannot encode a lone surrogate, so either fails in the database driver or in the renderer that
  echoes it back. The 400 names where it is (`{"3": {"title": [...]}}`), as a serializer would, and never echoes
  the string itself. Form bodies are checked for the same text (scrum_app.middleware checks POST forms of pages).
"""

import re
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

MAX_DEPTH = 32
NUL = gettext_lazy("Null characters are not allowed.")
SURROGATE = gettext_lazy("Lone surrogates are not allowed: send text as UTF-8 (a pair like \\ud83d\\ude00 is).")
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


def too_deep() -> str:
    return _("JSON parse error - the request body nests deeper than %(depth)s levels.") % {"depth": MAX_DEPTH}


def text_fault(text: str) -> str | None:
    """Why `text` cannot be stored (NUL, lone surrogate), or None when it can."""
    found = _BAD_TEXT.search(text)
    if found is None:
        return None
    return NUL if found.group() == "\x00" else SURROGATE


def _nested(path: tuple[str, ...], message: str) -> dict[str, Any]:
    error: Any = [message]
    for name in reversed(path):
        error = {name: error}
    return error


def check_json(data: Any) -> None:
    """Raise ParseError for a value nested deeper than MAX_DEPTH, ValidationError for text holding NUL or a lone
    surrogate. Walks without recursion, so the walk itself cannot overflow the stack."""
    pending: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while pending:
        value, path = pending.pop()
        if isinstance(value, str):
            message = text_fault(value)
            if message:
                raise ValidationError(_nested(path, message) if path else {"detail": message})
            continue
        if not isinstance(value, dict | list):
            continue
        if len(path) >= MAX_DEPTH:
            raise ParseError(too_deep())
        if isinstance(value, list):
            pending.extend((entry, (*path, str(index))) for index, entry in enumerate(value))
            continue
        for key, entry in value.items():
            message = text_fault(key)
            if message:
                detail = (
                    _("A key in %(path)s: %(problem)s") % {"path": ".".join(path), "problem": message}
                    if path
                    else _("A key: %(problem)s") % {"problem": message}
                )
                raise ValidationError({"detail": detail})
            pending.append((entry, (*path, key)))


def form_fault(values: QueryDict) -> tuple[str | None, str] | None:
    """The first field of a query or form whose name or text cannot be stored, as (name, message); the name is None
    when the name itself is at fault (it is not echoed)."""
    for name, texts in values.lists():
        message = text_fault(name)
        if message:
            return None, message
        for text in texts:
            message = text_fault(text) if isinstance(text, str) else None
            if message:
                return name, message
    return None


def check_form(values: QueryDict) -> None:
    fault = form_fault(values)
    if fault:
        name, message = fault
        raise ValidationError(
            {name: [message]} if name else {"detail": _("A field's name: %(problem)s") % {"problem": message}}
        )


class FormParser(parsers.FormParser):
    """DRF's form parser, refusing NUL characters as the JSON parser does (a PATCH form body: the middleware sees only
    POST forms)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict[str, Any] | None = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        check_form(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict[str, Any] | None = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        check_form(parsed.data)
        return parsed


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the checks of check_json (REST_FRAMEWORK's first parser: every JSON endpoint's)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict[str, Any] | None = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(too_deep()) from None
        check_json(data)
        return data
