"""An item reaches Done only with its Definition of Done met, by every path: the board's move, the item's form, the
API's PATCH of status, a bulk create, and the item service every other caller (the review's acceptance) uses."""

import pytest

from boards import services
from boards.models import BacklogItem, Criterion, CriterionCheck, ItemEvent, Status
from boards.services.definitions import definitions_add_defaults
from boards.tests.api_client import api_as
from boards.tests.conftest import HTMX
from boards.tests.factories import BacklogItemFactory
from scrum_app.errors import UnmetDefinition

UNMET = ["Code reviewed", "Tests pass", "Accepted by the Product Owner"]


@pytest.fixture
def item(team):
    definitions_add_defaults(board=team.board)
    return BacklogItemFactory(board=team.board, status=Status.PO_REVIEW)


def tick_done(item, *texts):
    for criterion in Criterion.objects.filter(board=item.board, kind="done", text__in=texts):
        CriterionCheck.objects.create(board=item.board, item=item, criterion=criterion)


def stays_in_review(item):
    stored = BacklogItem.objects.get(pk=item.pk)
    assert stored.status == Status.PO_REVIEW
    assert not ItemEvent.objects.filter(item=item, new_value=Status.DONE).exists()


def test_the_service_refuses_done_naming_what_is_missing_in_order(team, item):
    tick_done(item, "Tests pass")
    with pytest.raises(UnmetDefinition) as refused:
        services.item_update(actor=team.dev.user, item=item, status=Status.DONE)
    assert refused.value.unmet == ["Code reviewed", "Accepted by the Product Owner"]
    stays_in_review(item)


def test_the_api_answers_409_with_the_unmet_criteria(team, item):
    tick_done(item, "Code reviewed")
    response = api_as(team.dev).patch(f"/api/v1/boards/apollo/items/{item.pk}/", {"status": "done"}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"detail", "unmet"}
    assert body["unmet"] == ["Tests pass", "Accepted by the Product Owner"]
    assert "Tests pass" in body["detail"]
    stays_in_review(item)


def test_with_every_criterion_ticked_the_item_reaches_done_on_every_path(team, item):
    tick_done(item, *UNMET)
    response = api_as(team.dev).patch(f"/api/v1/boards/apollo/items/{item.pk}/", {"status": "done"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "done")


def test_an_empty_definition_of_done_checks_nothing(team, item):
    Criterion.objects.filter(board=team.board, kind="done").delete()
    services.item_update(actor=team.dev.user, item=item, status=Status.DONE)
    assert BacklogItem.objects.get(pk=item.pk).status == Status.DONE


def test_an_item_already_done_is_still_edited_after_the_definition_grows(team, item):
    tick_done(item, *UNMET)
    services.item_update(actor=team.dev.user, item=item, status=Status.DONE)
    Criterion.objects.create(board=team.board, kind="done", text="Documented", position=9)
    services.item_update(actor=team.dev.user, item=item, title="Renamed", status=Status.DONE)
    assert BacklogItem.objects.get(pk=item.pk).title == "Renamed"


def test_a_bulk_create_straight_into_done_is_refused_whole(team, item):
    entries = [{"title": "Fine"}, {"title": "Shipped already", "status": "done"}]
    response = api_as(team.po).post("/api/v1/boards/apollo/items/bulk/", entries, format="json")
    assert response.status_code == 409
    assert response.json()["unmet"] == UNMET
    assert not BacklogItem.objects.filter(title__in=["Fine", "Shipped already"]).exists()
    response = api_as(team.po).post("/api/v1/boards/apollo/items/", {"title": "One", "status": "done"}, format="json")
    assert (response.status_code, response.json()["unmet"]) == (409, UNMET)


def test_the_board_refuses_a_move_into_done_and_says_what_is_missing(team, item, client_for):
    tick_done(item, "Code reviewed", "Tests pass")
    url = f"/b/apollo/items/{item.pk}/status/"
    response = client_for(team.dev.user).post(url, {"status": "done"}, **HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#flash"
    assert "Accepted by the Product Owner" in response.content.decode()
    plain = client_for(team.dev.user).post(url, {"status": "done"})
    assert plain.status_code == 409
    assert "Definition of Done" in plain.content.decode()
    stays_in_review(item)


def test_the_item_form_refuses_done_and_says_what_is_missing(team, item, client_for):
    client = client_for(team.dev.user)
    page = client.get(f"/b/apollo/items/{item.pk}/")
    data = {
        "title": item.title,
        "kind": item.kind,
        "points": "",
        "status": "done",
        "assignee": "",
        "description": "",
        "acceptance_criteria": "",
        "version": str(item.version),
        "initial-status": "po_review",
    }
    assert page.status_code == 200
    response = client.post(f"/b/apollo/items/{item.pk}/", data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Code reviewed; Tests pass; Accepted by the Product Owner" in html
    stays_in_review(item)
