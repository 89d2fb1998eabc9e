"""Splitting an item from its own page."""

import pytest

from boards.models import BacklogItem, Status
from boards.tests.conftest import HTMX
from boards.tests.factories import BacklogItemFactory, BoardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def big(team, backlog):
    item = backlog[1]
    BacklogItem.objects.filter(pk=item.pk).update(points=40, description="All exports")
    return item


def split_url(item):
    return f"/b/apollo/items/{item.pk}/split/"


def in_backlog(team):
    return list(
        BacklogItem.objects.filter(board=team.board, split_at__isnull=True)
        .order_by("rank")
        .values_list("title", flat=True)
    )


def test_the_product_owner_splits_an_item_from_its_page_and_it_links_to_its_parts(team, client_for, big):
    client = client_for(team.po.user)
    response = client.post(split_url(big), {"titles": "CSV export\n\nPDF export\n"})
    assert response.status_code == 302
    assert response["Location"] == f"/b/apollo/items/{big.pk}/"
    assert in_backlog(team) == ["A", "CSV export", "PDF export", "C", "D", "E"]

    html = client.get(response["Location"]).content.decode()
    assert "This item was split and has left the backlog" in html
    parts = list(BacklogItem.objects.filter(split_from=big).order_by("rank"))
    for part in parts:
        assert f'href="/b/apollo/items/{part.pk}/">#{part.pk} {part.title}' in html
    assert "split it into" in html and f'action="/b/apollo/items/{big.pk}/split/"' not in html

    part_page = client.get(f"/b/apollo/items/{parts[0].pk}/").content.decode()
    assert f'Split from <a href="/b/apollo/items/{big.pk}/">#{big.pk}</a>' in part_page
    assert "All exports" in part_page


def test_with_htmx_it_answers_the_detail_region_showing_the_parts(team, client_for, big):
    response = client_for(team.sm.user).post(split_url(big), {"titles": "One\nTwo"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="item-detail">')
    assert f"Split #{big.pk} into" in html and "This item was split" in html


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_fewer_than_two_titles_are_refused_in_the_form_keeping_what_was_typed(team, client_for, big, headers):
    response = client_for(team.po.user).post(split_url(big), {"titles": "Only this"}, **headers)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give at least two titles" in html and "Only this" in html
    assert in_backlog(team) == list("ABCDE")


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_done_item_is_not_split(team, client_for, big, headers):
    BacklogItem.objects.filter(pk=big.pk).update(status=Status.DONE)
    response = client_for(team.po.user).post(split_url(big), {"titles": "One\nTwo"}, **headers)
    assert response.status_code == 409
    assert "A Done item cannot be split." in response.content.decode()
    assert in_backlog(team) == list("ABCDE")


def test_a_developer_sees_no_split_form_and_is_refused(team, client_for, big):
    client = client_for(team.dev.user)
    assert "Split this item" not in client.get(f"/b/apollo/items/{big.pk}/").content.decode()
    assert client.post(split_url(big), {"titles": "One\nTwo"}).status_code == 403
    assert "Split this item" in client_for(team.po.user).get(f"/b/apollo/items/{big.pk}/").content.decode()


def test_outsiders_and_other_boards_get_404(team, client_for, big):
    assert client_for(team.outsider).post(split_url(big), {"titles": "One\nTwo"}).status_code == 404
    foreign = BacklogItemFactory(board=BoardFactory(slug="other"))
    assert client_for(team.po.user).post(split_url(foreign), {"titles": "One\nTwo"}).status_code == 404
    assert in_backlog(team) == list("ABCDE")


def test_the_backlog_page_no_longer_shows_a_split_item(team, client_for, big):
    client = client_for(team.po.user)
    client.post(split_url(big), {"titles": "One\nTwo"})
    html = client.get("/b/apollo/").content.decode()
    assert f'id="item-{big.pk}"' not in html
    assert html.index(">One<") < html.index(">Two<") < html.index(">C<")
