import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from boards.models import BacklogItem, ItemEvent
from boards.tests.factories import BacklogItemFactory
from reviews import services
from reviews.models import Review, ReviewItem
from reviews.selectors import review_opens_on, summary
from reviews.tests.dates import days_from_its_end
from scrum_app.errors import Conflict, InvalidInput
from sprints.services import sprint_add_items, sprint_create

pytestmark = pytest.mark.django_db


def _status(item):
    return BacklogItem.objects.get(pk=item.pk).status


def test_it_opens_the_review_of_an_active_sprint_for_the_scrum_master(team, sprint, items):
    review = services.review_open(acting=team.sm, sprint=sprint)
    shown = summary(review=review)
    assert [row.item.title for row in shown.increment] == ["Login"]
    assert [row.item.title for row in shown.waiting] == ["Search", "Export"]
    assert [row.item.title for row in shown.unfinished] == ["Profile", "Avatars"]
    assert (shown.committed_points, shown.completed_points) == (18, 3)


@pytest.mark.parametrize("who", ["po", "dev"])
def test_only_the_scrum_master_opens_a_review(team, sprint, who):
    with pytest.raises(PermissionDenied, match="Scrum Master"):
        services.review_open(acting=getattr(team, who), sprint=sprint)


def test_a_sprint_has_one_review_and_a_planned_one_none(team, sprint, review):
    with pytest.raises(Conflict, match="already has a review"):
        services.review_open(acting=team.sm, sprint=sprint)
    planned = sprint_create(acting=team.sm)
    with pytest.raises(Conflict, match="has not started"):
        services.review_open(acting=team.sm, sprint=planned)
    assert Review.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "end", "working_days", "opens_on"),
    [
        # Two weeks from a Monday (ten working days): the last two, from Thursday 12 March.
        ("2026-03-02", "2026-03-13", [1, 2, 3, 4, 5], "2026-03-12"),
        # Two weeks from a Tuesday, ending on a Monday: Friday and Monday, the weekend between them.
        ("2026-12-01", "2026-12-14", [1, 2, 3, 4, 5], "2026-12-11"),
        ("2026-03-02", "2026-03-06", [1, 2, 3, 4, 5], "2026-03-06"),  # one week: its last day
        ("2026-03-02", "2026-03-27", [1, 2, 3, 4, 5], "2026-03-24"),  # four weeks: the last four working days
        ("2026-03-02", "2026-03-15", [1, 2, 3, 4, 5, 6, 7], "2026-03-13"),  # every day works: the last three
    ],
)
def test_an_active_sprint_s_review_opens_in_its_last_fifth_of_working_days(
    team, sprint, start, end, working_days, opens_on
):
    sprint.start_date, sprint.end_date = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    sprint.board.working_days = working_days
    assert review_opens_on(sprint) == dt.date.fromisoformat(opens_on)


def test_before_its_last_days_an_active_sprint_s_review_is_refused_with_the_day_it_opens(team, sprint):
    days_from_its_end(sprint, 30)
    with pytest.raises(Conflict, match="its review opens near its end, on"):
        services.review_open(acting=team.sm, sprint=sprint)
    assert not Review.objects.exists()
    days_from_its_end(sprint, -3)  # overdue: still active, its review opens
    assert services.review_open(acting=team.sm, sprint=sprint).sprint == sprint


def test_the_review_of_a_closed_sprint_keeps_the_items_its_close_sent_away(team, closed_sprint):
    review = services.review_open(acting=team.sm, sprint=closed_sprint)
    shown = summary(review=review)
    assert [row.item.title for row in shown.rows] == ["Search", "Export", "Profile", "Avatars", "Login"]
    assert [row.item.title for row in shown.waiting] == ["Search", "Export"]


def test_the_product_owner_accepts_an_item_in_po_review_and_it_is_done(team, review, items):
    services.item_decide(acting=team.po, review=review, item_id=items["Search"].pk, verdict="accepted")
    assert _status(items["Search"]) == "done"
    shown = summary(review=review)
    assert [row.verdict for row in shown.increment] == ["", "accepted"]
    assert shown.completed_points == 8


def test_a_rejected_item_goes_back_to_in_progress_with_its_note(team, review, items):
    services.item_decide(acting=team.po, review=review, item_id=items["Login"].pk, verdict="rejected", note="No 2FA")
    assert _status(items["Login"]) == "in_progress"
    row = ReviewItem.objects.get(review=review, item=items["Login"])
    assert (row.verdict, row.note, row.decided_by) == ("rejected", "No 2FA", team.po.user)
    assert BacklogItem.objects.get(pk=items["Login"].pk).sprint_id == review.sprint_id


def test_a_rejection_needs_a_note(team, review, items):
    with pytest.raises(InvalidInput) as refused:
        services.item_decide(acting=team.po, review=review, item_id=items["Login"].pk, verdict="rejected")
    assert refused.value.field == "note"


