"""Partials other apps' pages include: `{% load sprints_tags %}{% backlog_health board %}` on the backlog page and
`{% item_history item %}` on the item page."""

from django import template

from boards.models import BacklogItem, Board, ItemEvent, Status
from sprints import selectors

register = template.Library()

STATUS_LABELS = dict(Status.choices)


@register.inclusion_tag("sprints/_backlog_health.html")
def backlog_health(board: Board) -> dict[str, object]:
    return {"board": board, "health": selectors.backlog_health(board=board)}


@register.inclusion_tag("sprints/_item_history.html")
def item_history(item: BacklogItem) -> dict[str, object]:
    return {"item": item, "events": list(selectors.item_history(item=item))}


@register.filter
def event_value(value: str, event: ItemEvent) -> str:
    """An event's old or new value as people say it: "In progress" rather than "in_progress"."""
    if not value:
        return "none"
    if event.field in (ItemEvent.Field.STATUS, ItemEvent.Field.CREATED):
        return STATUS_LABELS.get(value, value)
    return value
