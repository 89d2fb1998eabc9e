"""Sprints at the point of their review: the review of an active sprint opens only near its end."""

import datetime

from sprints.models import Sprint


def near_its_end(sprint: Sprint) -> Sprint:
    """The same sprint, its dates shifted so that it ends today (the board's today): its review may be opened."""
    length = sprint.end_date - sprint.start_date
    sprint.end_date = sprint.board.today()
    sprint.start_date = sprint.end_date - length
    Sprint.objects.filter(pk=sprint.pk).update(start_date=sprint.start_date, end_date=sprint.end_date)
    return sprint


def days_from_its_end(sprint: Sprint, days: int) -> Sprint:
    """The same sprint ending `days` after today."""
    near_its_end(sprint)
    shift = datetime.timedelta(days=days)
    sprint.start_date, sprint.end_date = sprint.start_date + shift, sprint.end_date + shift
    Sprint.objects.filter(pk=sprint.pk).update(start_date=sprint.start_date, end_date=sprint.end_date)
    return sprint
