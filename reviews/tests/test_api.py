import pytest

from boards import services as boards_services
from boards.models import BacklogItem
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory
from reviews import services
from sprints.services import sprint_create

pytestmark = pytest.mark.django_db

BASE = "/api/v1/boards/apollo/sprints/1/review/"


def test_it_opens_and_shows_a_review_as_the_contract_says(team, sprint, items):
    response = api_as(team.sm).post(BASE)
    assert response.status_code == 201
    body = api_as(team.dev).get(BASE).json()
    assert {
        key: body[key] for key in ("sprint", "state", "goal", "goal_met", "committed_points", "completed_points")
    } == {
        "sprint": 1,
        "state": "open",
        "goal": "Sign-up",
        "goal_met": None,
        "committed_points": 18,
        "completed_points": 3,
    }
    assert body["items"][0] == {
        "id": items["Login"].pk,
        "title": "Login",
        "points": 3,
        "status": "done",
        "verdict": None,
        "note": "",
    }
    assert body["feedback"] == []


def test_opening_twice_or_a_planned_sprint_is_a_conflict_and_only_the_scrum_master_opens(team, sprint):
    assert api_as(team.po).post(BASE).status_code == 403
    assert api_as(team.sm).post(BASE).status_code == 201
    assert api_as(team.sm).post(BASE).status_code == 409
    sprint_create(acting=team.sm)
    assert api_as(team.sm).post("/api/v1/boards/apollo/sprints/2/review/").status_code == 409


@pytest.mark.parametrize("who", [None, "outsider"])
def test_outsiders_see_no_review(team, review, who):
    client = api_as(team.outsider if who else None)
    assert client.get(BASE).status_code in (401, 404) if who is None else client.get(BASE).status_code == 404
    if who:
        assert client.post(BASE + "close/").status_code == 404


def test_a_review_not_opened_yet_is_missing(team, sprint):
    assert api_as(team.dev).get(BASE).status_code == 404


def test_the_product_owner_accepts_and_rejects(team, review, items):
    po = api_as(team.po)
    accepted = po.post(f"{BASE}items/{items['Search'].pk}/", {"verdict": "accepted"}, format="json")
    assert accepted.status_code == 200
    rejected = po.post(f"{BASE}items/{items['Login'].pk}/", {"verdict": "rejected", "note": "No 2FA"}, format="json")
    rows = {row["title"]: row for row in rejected.json()["items"]}
    assert (rows["Search"]["status"], rows["Search"]["verdict"]) == ("done", "accepted")
    assert (rows["Login"]["status"], rows["Login"]["verdict"], rows["Login"]["note"]) == (
        "in_progress",
        "rejected",
        "No 2FA",
    )
    again = po.post(f"{BASE}items/{items['Search'].pk}/", {"verdict": "accepted"}, format="json")
    assert again.status_code == 409
    assert "already accepted" in again.json()["detail"]


def test_decisions_are_the_product_owner_s_and_on_the_sprint_s_items_only(team, review, items):
    url = f"{BASE}items/{items['Search'].pk}/"
    assert api_as(team.sm).post(url, {"verdict": "accepted"}, format="json").status_code == 403
    assert api_as(team.dev).post(url, {"verdict": "accepted"}, format="json").status_code == 403
    other = BacklogItemFactory(board=team.board, status="po_review")
    assert api_as(team.po).post(f"{BASE}items/{other.pk}/", {"verdict": "accepted"}, format="json").status_code == 404
    bad = api_as(team.po).post(url, {"verdict": "maybe"}, format="json")
    assert bad.status_code == 400 and "verdict" in bad.json()


def test_acceptance_waits_for_the_definition_of_done_and_nothing_is_decided(team, review, items):
    boards_services.definitions_set(acting=team.po, ready=[], done=[{"text": "Code reviewed"}])
    response = api_as(team.po).post(f"{BASE}items/{items['Search'].pk}/", {"verdict": "accepted"}, format="json")
    assert response.status_code == 409
    assert response.json()["unmet"] == ["Code reviewed"]
    assert "Code reviewed" in response.json()["detail"]
    rows = {row["title"]: row for row in api_as(team.po).get(BASE).json()["items"]}
    assert (rows["Search"]["status"], rows["Search"]["verdict"]) == ("po_review", None)


def test_feedback_is_anyone_s_and_may_go_to_the_backlog(team, review):
    kept = api_as(team.dev).post(BASE + "feedback/", {"text": "CSV too", "to_backlog": False}, format="json")
    assert kept.status_code == 201
    assert kept.json() == {"id": kept.json()["id"], "text": "CSV too", "author": "dave", "item": None}
    sent = api_as(team.dev).post(BASE + "feedback/", {"text": "Dark mode", "to_backlog": True}, format="json")
    assert sent.status_code == 201
    assert BacklogItem.objects.get(pk=sent.json()["item"]).title == "Dark mode"
    later = api_as(team.po).post(f"{BASE}feedback/{kept.json()['id']}/backlog/", {"position": "top"}, format="json")
    assert later.status_code == 201 and later.json()["item"]


def test_goal_close_and_export(team, review):
    assert api_as(team.sm).patch(BASE, {"goal_met": True}, format="json").status_code == 403
    assert api_as(team.po).patch(BASE, {"goal_met": True}, format="json").json()["goal_met"] is True
    assert api_as(team.po).get(BASE + "export/").status_code == 409
    assert api_as(team.dev).post(BASE + "close/").status_code == 403
    closed = api_as(team.sm).post(BASE + "close/")
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    exported = api_as(team.dev).get(BASE + "export/")
    assert exported.status_code == 200
    assert exported["Content-Disposition"] == 'attachment; filename="review-apollo-sprint-1.md"'
    text = exported.content.decode()
    assert "Goal met: yes" in text and "Committed 18 points, completed 3" in text


def test_every_write_to_a_closed_review_is_a_conflict(team, review, items):
    services.review_close(acting=team.sm, review=review)
    writes = [
        api_as(team.po).patch(BASE, {"goal_met": False}, format="json"),
        api_as(team.po).post(f"{BASE}items/{items['Search'].pk}/", {"verdict": "accepted"}, format="json"),
        api_as(team.dev).post(BASE + "feedback/", {"text": "Late"}, format="json"),
        api_as(team.sm).post(BASE + "close/"),
        api_as(team.sm).post(BASE),
    ]
    assert [response.status_code for response in writes] == [409] * 5