def test_a_rejected_item_of_a_closed_sprint_returns_to_the_top_of_the_backlog(team, closed_sprint):
    BacklogItemFactory(board=team.board, title="Top already")
    review = services.review_open(acting=team.sm, sprint=closed_sprint)
    login = BacklogItem.objects.get(title="Login")
    services.item_decide(acting=team.po, review=review, item_id=login.pk, verdict="rejected", note="Broken")
    login.refresh_from_db()
    assert (login.status, login.sprint_id) == ("in_progress", None)
    assert BacklogItem.objects.filter(board=team.board).order_by("rank").first() == login
    assert ItemEvent.objects.filter(item=login, field="sprint", old_value="1", new_value="").count() == 1


@pytest.mark.parametrize("who", ["sm", "dev"])
def test_only_the_product_owner_decides(team, review, items, who):
    with pytest.raises(PermissionDenied, match="Product Owner"):
        services.item_decide(acting=getattr(team, who), review=review, item_id=items["Search"].pk, verdict="accepted")
    assert _status(items["Search"]) == "po_review"


def test_an_item_is_decided_once(team, review, items):
    services.item_decide(acting=team.po, review=review, item_id=items["Search"].pk, verdict="accepted")
    with pytest.raises(Conflict, match="already accepted"):
        services.item_decide(acting=team.po, review=review, item_id=items["Search"].pk, verdict="rejected", note="x")


def test_unfinished_items_are_not_decided(team, review, items):
    with pytest.raises(Conflict, match="in progress"):
        services.item_decide(acting=team.po, review=review, item_id=items["Profile"].pk, verdict="accepted")


def test_an_item_outside_the_sprint_is_missing(team, review):
    other = BacklogItemFactory(board=team.board, status="po_review")
    with pytest.raises(Http404):
        services.item_decide(acting=team.po, review=review, item_id=other.pk, verdict="accepted")


def test_an_item_added_to_the_sprint_after_the_review_opened_is_decided_too(team, sprint, review):
    late = BacklogItemFactory(board=team.board, title="Late", status="po_review", points=1)
    sprint_add_items(acting=team.sm, sprint=sprint, item_ids=[late.pk])
    BacklogItem.objects.filter(pk=late.pk).update(status="po_review")
    assert "Late" in [row.item.title for row in summary(review=review).waiting]
    services.item_decide(acting=team.po, review=review, item_id=late.pk, verdict="accepted")
    assert _status(late) == "done"


def test_any_member_records_feedback_and_it_may_go_to_the_bottom_of_the_backlog(team, review):
    kept = services.feedback_add(acting=team.dev, review=review, text="Export to CSV too")
    assert kept.item is None
    sent = services.feedback_add(acting=team.dev, review=review, text="Dark mode\nplease", to_backlog=True)
    assert (sent.item.title, sent.item.description) == ("Dark mode", "Dark mode\nplease")
    assert BacklogItem.objects.filter(board=team.board).order_by("rank").last() == sent.item


def test_a_note_goes_to_the_top_of_the_backlog_by_the_product_owner_only(team, review):
    note = services.feedback_add(acting=team.dev, review=review, text="Search by tag")
    with pytest.raises(PermissionDenied):
        services.feedback_to_backlog(acting=team.dev, review=review, feedback_id=note.pk, position="top")
    services.feedback_to_backlog(acting=team.po, review=review, feedback_id=note.pk, position="top")
    note.refresh_from_db()
    assert BacklogItem.objects.filter(board=team.board).order_by("rank").first() == note.item
    with pytest.raises(Conflict, match="already backlog item"):
        services.feedback_to_backlog(acting=team.po, review=review, feedback_id=note.pk)


def test_the_product_owner_records_the_goal_and_a_closed_review_is_frozen(team, review, items):
    with pytest.raises(PermissionDenied):
        services.goal_met_set(acting=team.sm, review=review, goal_met=True)
    services.goal_met_set(acting=team.po, review=review, goal_met=True)
    with pytest.raises(PermissionDenied):
        services.review_close(acting=team.dev, review=review)
    services.review_close(acting=team.po, review=review)
    writes = [
        lambda: services.goal_met_set(acting=team.po, review=review, goal_met=False),
        lambda: services.feedback_add(acting=team.dev, review=review, text="Late"),
        lambda: services.item_decide(acting=team.po, review=review, item_id=items["Search"].pk, verdict="accepted"),
        lambda: services.review_close(acting=team.sm, review=review),
    ]
    for write in writes:
        with pytest.raises(Conflict, match="closed"):
            write()
    review.refresh_from_db()
    assert (review.state, review.goal_met) == ("closed", True)


def test_a_later_sprint_s_items_are_not_in_the_review(team, closed_sprint):
    services.review_open(acting=team.sm, sprint=closed_sprint)
    second = sprint_create(acting=team.sm)
    sprint_add_items(acting=team.sm, sprint=second, item_ids=[BacklogItemFactory(board=team.board).pk])
    review = Review.objects.get()
    assert len(summary(review=review).rows) == 5
