"""Partials other apps' pages include: `{% load standups_tags %}{% open_blockers board %}` on the board page."""

from django import template

from boards.models import Board
from standups import selectors

register = template.Library()


def panel_context(board: Board, **extra: object) -> dict[str, object]:
    found = selectors.open_blockers(board=board)
    return {"board": board, "open_blockers": found.blockers, "open_count": found.count, "more": found.more, **extra}


@register.inclusion_tag("standups/_open_blockers.html", takes_context=True)
def open_blockers(context: template.Context, board: Board) -> dict[str, object]:
    """The board's open blockers, each with a Resolve button; refreshes live on the board's topic."""
    request = context.get("request")
    return {**panel_context(board), "csrf_token": context.get("csrf_token"), "request": request}
