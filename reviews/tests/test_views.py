import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards import services as boards_services
from boards.models import BacklogItem
from boards.tests.factories import BacklogItemFactory
from reviews import services
from reviews.models import Feedback, Review
from reviews.selectors import review_opens_on
from reviews.tests.dates import days_from_its_end
from sprints.services import sprint_add_items

pytestmark = pytest.mark.django_db

PAGE = "/b/apollo/reviews/1/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def as_(client, membership):
    client.force_login(getattr(membership, "user", membership))
    return client


def test_the_page_shows_the_goal_the_groups_and_the_points_to_every_member(client, team, review, items):
    html = as_(client, team.dev).get(PAGE).content.decode()
    assert "Sprint review: Sprint 1" in html and "Sign-up" in html
    increment = html[html.index('data-testid="increment"') : html.index('data-testid="waiting"')]
    waiting = html[html.index('data-testid="waiting"') : html.index('data-testid="unfinished"')]
    assert "Login" in increment and "Search" in waiting and "Export" in waiting
    assert "Committed 18 points, completed 3 points." in html
    assert 'id="timer-review"' in html and "burndown" in html
    assert "Accept" not in html  # the developer does not decide


def test_outsiders_get_404_and_visitors_log_in(client, team, review):
    assert as_(client, team.outsider).get(PAGE).status_code == 404
    assert as_(client, team.outsider).post(PAGE + "feedback/", {"text": "x"}).status_code == 404
    client.logout()
    assert client.get(PAGE).status_code == 302


def test_a_sprint_without_a_review_has_no_review_page(client, team, sprint):
    assert as_(client, team.dev).get(PAGE).status_code == 404


def test_the_product_owner_accepts_in_place_and_everyone_else_is_refused(client, team, review, items):
    url = f"{PAGE}items/{items['Search'].pk}/"
    refused = as_(client, team.sm).post(url, {"verdict": "accepted"}, **HTMX)
    assert refused.status_code == 403 and "Product Owner" in refused.content.decode()
    answer = as_(client, team.po).post(url, {"verdict": "accepted"}, **HTMX)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert html.strip().startswith('<div id="review-main"') and "Accepted by the PO" in html
    assert BacklogItem.objects.get(pk=items["Search"].pk).status == "done"


def test_a_plain_rejection_goes_back_to_the_page(client, team, review, items):
    url = f"{PAGE}items/{items['Export'].pk}/"
    response = as_(client, team.po).post(url, {"verdict": "rejected", "note": "No CSV"})
    assert response.status_code == 302 and response["Location"] == PAGE
    assert "No CSV" in client.get(PAGE).content.decode()


def test_the_definition_of_done_s_refusal_is_shown_in_the_region(client, team, review, items):
    boards_services.definitions_set(acting=team.po, ready=[], done=[{"text": "Code reviewed"}])
    answer = as_(client, team.po).post(f"{PAGE}items/{items['Search'].pk}/", {"verdict": "accepted"}, **HTMX)
    assert answer.status_code == 409
    html = answer.content.decode()
    assert 'role="alert">' in html and "Code reviewed" in html


def test_any_member_adds_feedback_and_the_form_comes_back_empty(client, team, review):
    answer = as_(client, team.dev).post(PAGE + "feedback/", {"text": "CSV export", "to_backlog": "bottom"}, **HTMX)
    assert answer.status_code == 200
    assert "review-noted" in answer["HX-Trigger"]
    assert '<div id="review-note-form"' in answer.content.decode() and "CSV export" not in answer.content.decode()
    note = Feedback.objects.get()
    assert note.item.title == "CSV export"
    notes = client.get(PAGE + "notes/", **HTMX).content.decode()
    assert f"backlog item #{note.item_id}" in notes


def test_refused_feedback_keeps_what_was_typed(client, team, review):
    answer = as_(client, team.dev).post(PAGE + "feedback/", {"text": "Keep me " + "x" * 1000})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Keep it to 1000 characters." in html and "Keep me xxx" in html
    assert not Feedback.objects.exists()


def test_the_note_form_s_live_refresh_never_draws_back_a_note(client, team, review):
    """A re-fetch that left while a note was being sent must not fill the box again once the note is added: the page
    keeps what is being typed (js/live.js), the server always draws the form blank."""
    html = as_(client, team.po).get(PAGE + "note-form/", {"text": "Half a th", "to_backlog": "top"}, **HTMX)
    html = html.content.decode()
    assert '<textarea id="feedback-text" name="text" maxlength="1000" rows="2" required></textarea>' in html
    assert 'value="" checked' in html and 'value="top" checked' not in html


