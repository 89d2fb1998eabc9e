"""How long each ceremony should take: the lengths a timer starts with and the guides the sprint page measures against.

The Scrum Guide gives maxima for a one-month sprint and says shorter sprints take less: per week of sprint, planning
2 hours, review 1 hour, retrospective 45 minutes (capped at four weeks). The stand-up is 15 minutes a day. Refinement
should take 10–15% of the team's working time; a refinement session starts with the length the team set on its board
(an hour unless it says otherwise).
"""

import datetime
from dataclasses import dataclass
from fractions import Fraction

from boards.models import Board
from sprints.models import Sprint
from timers.models import Ceremony

PER_WEEK = {Ceremony.PLANNING: 120, Ceremony.REVIEW: 60, Ceremony.RETRO: 45}
STANDUP_MINUTES = 15
WORKDAY_MINUTES = 8 * 60
REFINEMENT_SHARE = (Fraction(10, 100), Fraction(15, 100))
MAX_WEEKS = 4
MAX_MINUTES = 8 * 60  # the longest ceremony (a month's planning): a start asks for no more
MAX_EXTEND_MINUTES = 4 * 60


def sprint_weeks(board: Board, sprint: Sprint | None) -> Fraction:
    """The sprint's length in weeks (its calendar days / 7, at most four); the board's usual length without one."""
    if sprint is None:
        return Fraction(board.sprint_length_weeks)
    days = (sprint.end_date - sprint.start_date).days + 1
    return min(Fraction(days, 7), Fraction(MAX_WEEKS))


def working_days(board: Board, sprint: Sprint) -> int:
    days = (sprint.end_date - sprint.start_date).days + 1
    dates = (sprint.start_date + datetime.timedelta(days=n) for n in range(days))
    return sum(1 for day in dates if day.isoweekday() in board.working_days)


def default_minutes(ceremony: str, *, board: Board, sprint: Sprint | None) -> int:
    """The length a timer starts with when the Scrum Master names none."""
    if ceremony == Ceremony.STANDUP:
        return STANDUP_MINUTES
    if ceremony == Ceremony.REFINEMENT:
        return board.refinement_minutes
    return max(1, round(PER_WEEK[ceremony] * sprint_weeks(board, sprint)))


@dataclass(frozen=True)
class Guide:
    """The time a ceremony should take over a whole sprint: `low` to `high` minutes (equal for a maximum)."""

    low: int
    high: int


def sprint_guides(board: Board, sprint: Sprint) -> dict[str, Guide]:
    """Each ceremony's guide for the sprint: a maximum for planning, review, retro and the stand-ups (one a working
    day), and 10–15% of the working time for refinement."""
    days = working_days(board, sprint)
    guides = {ceremony: default_minutes(ceremony, board=board, sprint=sprint) for ceremony in PER_WEEK}
    working = days * WORKDAY_MINUTES
    low, high = (round(working * share) for share in REFINEMENT_SHARE)
    return {
        Ceremony.PLANNING: Guide(guides[Ceremony.PLANNING], guides[Ceremony.PLANNING]),
        Ceremony.STANDUP: Guide(STANDUP_MINUTES * days, STANDUP_MINUTES * days),
        Ceremony.REVIEW: Guide(guides[Ceremony.REVIEW], guides[Ceremony.REVIEW]),
        Ceremony.RETRO: Guide(guides[Ceremony.RETRO], guides[Ceremony.RETRO]),
        Ceremony.REFINEMENT: Guide(low, high),
    }
