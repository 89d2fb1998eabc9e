"""Every write to sprint reviews. Pages and the API both come through here.

Locks follow boards.locks: the board, the sprint, the item decided on, then the review and its item's verdict row.
Holding the board's lock serialises a board's writers, and the verdict row is checked under its own lock, so two
decisions on one item made at once (two tabs of the Product Owner) give one verdict and one 409. Accepting an item
goes through boards.services.item_update, so every rule on reaching Done (the Definition of Done among them) holds;
its refusal propagates and nothing of the decision is kept. Events go to the board's topic after commit.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from boards import ranking
from boards import services as boards
from boards.events import publish_board
from boards.locks import lock_board, lock_items
from boards.models import BacklogItem, ItemEvent, Membership, Role, Status
from boards.selectors import require_role
from notifications.models import NotificationKind
from notifications.services import notify
from reviews import selectors
from reviews.models import Feedback, Review, ReviewItem, ReviewState, Verdict
from scrum_app.errors import Conflict, InvalidInput
from scrum_app.text import written_text
from sprints.models import Sprint, SprintState
from sprints.services import sprint_event

TEXT_LIMIT = 1000
POSITIONS = ("top", "bottom")
# The statuses the Product Owner decides on: what the team handed over, or already counted Done.
DECIDABLE = (Status.PO_REVIEW, Status.DONE)


def _changed(review: Review, event: str = "review.decided", **data: object) -> None:
    """Tell the board's pages: `review.decided` (a verdict, the goal), `review.feedback` (a note), `review.closed`,
    `review.opened`; each region of the review page follows the events that change it, so a note being typed in one
    region survives a verdict redrawing another."""
    publish_board(review.board_id, event, sprint=review.sprint.number, **data)


def _text(value: object, *, name: str, required: bool = True) -> str:
    return written_text(value, field=name, limit=TEXT_LIMIT, required=required)


def _locked(review: Review) -> Review:
    """The review's row, locked after the board and the sprint (the caller took the items it writes between)."""
    locked = Review.objects.select_for_update(of=("self",)).select_related("sprint").get(pk=review.pk)
    if locked.closed:
        raise Conflict(_("The review is closed; it can no longer change."))
    return locked


def _lock_sprint(sprint_id: int) -> Sprint:
    return Sprint.objects.select_for_update().get(pk=sprint_id)


def _left_at_close(sprint: Sprint) -> Iterable[int]:
    """The items that left a closed sprint when it closed (unfinished ones go to the backlog or the next sprint)."""
    return ItemEvent.objects.filter(
        board_id=sprint.board_id, field=ItemEvent.Field.SPRINT, old_value=str(sprint.number), at__gte=sprint.closed_at
    ).values_list("item_id", flat=True)


@transaction.atomic
def review_open(*, acting: Membership, sprint: Sprint) -> Review:
    """Open the review of a closed sprint, or of an active one near its end (selectors.review_opens_on), Scrum Master
    only, one per sprint. It takes the sprint's items as they are: for a closed sprint, those Done in it and those
    its close sent away unfinished."""
    require_role(acting, Role.SCRUM_MASTER, action=_("open a sprint review"))
    lock_board(acting.board_id)
    sprint = _lock_sprint(sprint.pk)
    if sprint.state == SprintState.PLANNED:
        raise Conflict(
            _("Sprint %(number)s has not started; only a started sprint is reviewed.") % {"number": sprint.number}
        )
    if not selectors.review_may_open(sprint, today=acting.board.today()):
        opens_on = selectors.review_opens_on(sprint)
        raise Conflict(
            _("Sprint %(number)s runs until %(end)s: its review opens near its end, on %(day)s.")
            % {"number": sprint.number, "end": date_format(sprint.end_date), "day": date_format(opens_on)}
        )
    try:
        with transaction.atomic():
            review = Review.objects.create(board_id=acting.board_id, sprint=sprint, opened_by=acting.user)
    except IntegrityError:
        raise Conflict(_("Sprint %(number)s already has a review.") % {"number": sprint.number}) from None
    ids = set(BacklogItem.objects.filter(sprint=sprint).values_list("pk", flat=True))
    if sprint.state == SprintState.CLOSED:
        ids |= set(_left_at_close(sprint))
    ReviewItem.objects.bulk_create([ReviewItem(review=review, item_id=item_id) for item_id in sorted(ids)])
    review.sprint = sprint
    _changed(review, "review.opened")
    return review


def _to_top_of_backlog(item: BacklogItem, sprint: Sprint, acting: Membership) -> None:
    """A rejected item of a closed sprint: out of any sprint, first in the backlog."""
    old = item.sprint
    item.sprint = None
    item.rank = ranking.rank_before_first(acting.board, excluding=item.pk)
    item.updated_by = acting.user
    item.save(update_fields=["sprint", "rank", "updated_by", "updated_at"])
    if old is not None:
        ItemEvent.objects.bulk_create([sprint_event(item, old, None, acting.user)])
    publish_board(acting.board, "item.moved", item=item.pk)


