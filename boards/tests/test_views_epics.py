"""The epics page (each epic in backlog order with its progress bar) and an epic's own page (its progress and its
items); the item page's epic picker; the backlog's epic filter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards import services
from boards.models import BacklogItem, Kind, Status
from boards.tests.conftest import assert_sends_anonymous_visitors_to_log_in
from boards.tests.factories import BacklogItemFactory

pytestmark = pytest.mark.django_db

PAGE = "/b/apollo/epics/"


@pytest.fixture
def epics(team):
    """Growth (no items) above Checkout: Cart (3, Done), Pay (5), Receipt (unestimated, Done)."""
    growth = BacklogItemFactory(board=team.board, title="Growth", kind=Kind.EPIC)
    checkout = BacklogItemFactory(board=team.board, title="Checkout", kind=Kind.EPIC)
    for title, points, status in (("Cart", 3, Status.DONE), ("Pay", 5, Status.TODO), ("Receipt", None, Status.DONE)):
        BacklogItemFactory(board=team.board, title=title, points=points, status=status, epic=checkout)
    return growth, checkout


def test_it_sends_anonymous_visitors_to_log_in(team, client):
    assert_sends_anonymous_visitors_to_log_in(client, PAGE)


def test_it_hides_the_epics_from_outsiders(team, client_for, epics):
    assert client_for(team.outsider).get(PAGE).status_code == 404


def test_it_lists_the_epics_in_backlog_order_with_their_progress(team, client_for, epics):
    growth, checkout = epics
    response = client_for(team.dev.user).get(PAGE)
    assert [epic.title for epic in response.context["epics"]] == ["Growth", "Checkout"]
    page = response.content.decode()
    section = page[page.index(f'id="epic-{checkout.pk}"') :]
    assert '<progress max="100" value="38"' in section  # 3 of 8 points
    assert "2 of 3 items done · 3 of 8 points" in section
    assert f"/b/apollo/?epic={checkout.pk}" in section
    assert "0 of 0 items done" in page[page.index(f'id="epic-{growth.pk}"') : page.index(f'id="epic-{checkout.pk}"')]
    assert 'href="/b/apollo/epics/" aria-current="page"' in page


def test_the_page_runs_the_same_queries_for_5_and_50_epics(team, client_for):
    client = client_for(team.dev.user)

    def count(n):
        for _ in range(n - BacklogItem.objects.filter(kind=Kind.EPIC).count()):
            epic = BacklogItemFactory(board=team.board, kind=Kind.EPIC)
            BacklogItemFactory(board=team.board, epic=epic, points=2, status=Status.DONE)
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get(PAGE).context["epics"]) == n
        return len(ctx.captured_queries)

    assert count(5) == count(50)


def test_an_epics_page_shows_its_progress_and_items_and_an_items_page_its_epic(team, client_for, epics):
    _growth, checkout = epics
    client = client_for(team.dev.user)
    page = client.get(f"/b/apollo/items/{checkout.pk}/").content.decode()
    assert "Items in this epic" in page and "2 of 3 items done · 3 of 8 points" in page
    assert page.index("Cart") < page.index("Pay") < page.index("Receipt")
    cart = BacklogItem.objects.get(title="Cart")
    page = client.get(f"/b/apollo/items/{cart.pk}/").content.decode()
    assert f'<a href="/b/apollo/items/{checkout.pk}/">#{checkout.pk} Checkout</a>' in page


def test_the_item_page_puts_an_item_into_an_epic_and_refuses_an_epic_into_one(team, client_for, epics):
    growth, checkout = epics
    client = client_for(team.dev.user)
    item = services.item_create(board=team.board, actor=team.po.user, title="Coupons")
    page = client.get(f"/b/apollo/items/{item.pk}/").content.decode()
    assert f'<option value="{checkout.pk}">#{checkout.pk} Checkout</option>' in page
    form = {"title": "Coupons", "kind": "story", "status": "todo", "epic": checkout.pk, "version": item.version}
    assert client.post(f"/b/apollo/items/{item.pk}/", form).status_code == 302
    assert BacklogItem.objects.get(pk=item.pk).epic_id == checkout.pk
    form = {"title": "Growth", "kind": "epic", "status": "todo", "epic": checkout.pk, "version": growth.version}
    response = client.post(f"/b/apollo/items/{growth.pk}/", form)
    assert response.status_code == 400
    assert "An epic cannot belong to an epic." in response.context["form"].errors["epic"]
    assert BacklogItem.objects.get(pk=growth.pk).epic_id is None


def test_the_backlog_filters_by_epic(team, client_for, epics):
    _growth, checkout = epics
    response = client_for(team.dev.user).get(f"/b/apollo/?epic={checkout.pk}")
    assert [item.title for item in response.context["items"]] == ["Cart", "Pay", "Receipt"]
    unknown = client_for(team.dev.user).get("/b/apollo/?epic=999999")  # as an unknown sprint number: nothing
    assert unknown.status_code == 200 and list(unknown.context["items"]) == []
    assert client_for(team.dev.user).get("/b/apollo/?epic=x").status_code == 400
