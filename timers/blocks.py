"""What a timer block shows: the ceremony's timer of today, its state, and the Scrum Master's controls.

Shared by the template tag other apps' pages use (`{% ceremony_timer board "retro" %}`) and by the timers' own views
that re-render the block for htmx.
"""

from django.utils import timezone

from boards.models import Membership, Role
from timers.guides import default_minutes
from timers.models import Ceremony
from timers.selectors import ceremony_sprint, timer_of_day


def block_context(membership: Membership, ceremony: str, *, back: str, **extra: object) -> dict[str, object]:
    """The block's context (two queries: today's timer and, for the Scrum Master's start form, the sprint)."""
    board = membership.board
    timer = timer_of_day(board=board, ceremony=ceremony)
    now = timezone.now()
    is_sm = membership.role == Role.SCRUM_MASTER
    running = timer is not None and timer.is_running(now)
    context: dict[str, object] = {
        "board": board,
        "ceremony": ceremony,
        "label": Ceremony(ceremony).label,
        "timer": timer,
        "running": running,
        "ran_out": timer is not None and timer.ran_out(now),
        "held_minutes": round(timer.duration(now).total_seconds() / 60) if timer else 0,
        "is_sm": is_sm,
        "back": back,
        **extra,
    }
    if is_sm and not running:
        sprint = ceremony_sprint(board=board, ceremony=ceremony)
        context["default_minutes"] = default_minutes(ceremony, board=board, sprint=sprint)
    return context
