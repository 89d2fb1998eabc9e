"""An item's comments over the API: by role, outsiders 404, anonymous 401; the shape, hostile text, pagination and
a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory, BoardFactory
from discussion.models import Comment
from discussion.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def url(item, comment=None, slug="apollo"):
    return f"/api/v1/boards/{slug}/items/{item.pk}/comments/" + (f"{comment.pk}/" if comment else "")


@pytest.mark.parametrize("persona", ["po", "sm", "dev"])
def test_every_member_comments_and_reads(team, item, persona):
    response = api_as(getattr(team, persona)).post(url(item), {"text": "Ship **it**, @dave"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "author", "text", "html", "created_at", "edited_at"}
    assert body["author"] == getattr(team, persona).user.username and body["edited_at"] is None
    assert body["html"] == '<p>Ship <strong>it</strong>, <span class="mention">@dave</span></p>\n'
    listed = api_as(team.dev).get(url(item)).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]] and listed["count"] == 1


def test_outsiders_get_404_and_anonymous_401(team, item):
    comment = CommentFactory(item=item, author=team.dev.user)
    for client, code in ((api_as(team.outsider), 404), (api_as(None), 401)):
        assert client.get(url(item)).status_code == code
        assert client.post(url(item), {"text": "x"}, format="json").status_code == code
        assert client.patch(url(item, comment), {"text": "x"}, format="json").status_code == code
        assert client.delete(url(item, comment)).status_code == code
    assert Comment.objects.get().text == "Looks good."


def test_a_comment_of_another_item_or_board_is_404(team, item):
    other = BacklogItemFactory(board=team.board)
    comment = CommentFactory(item=other, author=team.dev.user)
    assert api_as(team.dev).patch(url(item, comment), {"text": "x"}, format="json").status_code == 404
    foreign = BacklogItemFactory(board=BoardFactory(slug="other"))
    assert api_as(team.dev).get(url(foreign)).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 10001}, "text"),
        ({}, "text"),
        ({"text": "ok", "author": "sam"}, "author"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(team, item, body, field):
    response = api_as(team.dev).post(url(item), body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Comment.objects.exists()


def test_only_the_author_edits_403_for_others(team, item):
    comment = CommentFactory(item=item, author=team.dev.user)
    for other in (team.po, team.sm):
        response = api_as(other).patch(url(item, comment), {"text": "Hijacked"}, format="json")
        assert response.status_code == 403 and "author" in response.json()["detail"]
    response = api_as(team.dev).patch(url(item, comment), {"text": "Better"}, format="json")
    assert response.status_code == 200 and response.json()["text"] == "Better" and response.json()["edited_at"]
    assert api_as(team.dev).patch(url(item, comment), {"text": " "}, format="json").json() == {
        "text": ["Write something first: a comment cannot be empty."]
    }


def test_the_author_or_the_scrum_master_deletes_others_403(team, item):
    mine, theirs = (CommentFactory(item=item, author=team.dev.user) for _ in range(2))
    assert api_as(team.po).delete(url(item, mine)).status_code == 403
    assert api_as(team.dev).delete(url(item, mine)).status_code == 204
    assert api_as(team.sm).delete(url(item, theirs)).status_code == 204
    assert not Comment.objects.exists()


def test_hostile_text_comes_back_as_written_and_its_html_sanitized(team, item):
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    body = api_as(team.dev).post(url(item), {"text": hostile}, format="json").json()
    assert body["text"] == hostile
    assert "<script" not in body["html"] and "<img" not in body["html"] and 'href="javascript' not in body["html"]
    assert "&lt;script&gt;" in body["html"]


def test_oldest_first_paginated_in_constant_queries(team, item):
    CommentFactory(item=item, author=team.dev.user, text="first")
    client = api_as(team.dev)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(item)).status_code == 200
        return len(ctx)

    few = count()
    for n in range(30):
        CommentFactory(item=item, author=team.po.user if n % 2 else team.sm.user, text=f"@dave {n}")
    assert count() == few
    page = client.get(url(item), {"page_size": 5}).json()
    assert page["count"] == 31 and [row["text"] for row in page["results"]][:2] == ["first", "@dave 0"]