def test_a_note_goes_to_the_backlog_from_the_list(client, team, review):
    note = services.feedback_add(acting=team.dev, review=review, text="Tags")
    answer = as_(client, team.po).post(f"{PAGE}feedback/{note.pk}/backlog/", {"position": "top"}, **HTMX)
    assert answer.status_code == 200 and "backlog item #" in answer.content.decode()


def test_regions_answer_htmx_and_send_a_plain_visit_to_the_page(client, team, review):
    for region in ("main", "notes", "note-form"):
        assert as_(client, team.dev).get(f"{PAGE}{region}/")["Location"] == PAGE
        assert client.get(f"{PAGE}{region}/", **HTMX).status_code == 200


def test_the_goal_and_the_close_and_then_a_read_only_summary(client, team, review):
    as_(client, team.dev).post(PAGE + "goal/", {"goal_met": "yes"})
    assert Review.objects.get().goal_met is None
    as_(client, team.po).post(PAGE + "goal/", {"goal_met": "yes"})
    assert client.get(PAGE + "export/").status_code == 409
    as_(client, team.dev).post(PAGE + "close/")
    assert not Review.objects.get().closed
    answer = as_(client, team.sm).post(PAGE + "close/", **HTMX)
    assert "review-noted" in answer["HX-Trigger"]
    html = as_(client, team.po).get(PAGE).content.decode()
    assert "a read-only summary" in html and "Export as Markdown" in html
    assert "<form" not in html[html.index('id="review-main"') : html.index('id="review-notes"')]
    assert 'name="text"' not in html
    exported = client.get(PAGE + "export/")
    assert exported.status_code == 200 and "Goal met: yes" in exported.content.decode()


def test_the_scrum_master_opens_a_review_from_the_list(client, team, sprint):
    listing = as_(client, team.dev).get("/b/apollo/reviews/").content.decode()
    assert "Open the review" not in listing
    assert client.post("/b/apollo/reviews/", {"sprint": "1"}).status_code == 403
    listing = as_(client, team.sm).get("/b/apollo/reviews/").content.decode()
    assert "Open the review" in listing
    response = client.post("/b/apollo/reviews/", {"sprint": "1"})
    assert response.status_code == 302 and response["Location"] == PAGE
    assert client.post("/b/apollo/reviews/", {"sprint": "1"}).status_code == 409


def test_before_its_last_days_the_list_and_the_sprint_page_say_when_the_review_opens(client, team, sprint):
    days_from_its_end(sprint, 30)
    opens_on = review_opens_on(sprint)
    day = f"{opens_on:%a} {opens_on.day} {opens_on:%b}"
    listing = as_(client, team.sm).get("/b/apollo/reviews/").content.decode()
    assert "Open the review" not in listing
    assert f"The review of Sprint 1 opens near its end, on {day}." in listing
    sprint_page = client.get("/b/apollo/sprints/1/").content.decode()
    assert f"The review opens near the sprint's end, on {day}." in sprint_page
    assert "Open the review" not in sprint_page
    response = client.post("/b/apollo/reviews/", {"sprint": "1"})
    assert response.status_code == 409 and "its review opens near its end" in response.content.decode()
    assert "review opens" not in as_(client, team.dev).get("/b/apollo/sprints/1/").content.decode()


def test_the_page_in_russian(client, team, review):
    html = as_(client, team.po).get(PAGE, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Обзор спринта" in html and "Инкремент" in html


def _grow(team, sprint, count):
    extra = [BacklogItemFactory(board=team.board, points=2) for _ in range(count)]
    sprint_add_items(acting=team.sm, sprint=sprint, item_ids=[item.pk for item in extra])
    BacklogItem.objects.filter(pk__in=[item.pk for item in extra[::2]]).update(status="po_review")


def test_the_page_runs_the_same_queries_for_5_and_50_items(client, team, sprint, review):
    services.feedback_add(acting=team.dev, review=review, text="One")
    as_(client, team.po)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(PAGE).status_code == 200
    _grow(team, sprint, 45)
    for n in range(10):
        services.feedback_add(acting=team.dev, review=review, text=f"Note {n}")
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        html = client.get(PAGE).content.decode()
    assert html.count("data-item-id=") == 50
    assert len(many) == len(few)
