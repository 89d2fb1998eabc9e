"""The Definitions of Ready and Done on the pages: the settings page edits both lists, the item page ticks them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import BacklogItem, Criterion, CriterionCheck
from boards.services.definitions import definitions_add_defaults
from boards.tests.conftest import HTMX
from boards.tests.factories import BacklogItemFactory

SETTINGS = "/b/apollo/settings/"
EDIT = "/b/apollo/settings/definitions/"


@pytest.fixture
def defined(team):
    definitions_add_defaults(board=team.board)
    return team


def texts(board, kind):
    return list(Criterion.objects.filter(board=board, kind=kind).order_by("position").values_list("text", flat=True))


def first(board, kind):
    return Criterion.objects.filter(board=board, kind=kind).order_by("position").first()


def test_the_settings_page_shows_both_lists_to_every_member(defined, client_for):
    html = client_for(defined.dev.user).get(SETTINGS).content.decode()
    assert "Definitions of Ready and Done" in html
    for text in ("Acceptance criteria written", "Accepted by the Product Owner"):
        assert text in html
    assert EDIT not in html  # a developer reads them


@pytest.mark.parametrize("who", ["po", "sm"])
def test_the_product_owner_and_scrum_master_add_rename_move_and_delete(defined, client_for, who):
    client = client_for(getattr(defined, who).user)
    response = client.post(EDIT, {"kind": "done", "action": "add", "text": "Deployed"}, **HTMX)
    assert response.status_code == 200
    assert 'id="definitions"' in response.content.decode() and "Deployed" in response.content.decode()
    reviewed = first(defined.board, "done")
    client.post(EDIT, {"kind": "done", "action": "rename", "criterion": reviewed.pk, "text": "Reviewed by two"}, **HTMX)
    client.post(EDIT, {"kind": "done", "action": "down", "criterion": reviewed.pk}, **HTMX)
    assert texts(defined.board, "done") == [
        "Tests pass",
        "Reviewed by two",
        "Accepted by the Product Owner",
        "Deployed",
    ]
    plain = client.post(EDIT, {"kind": "done", "action": "delete", "criterion": reviewed.pk})
    assert (plain.status_code, plain["Location"]) == (302, SETTINGS)
    assert texts(defined.board, "done") == ["Tests pass", "Accepted by the Product Owner", "Deployed"]


def test_a_rename_keeps_the_ticks_and_an_empty_text_is_refused(defined, client_for):
    item = BacklogItemFactory(board=defined.board)
    criterion = first(defined.board, "ready")
    CriterionCheck.objects.create(board=defined.board, item=item, criterion=criterion)
    client = client_for(defined.po.user)
    client.post(EDIT, {"kind": "ready", "action": "rename", "criterion": criterion.pk, "text": "AC written"}, **HTMX)
    assert CriterionCheck.objects.filter(criterion=criterion, item=item).exists()
    refused = client.post(EDIT, {"kind": "ready", "action": "rename", "criterion": criterion.pk, "text": " "}, **HTMX)
    assert refused.status_code == 400
    assert "A criterion needs a text." in refused.content.decode()
    assert texts(defined.board, "ready")[0] == "AC written"


def test_a_developer_may_not_edit_and_an_outsider_sees_nothing(defined, client_for):
    body = {"kind": "done", "action": "add", "text": "Sneaky"}
    assert client_for(defined.dev.user).post(EDIT, body).status_code == 403
    assert client_for(defined.outsider).post(EDIT, body).status_code == 404
    assert "Sneaky" not in texts(defined.board, "done")


def test_the_item_page_shows_both_checklists_and_invest_hints(defined, client_for):
    item = BacklogItemFactory(board=defined.board, points=20)
    html = client_for(defined.dev.user).get(f"/b/apollo/items/{item.pk}/").content.decode()
    assert 'id="item-checks"' in html
    assert html.count('aria-pressed="false"') == 6
    assert "No acceptance criteria" in html and "Over 13 points: split it" in html
    assert "Not ready" in html


def test_a_member_ticks_every_ready_criterion_and_the_item_becomes_ready(defined, client_for):
    item = BacklogItemFactory(board=defined.board)
    client = client_for(defined.dev.user)
    url = f"/b/apollo/items/{item.pk}/checks/"
    for criterion in Criterion.objects.filter(board=defined.board, kind="ready"):
        response = client.post(url, {"criterion": criterion.pk, "met": "1"}, **HTMX)
        assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="item-checks"')
    assert "Definition of Ready met" in html
    assert BacklogItem.objects.get(pk=item.pk).ready
    plain = client.post(url, {"criterion": first(defined.board, "ready").pk, "met": "0"})
    assert (plain.status_code, plain["Location"]) == (302, f"/b/apollo/items/{item.pk}/")
    assert not BacklogItem.objects.get(pk=item.pk).ready


def test_the_checklists_region_re_fetched_live_shows_the_ticks_to_members_only(defined, client_for):
    item = BacklogItemFactory(board=defined.board)
    criterion = first(defined.board, "ready")
    CriterionCheck.objects.create(board=defined.board, item=item, criterion=criterion)
    url = f"/b/apollo/items/{item.pk}/checks/"
    html = client_for(defined.po.user).get(url, **HTMX).content.decode()
    assert html.lstrip().startswith('<section id="item-checks"') and 'hx-trigger="live:refresh"' in html
    assert html.count('aria-pressed="true"') == 1 and html.count('aria-pressed="false"') == 5
    assert client_for(defined.po.user).get(url)["Location"] == f"/b/apollo/items/{item.pk}/"
    assert client_for(defined.outsider).get(url, **HTMX).status_code == 404


def test_a_tick_of_another_boards_criterion_or_by_an_outsider_is_a_404(defined, client_for):
    item = BacklogItemFactory(board=defined.board)
    url = f"/b/apollo/items/{item.pk}/checks/"
    criterion = first(defined.board, "done")
    assert client_for(defined.outsider).post(url, {"criterion": criterion.pk, "met": "1"}).status_code == 404
    assert client_for(defined.dev.user).post(url, {"criterion": "999999", "met": "1"}).status_code == 404
    assert client_for(defined.dev.user).post(url, {"criterion": "x", "met": "1"}).status_code == 404
    assert not CriterionCheck.objects.exists()


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_item_and_settings_pages_cost_the_same_for_few_and_many_criteria(defined, client_for):
    item = BacklogItemFactory(board=defined.board)
    client = client_for(defined.sm.user)
    item_url = f"/b/apollo/items/{item.pk}/"
    few = (queries(client, item_url), queries(client, SETTINGS))
    Criterion.objects.bulk_create(
        Criterion(board=defined.board, kind=kind, text=f"C{n}", position=10 + n)
        for n in range(25)
        for kind in ("ready", "done")
    )
    CriterionCheck.objects.bulk_create(
        CriterionCheck(board=defined.board, item=item, criterion=c)
        for c in Criterion.objects.filter(board=defined.board)
    )
    assert (queries(client, item_url), queries(client, SETTINGS)) == few