@transaction.atomic
def item_decide(*, acting: Membership, review: Review, item_id: int, verdict: str, note: str = "") -> ReviewItem:
    """The Product Owner's verdict on one item of the review, once. Accepting an item in PO review makes it Done
    (through the item service: the Definition of Done holds); rejecting one (with a note) sends it back to In
    progress, and, when the sprint is already closed, out of the sprint to the top of the backlog."""
    require_role(acting, Role.PRODUCT_OWNER, action=_("accept or reject items in the review"))
    if verdict not in Verdict.values:
        raise InvalidInput(
            _("The verdict is one of %(verdicts)s.") % {"verdicts": ", ".join(Verdict.values)}, field="verdict"
        )
    note = _text(note, name="note", required=verdict == Verdict.REJECTED)
    lock_board(acting.board_id)
    sprint = _lock_sprint(review.sprint_id)
    found = lock_items(BacklogItem.objects.filter(board_id=acting.board_id, pk=item_id).select_related("sprint"))
    row = ReviewItem.objects.filter(review_id=review.pk, item_id=item_id).first()
    if not found or (row is None and found[0].sprint_id != sprint.pk):
        raise Http404(_("No such item in this review."))
    item = found[0]
    review = _locked(review)
    if row is None:  # joined the sprint after the review opened
        try:
            with transaction.atomic():
                row = ReviewItem.objects.create(review=review, item=item)
        except IntegrityError:
            raise Conflict(_("This item was decided a moment ago; reload to see how.")) from None
    row = ReviewItem.objects.select_for_update().get(pk=row.pk)
    if row.verdict:
        raise Conflict(
            _("#%(id)s is already %(verdict)s.") % {"id": item.pk, "verdict": Verdict(row.verdict).label.lower()}
        )
    if item.status not in DECIDABLE:
        raise Conflict(
            _("#%(id)s is %(status)s; the Product Owner decides on items in PO review or Done.")
            % {"id": item.pk, "status": item.get_status_display().lower()}
        )
    if verdict == Verdict.ACCEPTED and item.status != Status.DONE:
        boards.item_update(actor=acting.user, item=item, status=Status.DONE)
    elif verdict == Verdict.REJECTED:
        boards.item_update(actor=acting.user, item=item, status=Status.IN_PROGRESS)
        if sprint.state == SprintState.CLOSED:
            _to_top_of_backlog(item, sprint, acting)
    row.verdict, row.note, row.decided_by, row.decided_at = verdict, note, acting.user, timezone.now()
    row.save(update_fields=["verdict", "note", "decided_by", "decided_at"])
    notify(
        kind=NotificationKind.REVIEW,
        recipients=[user for user in (item.assignee, item.created_by) if user is not None],
        actor=acting.user,
        board_id=acting.board_id,
        item_id=item.pk,
        text=f"{item.title}: {Verdict(verdict).label}",
        key=f"review:{row.pk}",
    )
    _changed(review, item=item.pk)
    return row


def _title(text: str) -> str:
    """A backlog item's title from a note: its first line, cut to the title's length."""
    limit = BacklogItem._meta.get_field("title").max_length
    first = text.splitlines()[0].strip()
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _to_backlog(acting: Membership, review: Review, feedback: Feedback, position: str) -> None:
    if position not in POSITIONS:
        raise InvalidInput(_("position is top or bottom."), field="position")
    if position == "top":  # the order of the backlog is the Product Owner's and the Scrum Master's
        require_role(acting, *boards.BACKLOG_ORDER_ROLES, action=_("put an item at the top of the backlog"))
    item = boards.item_create(
        board=acting.board, actor=acting.user, title=_title(feedback.text), description=feedback.text
    )
    if position == "top":
        boards.item_move(acting=acting, item_id=item.pk, position="top")
    feedback.item = item
    feedback.save(update_fields=["item"])


@transaction.atomic
def feedback_add(
    *, acting: Membership, review: Review, text: str, to_backlog: bool = False, position: str = "bottom"
) -> Feedback:
    """A member's note of stakeholder feedback; with `to_backlog` it becomes a backlog item at once."""
    text = _text(text, name="text")
    lock_board(acting.board_id)
    review = _locked(review)
    feedback = Feedback.objects.create(review=review, text=text, author=acting.user)
    if to_backlog:
        _to_backlog(acting, review, feedback, position)
    _changed(review, "review.feedback", feedback=feedback.pk)
    return feedback


@transaction.atomic
def feedback_to_backlog(*, acting: Membership, review: Review, feedback_id: int, position: str = "bottom") -> Feedback:
    """Turn a note into a new backlog item (at the bottom, or the top for the PO and SM), linked back to the note."""
    lock_board(acting.board_id)
    review = _locked(review)
    feedback = Feedback.objects.select_for_update().filter(review=review, pk=feedback_id).first()
    if feedback is None:
        raise Http404(_("No such feedback in this review."))
    if feedback.item_id is not None:
        raise Conflict(_("This note is already backlog item #%(id)s.") % {"id": feedback.item_id})
    _to_backlog(acting, review, feedback, position)
    _changed(review, "review.feedback", feedback=feedback.pk)
    return feedback


@transaction.atomic
def goal_met_set(*, acting: Membership, review: Review, goal_met: bool | None) -> Review:
    """The Product Owner records whether the sprint goal was met (None: not decided yet)."""
    require_role(acting, Role.PRODUCT_OWNER, action=_("record whether the sprint goal was met"))
    if goal_met is not None and not isinstance(goal_met, bool):
        raise InvalidInput(_("goal_met is true, false or null."), field="goal_met")
    lock_board(acting.board_id)
    review = _locked(review)
    review.goal_met = goal_met
    review.save(update_fields=["goal_met"])
    _changed(review)
    return review


@transaction.atomic
def review_close(*, acting: Membership, review: Review) -> Review:
    """Close the review (Scrum Master or Product Owner): from then on it is a read-only summary, exported as
    Markdown."""
    require_role(acting, Role.SCRUM_MASTER, Role.PRODUCT_OWNER, action=_("close the review"))
    lock_board(acting.board_id)
    review = _locked(review)
    review.state, review.closed_at, review.closed_by = ReviewState.CLOSED, timezone.now(), acting.user
    review.save(update_fields=["state", "closed_at", "closed_by"])
    _changed(review, "review.closed")
    return review
