"""Reads for sprint reviews, with access checks: callers reach the board through boards.selectors.membership_for
first, so a review of another board is as missing as an unknown one."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from boards.models import BacklogItem, Board, Status
from reviews.models import Feedback, Review, ReviewItem
from sprints.models import Sprint, SprintState
from sprints.selectors import sprint_for


def review_for(*, board: Board, number: int | str) -> Review:
    """The review of sprint `number` of the board, or 404 (no such sprint, or no review of it yet)."""
    sprint = sprint_for(board=board, number=number)
    review = Review.objects.filter(sprint=sprint).first()
    if review is None:
        raise Http404(_("Sprint %(number)s has no review yet.") % {"number": sprint.number})
    review.sprint = sprint
    review.board = board
    return review


def review_of(*, sprint: Sprint) -> Review | None:
    return Review.objects.filter(sprint=sprint).first()


@dataclass
class Row:
    """An item of the review as the page and the API show it."""

    item: BacklogItem
    verdict: str  # "" until decided
    note: str
    decided_by: str | None

    @property
    def id(self) -> int:
        return self.item.pk

    @property
    def decidable(self) -> bool:
        return not self.verdict and self.item.status in (Status.PO_REVIEW, Status.DONE)


@dataclass
class Summary:
    """Everything a review shows, in a fixed number of queries whatever the number of items and notes."""

    review: Review
    rows: list[Row]
    feedback: list[Feedback]

    @property
    def sprint(self) -> Sprint:
        return self.review.sprint

    @property
    def increment(self) -> list[Row]:
        return [row for row in self.rows if row.item.status == Status.DONE]

    @property
    def waiting(self) -> list[Row]:
        return [row for row in self.rows if row.item.status == Status.PO_REVIEW]

    @property
    def unfinished(self) -> list[Row]:
        return [row for row in self.rows if row.item.status not in (Status.DONE, Status.PO_REVIEW)]

    @property
    def committed_points(self) -> int:
        return self.sprint.committed_points or 0

    @property
    def completed_points(self) -> int:
        """The points of the review's items Done now: the increment, with what the PO accepted after the close."""
        return sum(row.item.points or 0 for row in self.increment)


def summary(*, review: Review) -> Summary:
    """The review's items (those taken when it opened, and those that joined the sprint since while it runs), each
    with its verdict, and the feedback, oldest first. Three queries."""
    entries = {entry.item_id: entry for entry in ReviewItem.objects.filter(review=review).select_related("decided_by")}
    items = Q(pk__in=list(entries))
    if review.sprint.state == SprintState.ACTIVE and not review.closed:
        items |= Q(sprint_id=review.sprint_id)
    rows = []
    for item in BacklogItem.objects.filter(items).order_by("rank", "pk"):
        entry = entries.get(item.pk)
        rows.append(
            Row(
                item=item,
                verdict=entry.verdict if entry else "",
                note=entry.note if entry else "",
                decided_by=entry.decided_by.get_username() if entry and entry.decided_by else None,
            )
        )
    feedback = list(
        Feedback.objects.filter(review=review).select_related("author", "item").order_by("created_at", "pk")
    )
    return Summary(review=review, rows=rows, feedback=feedback)


def reviews_of(*, board: Board) -> list[Review]:
    """The board's reviews, latest sprint first (one query)."""
    return list(Review.objects.filter(board=board).select_related("sprint").order_by("-sprint__number"))


def review_opens_on(sprint: Sprint) -> datetime.date | None:
    """The day the sprint's review may be opened: a closed sprint's at once (its start), an active sprint's near its
    end, on the first of its last fifth of working days (the board's working days; at least the last one: a
    two-week sprint's last two, a one-week sprint's last one); None for a sprint not started. A review opened in the
    first days would show an increment still to be built."""
    if sprint.state == SprintState.PLANNED:
        return None
    if sprint.state == SprintState.CLOSED:
        return sprint.start_date
    days = [
        sprint.start_date + datetime.timedelta(days=n) for n in range((sprint.end_date - sprint.start_date).days + 1)
    ]
    working = [day for day in days if day.isoweekday() in sprint.board.working_days] or [sprint.end_date]
    return working[-max(1, round(len(working) / 5))]


def review_may_open(sprint: Sprint, *, today: datetime.date) -> bool:
    opens_on = review_opens_on(sprint)
    return opens_on is not None and today >= opens_on


@dataclass(frozen=True)
class Reviewable:
    """The started sprints without a review: those whose review may be opened now, and the active one's later."""

    now: list[Sprint]
    later: list[Sprint]


def reviewable(*, board: Board) -> Reviewable:
    """The sprints a review may be opened for (started, not reviewed yet), latest first; an active sprint not yet
    near its end is `later`, with its opening day as `opens_on`."""
    today = board.today()
    shown = Reviewable(now=[], later=[])
    sprints = Sprint.objects.filter(board=board).exclude(state=SprintState.PLANNED).exclude(reviews__isnull=False)
    for sprint in sprints.order_by("-number"):
        sprint.board = board  # its working days, without a query per sprint
        sprint.opens_on = review_opens_on(sprint)
        (shown.now if review_may_open(sprint, today=today) else shown.later).append(sprint)
    return shown
