"""Partials other apps' pages include: `{% load retros_tags %}{% improvement_actions board %}` on the board page."""

from django import template

from boards.models import Board
from retros import selectors

register = template.Library()


@register.inclusion_tag("retros/_improvement_actions.html", takes_context=True)
def improvement_actions(context: template.Context, board: Board) -> dict[str, object]:
    return {"board": board, "actions": selectors.open_actions(board=board), "csrf_token": context.get("csrf_token")}
