"""The review's link other apps' pages show: `{% load reviews_tags %}{% review_link board sprint %}` on the sprint
page and in the retro room of the same sprint. A template tag, as timers' blocks are (docs/architecture.md): those
pages belong to apps that may not import this one, and the link needs only the board and the sprint they have."""

from django import template

from boards.models import Board, Membership, Role
from reviews.selectors import review_may_open, review_of, review_opens_on
from sprints.models import Sprint, SprintState

register = template.Library()


@register.inclusion_tag("reviews/_review_link.html", takes_context=True)
def review_link(context: template.Context, board: Board, sprint: Sprint) -> dict[str, object]:
    """The sprint's review (its state), or for the Scrum Master of a started sprint the button that opens it (near
    the end of an active sprint; before that, the day it opens)."""
    membership = context.get("membership")
    facilitates = isinstance(membership, Membership) and membership.role == Role.SCRUM_MASTER
    return {
        "board": board,
        "sprint": sprint,
        "review": review_of(sprint=sprint),
        "facilitates": facilitates and sprint.state != SprintState.PLANNED,
        "may_open": facilitates and review_may_open(sprint, today=board.today()),
        "opens_on": review_opens_on(sprint),
        "csrf_token": context.get("csrf_token"),
    }
