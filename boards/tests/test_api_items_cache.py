"""The items endpoint's cached pages: one query for a page unchanged since it was read, never another request's page,
and never a page for someone who may no longer read the board."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from accounts.services import save_preferences
from boards import services
from boards.api import page_cache
from boards.tests.api_client import api_as
from boards.tests.factories import BoardFactory, MembershipFactory

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/boards/apollo/items/"


@pytest.fixture
def backlog(team):
    """Five items: Item 0 … Item 4, the odd ones bugs and in testing."""
    return [
        services.item_create(
            board=team.board,
            actor=team.po.user,
            title=f"Item {i}",
            kind="bug" if i % 2 else "story",
            status="testing" if i % 2 else "todo",
        )
        for i in range(5)
    ]


def queries_and_response(client, path=ITEMS, params=None, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params, **extra)
    return len(ctx.captured_queries), response


def titles(response):
    return [row["title"] for row in response.json()["results"]]


def test_a_page_read_again_costs_one_query_and_is_the_same_answer(team, backlog):
    client = api_as(team.dev)
    fresh_queries, fresh = queries_and_response(client, params={"page_size": 2})
    cached_queries, cached = queries_and_response(client, params={"page_size": 2})

    assert (fresh_queries, cached_queries) == (6, 1)  # then only the token with the membership
    assert cached.content == fresh.content
    assert cached["Content-Type"] == fresh["Content-Type"] == "application/json"
    assert cached["Vary"] == fresh["Vary"]
    assert cached["Allow"] == fresh["Allow"]


def test_every_member_gets_the_page_another_member_read(team, backlog):
    api_as(team.dev).get(ITEMS)
    for member in (team.po, team.sm):
        queries, response = queries_and_response(api_as(member))
        assert (queries, response.status_code, len(titles(response))) == (1, 200, 5)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ({"status": "todo"}, {"status": "testing"}, ["Item 1", "Item 3"]),
        ({"kind": "story"}, {"kind": "bug"}, ["Item 1", "Item 3"]),
        ({"q": "Item 1"}, {"q": "Item 2"}, ["Item 2"]),
        ({"page_size": 2}, {"page_size": 2, "page": 2}, ["Item 2", "Item 3"]),
        ({"page_size": 2}, {"page_size": 3}, ["Item 0", "Item 1", "Item 2"]),
        ({}, {"page_size": 1}, ["Item 0"]),
        ({"page_size": 2}, {"page_size": 2, "page": "last"}, ["Item 4"]),
    ],
)
def test_a_variant_never_gets_another_variants_page(team, backlog, first, second, expected):
    client = api_as(team.dev)
    client.get(ITEMS, first)
    assert titles(client.get(ITEMS, second)) == expected


def test_the_links_name_the_host_and_scheme_of_the_request_that_reads_them(team, backlog):
    client = api_as(team.dev)
    plain = client.get(ITEMS, {"page_size": 2}).json()["next"]
    other_host = client.get(ITEMS, {"page_size": 2}, HTTP_HOST="localhost").json()["next"]
    secure = client.get(ITEMS, {"page_size": 2}, secure=True).json()["next"]
    assert plain == "http://testserver/api/v1/boards/apollo/items/?page=2&page_size=2"
    assert other_host == "http://localhost/api/v1/boards/apollo/items/?page=2&page_size=2"
    assert secure == "https://testserver/api/v1/boards/apollo/items/?page=2&page_size=2"


def test_the_same_filters_in_another_order_answer_the_same(team, backlog):
    client = api_as(team.dev)
    one = client.get(f"{ITEMS}?page_size=2&kind=story").json()
    other = client.get(f"{ITEMS}?kind=story&page_size=2").json()
    assert one == other
    assert one["next"] == "http://testserver/api/v1/boards/apollo/items/?kind=story&page=2&page_size=2"


def test_an_indented_answer_and_a_compact_one_are_kept_apart(team, backlog):
    client = api_as(team.dev)
    compact = client.get(ITEMS, HTTP_ACCEPT="application/json").content
    indented = client.get(ITEMS, HTTP_ACCEPT="application/json; indent=2").content
    assert b"\n" not in compact
    assert indented.startswith(b'{\n  "count": 5')
    assert client.get(ITEMS, HTTP_ACCEPT="application/json").content == compact


def test_dates_follow_the_time_zone_of_the_request(team, backlog):
    client = api_as(team.dev)
    utc = client.get(ITEMS).json()["results"][0]["created_at"]
    save_preferences(team.dev.user, time_zone="Asia/Kolkata")  # the token user's own zone
    kolkata = client.get(ITEMS).json()["results"][0]["created_at"]
    assert utc.endswith("Z")
    assert kolkata.endswith("+05:30")


def test_the_browsable_api_is_html_and_leaves_the_json_page_alone(team, backlog, client):
    client.force_login(team.dev.user)
    html = client.get(ITEMS, HTTP_ACCEPT="text/html")
    assert html.status_code == 200
    assert html["Content-Type"].startswith("text/html")
    assert "Item 4" in html.content.decode()
    assert client.get(ITEMS, HTTP_ACCEPT="application/json").json()["count"] == 5


def test_an_outsider_gets_404_for_a_cached_page(team, backlog):
    api_as(team.dev).get(ITEMS)
    assert api_as(team.outsider).get(ITEMS).status_code == 404
    member_elsewhere = MembershipFactory(board=BoardFactory(slug="gemini")).user
    assert api_as(member_elsewhere).get(ITEMS).status_code == 404
    assert api_as(None).get(ITEMS).status_code == 401


def test_a_removed_member_gets_404_for_the_page_they_read_before(team, backlog):
    client = api_as(team.dev)
    assert client.get(ITEMS).status_code == 200
    services.member_remove(acting=team.sm, member=team.dev)
    assert client.get(ITEMS).status_code == 404


def test_a_deactivated_member_or_a_deleted_token_gets_401_for_a_cached_page(team, backlog):
    dev, po = api_as(team.dev), api_as(team.po)
    assert dev.get(ITEMS).status_code == po.get(ITEMS).status_code == 200
    team.dev.user.is_active = False
    team.dev.user.save(update_fields=["is_active"])
    Token.objects.filter(user=team.po.user).delete()
    assert dev.get(ITEMS).status_code == 401
    assert po.get(ITEMS).status_code == 401


def test_a_filter_naming_a_removed_member_is_refused_though_its_page_was_cached(team, backlog):
    client = api_as(team.dev)
    assert client.get(ITEMS, {"assignee": "paula"}).json()["count"] == 0  # paula is no item's assignee
    services.member_remove(acting=team.sm, member=team.po)
    response = client.get(ITEMS, {"assignee": "paula"})
    assert response.status_code == 400
    assert "assignee" in response.json()


def test_a_bad_filter_is_refused_every_time(team, backlog):
    client = api_as(team.dev)
    for _ in range(2):
        response = client.get(ITEMS, {"status": "doing"})
        assert response.status_code == 400
        assert "status" in response.json()


def test_an_unknown_page_is_404_and_is_not_kept(team, backlog):
    client = api_as(team.dev)
    assert client.get(ITEMS, {"page": 9}).status_code == 404
    more = [{"title": f"More {i}"} for i in range(50)]
    services.items_bulk_create(board=team.board, actor=team.po.user, entries=more)
    assert titles(client.get(ITEMS, {"page": 2})) == ["More 45", "More 46", "More 47", "More 48", "More 49"]


def test_a_page_too_big_to_keep_is_read_afresh_every_time(team, backlog, monkeypatch):
    monkeypatch.setattr(page_cache, "MAX_BODY_BYTES", 100)
    client = api_as(team.dev)
    client.get(ITEMS)
    queries, response = queries_and_response(client)
    assert (queries, response.json()["count"]) == (6, 5)


def test_a_board_made_again_with_the_same_id_never_gets_the_old_boards_pages(team, backlog):
    client = api_as(team.dev)
    client.get(ITEMS)
    team.board.refresh_from_db()
    board_id, slug, version = team.board.pk, team.board.slug, team.board.items_version
    team.board.delete()
    again = BoardFactory(pk=board_id, slug=slug, items_version=version)  # as a restored database could hold it
    MembershipFactory(board=again, user=team.dev.user)
    assert client.get(ITEMS).json()["count"] == 0


def test_a_hand_made_sql_fix_shows_at_once(team, backlog):
    """No write skips the version: the database raises it (boards/migrations/0008_items_version_triggers.py)."""
    client = api_as(team.dev)
    client.get(ITEMS)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE boards_backlogitem SET title = %s WHERE id = %s", ["Fixed by hand", backlog[0].pk])
    assert titles(client.get(ITEMS))[0] == "Fixed by hand"
