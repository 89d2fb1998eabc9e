"""Partials other apps' pages include: `{% load sprints_tags %}{% backlog_health board %}` and
`{% bulk_edit membership %}` (the bulk edit's bar, which sets a sprint too) on the backlog page, and the `points`
filter: "5 points" in the page's language, for a number that may be a fraction."""

from django import template

from boards.models import Board, Membership
from sprints import selectors, wording
from sprints.views_bulk import bulk_context

register = template.Library()


@register.inclusion_tag("sprints/_backlog_health.html")
def backlog_health(board: Board) -> dict[str, object]:
    return {"board": board, "health": selectors.backlog_health(board=board)}


@register.inclusion_tag("sprints/_bulk_edit.html", takes_context=True)
def bulk_edit(context: template.Context, membership: Membership) -> dict[str, object]:
    return {"request": context.get("request"), **bulk_context(membership)}


@register.filter
def points(value: float | None) -> str:
    """`{{ 12.5|points }}`: "12.5 points", «12,5 поинта»; nothing for None."""
    return "" if value is None else wording.points_text(value)


@register.filter
def points_unit(value: float | None) -> str:
    """The word alone, after a number the page marks up by itself: `<span>5</span> {{ 5|points_unit }}`."""
    return "" if value is None else wording.points_unit(value)


@register.filter
def sprints(value: float | None) -> str:
    """`{{ 1.5|sprints }}`: "1.5 sprints", «1,5 спринта»."""
    return "" if value is None else wording.sprints_text(value)
