"""The backlog refinement page: the top of the backlog not yet ready, edited in place, split."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards import services
from boards.models import BacklogItem, Status
from boards.selectors import definitions_of
from boards.tests.conftest import HTMX, assert_sends_anonymous_visitors_to_log_in
from boards.tests.test_api_item_split import sprint_on
from sprints.models import SprintState

pytestmark = pytest.mark.django_db
PAGE = "/b/apollo/refinement/"


def cards(html):
    """The titles of the cards on the page, in order."""
    return [chunk.split("</a>")[0].split(" ", 1)[1] for chunk in html.split('class="refine-title"><a href=')[1:]]


def test_it_shows_the_top_of_the_backlog_not_ready_with_hints_and_the_timer(team, client_for, backlog):
    a, b, c, d, e = backlog
    BacklogItem.objects.filter(pk=a.pk).update(ready=True)
    BacklogItem.objects.filter(pk=b.pk).update(points=40, acceptance_criteria="Given … then …")
    BacklogItem.objects.filter(pk=c.pk).update(status=Status.DONE)
    BacklogItem.objects.filter(pk=d.pk).update(points=5)
    html = client_for(team.dev.user).get(PAGE).content.decode()
    assert cards(html) == ["B", "D", "E"]
    b_card = html[html.index(f'id="refine-{b.pk}"') : html.index(f'id="refine-{d.pk}"')]
    assert "Over 13 points: split it" in b_card and "No acceptance criteria" not in b_card
    e_card = html[html.index(f'id="refine-{e.pk}"') :]
    assert "No acceptance criteria" in e_card and "Not estimated" in e_card
    assert 'id="timer-refinement"' in html
    assert f'<a href="{PAGE}" aria-current="page">Refinement</a>' in html
    assert "Split this item" not in html  # a developer edits, but does not split


def test_split_items_and_those_in_the_active_sprint_are_not_refined(team, client_for, backlog):
    services.definitions_set(acting=team.po, ready=[{"text": "Estimated"}], done=[])  # the parts start not ready
    services.item_split(acting=team.po, item=backlog[0], titles=["A1", "A2"])
    BacklogItem.objects.filter(pk=backlog[1].pk).update(sprint=sprint_on(team.board, SprintState.ACTIVE))
    BacklogItem.objects.filter(pk=backlog[2].pk).update(sprint=sprint_on(team.board, SprintState.PLANNED, number=2))
    assert cards(client_for(team.dev.user).get(PAGE).content.decode()) == ["A1", "A2", "C", "D", "E"]


def test_outsiders_get_404_and_anonymous_visitors_log_in(team, client_for, backlog):
    assert client_for(team.outsider).get(PAGE).status_code == 404
    assert client_for(team.outsider).post(f"/b/apollo/refinement/items/{backlog[0].pk}/", {}).status_code == 404
    assert client_for(team.outsider).post(f"/b/apollo/refinement/items/{backlog[0].pk}/split/", {}).status_code == 404
    assert_sends_anonymous_visitors_to_log_in(client_for(None), PAGE)


def test_it_reads_the_same_queries_for_5_or_100_items_and_counts_the_rest(team, client_for):
    client = client_for(team.po.user)
    client.get(PAGE)  # the session settles

    queries = {}
    for count in (5, 100):
        have = BacklogItem.objects.filter(board=team.board).count()
        BacklogItem.objects.bulk_create(
            [BacklogItem(board=team.board, title=f"Item {n}", rank=n) for n in range(have, count)]
        )
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(PAGE).content.decode()
        queries[count] = len(ctx.captured_queries)
        assert len(cards(html)) == min(count, 20)
        assert ("And 80 more items not ready." in html) == (count == 100)
    assert queries[5] == queries[100]


def edit(item, **changes):
    return {
        "points": item.points or "",
        "acceptance_criteria": item.acceptance_criteria,
        "initial-points": item.points or "",
        "initial-acceptance_criteria": item.acceptance_criteria,
        "version": item.version,
        **changes,
    }


def test_any_member_writes_acceptance_criteria_and_points_in_place(team, client_for, backlog):
    item = backlog[0]
    url = f"/b/apollo/refinement/items/{item.pk}/"
    response = client_for(team.dev.user).post(url, edit(item, acceptance_criteria="Given a board, then CSV"), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="refine-{item.pk}"') and "Item saved." in html
    assert "No acceptance criteria" not in html and "Not estimated" in html
    item.refresh_from_db()
    assert item.acceptance_criteria == "Given a board, then CSV"

    response = client_for(team.dev.user).post(url, edit(item, points="40"))
    assert response.status_code == 302 and response["Location"] == PAGE
    item.refresh_from_db()
    assert (item.points, item.acceptance_criteria) == (40, "Given a board, then CSV")


def test_a_save_from_an_older_version_is_refused_keeping_what_was_typed(team, client_for, backlog):
    item = backlog[0]
    seen = edit(item, acceptance_criteria="Mine")
    services.item_update(actor=team.po.user, item=item, acceptance_criteria="Theirs")
    response = client_for(team.dev.user).post(f"/b/apollo/refinement/items/{item.pk}/", seen, **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Mine" in html and "Theirs" in html
    item.refresh_from_db()
    assert item.acceptance_criteria == "Theirs"


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_the_product_owner_splits_an_item_through_the_page(team, client_for, backlog, headers):
    services.definitions_set(acting=team.po, ready=[{"text": "Estimated"}], done=[])  # the parts start not ready
    b = backlog[1]
    client = client_for(team.po.user)
    response = client.post(f"/b/apollo/refinement/items/{b.pk}/split/", {"titles": "B one\nB two"}, **headers)
    if headers:
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith('<div id="refinement-list">')
    else:
        assert response.status_code == 302 and response["Location"] == PAGE
        html = client.get(PAGE).content.decode()
    assert f"Split #{b.pk} into" in html
    assert cards(html) == ["A", "B one", "B two", "C", "D", "E"]


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_split_with_one_title_is_refused_in_its_card(team, client_for, backlog, headers):
    b = backlog[1]
    response = client_for(team.sm.user).post(
        f"/b/apollo/refinement/items/{b.pk}/split/", {"titles": "Just B"}, **headers
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give at least two titles" in html and "Just B" in html
    assert cards(html) == list("ABCDE")


def test_a_developer_may_not_split_through_the_page(team, client_for, backlog):
    url = f"/b/apollo/refinement/items/{backlog[0].pk}/split/"
    assert client_for(team.dev.user).post(url, {"titles": "One\nTwo"}).status_code == 403
    assert BacklogItem.objects.filter(board=team.board).count() == 5


def test_it_answers_a_split_refused_as_split_already(team, client_for, backlog):
    services.item_split(acting=team.po, item=backlog[0], titles=["A1", "A2"])
    url = f"/b/apollo/refinement/items/{backlog[0].pk}/split/"
    response = client_for(team.po.user).post(url, {"titles": "One\nTwo"}, **HTMX)
    assert response.status_code == 409
    assert "This item was split already." in response.content.decode()


def test_each_card_ticks_the_definition_of_ready_and_the_item_becomes_ready(team, client_for, backlog):
    services.definitions_set(acting=team.po, ready=[{"text": "Estimated"}, {"text": "Criteria written"}], done=[])
    a = backlog[0]
    estimated, written = (c["id"] for c in definitions_of(board=team.board)["ready"])
    client = client_for(team.dev.user)
    html = client.get(PAGE).content.decode()
    card = html[html.index(f'id="refine-{a.pk}"') : html.index(f'id="refine-{backlog[1].pk}"')]
    assert card.count('aria-pressed="false"') == 2 and "Estimated" in card and "Criteria written" in card

    url = f"{PAGE}items/{a.pk}/checks/"
    answer = client.post(url, {"criterion": estimated, "met": "1"}, **HTMX)
    assert answer.status_code == 200 and "<html" not in answer.content.decode()
    assert answer.content.decode().count('aria-pressed="true"') == 1
    assert client.post(url, {"criterion": written, "met": "1"}).status_code == 302  # without JavaScript
    a.refresh_from_db()
    assert a.ready
    assert f'id="refine-{a.pk}"' not in client.get(PAGE).content.decode()  # ready: refinement is done with it


def test_outsiders_cannot_tick_from_refinement(team, client_for, backlog):
    services.definitions_set(acting=team.po, ready=[{"text": "Estimated"}], done=[])
    [criterion] = definitions_of(board=team.board)["ready"]
    url = f"{PAGE}items/{backlog[0].pk}/checks/"
    assert client_for(team.outsider).post(url, {"criterion": criterion["id"], "met": "1"}).status_code == 404
    backlog[0].refresh_from_db()
    assert not backlog[0].ready
