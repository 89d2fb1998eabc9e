"""The timer block other apps' pages include: `{% load timers_tags %}{% ceremony_timer board "retro" %}` (the
stand-up, the planning page, the retro room), and the sprint page's chart of its ceremonies' time
(`{% ceremony_times sprint %}`).

A template tag rather than a view composed in scrum_app: the block is one region of pages that belong to their
apps, and it needs only the board and the caller's membership, which those pages already have (docs/architecture.md).
"""

from django import template
from django.http import HttpRequest

from boards.models import Board, Membership
from boards.selectors import membership_for
from sprints.models import Sprint
from timers.blocks import block_context
from timers.selectors import sprint_ceremony_times

register = template.Library()


def _membership(context: template.Context, board: Board) -> Membership:
    """The page's membership when it has one for this board (no query), else the caller's."""
    found = context.get("membership")
    if isinstance(found, Membership) and found.board_id == board.pk:
        found.board = board
        return found
    return membership_for(user=context["request"].user, slug=board.slug)


def _page_path(request: HttpRequest) -> str:
    """Where the block's plain forms come back to: the page itself, also when htmx fetched a part of it."""
    htmx = getattr(request, "htmx", None)
    return (htmx and htmx.current_url_abs_path) or request.get_full_path()


@register.inclusion_tag("timers/_timer.html", takes_context=True)
def ceremony_timer(context: template.Context, board: Board, ceremony: str) -> dict[str, object]:
    membership = _membership(context, board)
    # A page that refused a start of its own (the stand-up's timebox form) shows the refusal in the block.
    error = context.get("timer_error")
    block = block_context(membership, ceremony, back=_page_path(context["request"]), error=error)
    return {**block, "csrf_token": context.get("csrf_token"), "request": context["request"], "wrapped": True}


BAR_X, BAR_W, ROW_H = 190, 360, 30


@register.inclusion_tag("timers/_ceremony_times.html")
def ceremony_times(board: Board, sprint: Sprint) -> dict[str, object]:
    """Each ceremony's minutes this sprint as a bar, its guide as a mark (refinement's 10–15% as a band)."""
    times = sprint_ceremony_times(board=board, sprint=sprint)
    scale = max([time.guide.high for time in times] + [time.minutes for time in times] + [1])

    def x(minutes: int) -> int:
        return BAR_X + round(BAR_W * minutes / scale)

    rows = [
        {
            "time": time,
            "y": 10 + n * ROW_H,
            "width": x(time.minutes) - BAR_X,
            "guide_x": x(time.guide.low),
            "guide_w": x(time.guide.high) - x(time.guide.low),
        }
        for n, time in enumerate(times)
    ]
    return {
        "board": board,
        "sprint": sprint,
        "rows": rows,
        "height": 20 + len(rows) * ROW_H,
        "bar_x": BAR_X,
        "bar_w": BAR_W,
        "text_x": BAR_X + BAR_W + 10,
    }
