"""Partials other apps' pages include: `{% load sprints_tags %}{% backlog_health board %}` on the backlog page."""

from django import template

from boards.models import Board
from sprints import selectors

register = template.Library()


@register.inclusion_tag("sprints/_backlog_health.html")
def backlog_health(board: Board) -> dict[str, object]:
    return {"board": board, "health": selectors.backlog_health(board=board)}
