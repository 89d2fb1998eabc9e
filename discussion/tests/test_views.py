"""The item page's activity (discussion/_discussion.html through `item_discussion`): one timeline of changes and
comments, the comment form, inline edit and delete, drafts kept through a live re-fetch, by role."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards import services as board_services
from boards.models import Status
from boards.tests.conftest import HTMX, assert_sends_anonymous_visitors_to_log_in
from discussion import services
from discussion.models import Comment
from discussion.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def page_url(item):
    return f"/b/apollo/items/{item.pk}/"


def region_url(item, comment=None):
    return f"{page_url(item)}discussion/" + (f"{comment.pk}/" if comment else "")


def activity(html):
    return html[html.index('id="item-discussion"') : html.index('class="comment-new')]


def test_the_page_shows_changes_and_comments_in_one_timeline_newest_last(team, client_for, item):
    with time_machine.travel("2026-03-02 09:30:00+00:00", tick=False):
        board_services.item_update(actor=team.dev.user, item=item, status=Status.IN_PROGRESS)
    with time_machine.travel("2026-03-02 10:00:00+00:00", tick=False):
        services.comment_create(acting=team.po, item=item, text="Is the **CSV** ready, @dave?")
    with time_machine.travel("2026-03-03 14:00:00+00:00", tick=False):
        board_services.item_update(actor=team.sm.user, item=item, points=8, assignee=team.dev.user)
    with time_machine.travel("2026-03-04 08:00:00+00:00", tick=False):
        services.comment_create(acting=team.dev, item=item, text="Yes, @olga <b>")
    html = activity(client_for(team.dev.user).get(page_url(item)).content.decode())
    order = [
        "changed status: To do → In progress",
        "Is the <strong>CSV</strong> ready",
        "changed points: – → 8",
        "assigned it to dave",
        "Yes, @olga &lt;b&gt;",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert '<span class="mention">@dave</span>' in html and "2 Mar 2026, 10:00 UTC" in html


def test_a_reassignment_and_an_unassignment_are_recorded(team, client_for, item):
    board_services.item_update(actor=team.sm.user, item=item, assignee=team.dev.user)
    board_services.item_update(actor=team.sm.user, item=item, assignee=team.po.user)
    board_services.item_update(actor=team.sm.user, item=item, assignee=None)
    html = activity(client_for(team.dev.user).get(page_url(item)).content.decode())
    assert "assigned it to dave" in html and "reassigned it from dave to paula" in html and "unassigned paula" in html


def test_outsiders_get_404_and_anonymous_visitors_log_in(team, client_for, item):
    comment = CommentFactory(item=item, author=team.dev.user)
    outsider = client_for(team.outsider)
    assert outsider.get(region_url(item), **HTMX).status_code == 404
    assert outsider.post(region_url(item), {"text": "hi"}).status_code == 404
    assert outsider.post(region_url(item, comment), {"action": "delete"}).status_code == 404
    assert_sends_anonymous_visitors_to_log_in(client_for(None), region_url(item))
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("persona", ["po", "sm", "dev"])
def test_every_member_comments_from_the_page(team, client_for, item, persona):
    client = client_for(getattr(team, persona).user)
    response = client.post(region_url(item), {"text": "Done *soon*"})
    assert response.status_code == 302 and response["Location"] == page_url(item) + "#item-discussion"
    assert "Done <em>soon</em>" in client.get(page_url(item)).content.decode()


def test_htmx_gets_the_region_back_with_an_empty_box(team, client_for, item):
    response = client_for(team.dev.user).post(region_url(item), {"text": "Hello"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section id="item-discussion"')
    assert "<p>Hello</p>" in html and "></textarea>" in html


def test_an_empty_comment_is_a_400_naming_the_box_and_a_too_long_one_keeps_what_was_typed(team, client_for, item):
    client = client_for(team.dev.user)
    response = client.post(region_url(item), {"text": "  "}, **HTMX)
    assert response.status_code == 400 and "cannot be empty" in response.content.decode()
    assert 'aria-invalid="true" aria-describedby="comment-error"' in response.content.decode()
    long = "word " * 2001
    response = client.post(region_url(item), {"text": long}, **HTMX)
    assert response.status_code == 400 and long.strip() in response.content.decode()
    assert not Comment.objects.exists()


def test_the_author_sees_edit_and_delete_the_scrum_master_delete_others_nothing(team, client_for, item):
    CommentFactory(item=item, author=team.dev.user)
    assert ">Edit</a>" in client_for(team.dev.user).get(page_url(item)).content.decode()
    sm = client_for(team.sm.user).get(page_url(item)).content.decode()
    assert ">Edit</a>" not in activity(sm) and 'value="delete"' in sm
    po = client_for(team.po.user).get(page_url(item)).content.decode()
    assert 'value="delete"' not in po and ">Edit</a>" not in activity(po)


def test_editing_inline_shows_edited(team, client_for, item):
    comment = CommentFactory(item=item, author=team.dev.user, text="Frist")
    client = client_for(team.dev.user)
    form = client.get(region_url(item), {"editing": comment.pk}, **HTMX).content.decode()
    assert f'id="comment-edit-{comment.pk}"' in form and ">Frist</textarea>" in form
    plain = client.get(page_url(item), {"editing": comment.pk}).content.decode()
    assert f'id="comment-edit-{comment.pk}"' in plain  # without JavaScript too
    html = client.post(region_url(item, comment), {"action": "save", "edit_text": "First"}, **HTMX).content.decode()
    assert "<p>First</p>" in html and "(edited <time" in html and "comment-edit-" not in html


def test_others_cannot_edit_or_delete_from_the_page(team, client_for, item):
    comment = CommentFactory(item=item, author=team.dev.user, text="Mine")
    po = client_for(team.po.user)
    assert po.post(region_url(item, comment), {"action": "save", "edit_text": "Theirs"}).status_code == 403
    assert po.post(region_url(item, comment), {"action": "delete"}).status_code == 403
    sm = client_for(team.sm.user)
    assert sm.post(region_url(item, comment), {"action": "save", "edit_text": "x"}).status_code == 403
    assert Comment.objects.get().text == "Mine"
    assert sm.post(region_url(item, comment), {"action": "delete"}, **HTMX).status_code == 200
    assert not Comment.objects.exists()


def test_a_live_refetch_keeps_the_drafts(team, client_for, item):
    comment = CommentFactory(item=item, author=team.dev.user, text="Old")
    CommentFactory(item=item, author=team.po.user, text="Someone else's new one")
    html = (
        client_for(team.dev.user)
        .get(
            region_url(item), {"text": "half a thought", "editing": comment.pk, "edit_text": "Old, but better"}, **HTMX
        )
        .content.decode()
    )
    assert ">half a thought</textarea>" in html and ">Old, but better</textarea>" in html
    assert "Someone else&#x27;s new one" in html or "Someone else's new one" in html
    assert 'data-live-refresh="comment.added comment.edited comment.deleted item.updated"' in html


def test_a_plain_visit_of_the_region_goes_to_the_page(team, client_for, item):
    response = client_for(team.dev.user).get(region_url(item))
    assert response.status_code == 302 and response["Location"] == page_url(item) + "#item-discussion"


def test_the_page_offers_the_other_members_to_mention(team, client_for, item):
    html = client_for(team.dev.user).get(page_url(item)).content.decode()
    assert '<script id="mention-members" type="application/json">["paula", "sam"]</script>' in html
    assert "js/mentions.js" in html


def test_the_page_takes_as_many_queries_however_long_the_discussion(team, client_for, item):
    client = client_for(team.dev.user)
    CommentFactory(item=item, author=team.dev.user)
    board_services.item_update(actor=team.sm.user, item=item, status=Status.IN_PROGRESS)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page_url(item)).status_code == 200
        return len(ctx)

    few = count()
    for n in range(20):
        CommentFactory(item=item, author=team.po.user if n % 2 else team.sm.user, text=f"@dave {n}")
        board_services.item_update(actor=team.sm.user, item=item, points=5 if n % 2 else 8)
    assert count() == few


def test_saving_the_item_keeps_a_comment_being_written(team, client_for, item):
    data = {
        "title": "Export as CSV",
        "kind": "story",
        "points": "3",
        "status": "todo",
        "assignee": "",
        "description": "",
        "acceptance_criteria": "",
        "version": item.version,
        "text": "half written",
    }
    html = client_for(team.dev.user).post(page_url(item), data, **HTMX).content.decode()
    assert "Item saved." in html and ">half written</textarea>" in html


def test_a_bulk_assignment_records_each_items_old_and_new_assignee(team, client_for, item):
    from boards.services.bulk import items_bulk_update
    from boards.tests.factories import BacklogItemFactory

    other = BacklogItemFactory(board=team.board, assignee=team.po.user)
    items_bulk_update(acting=team.sm, item_ids=[item.pk, other.pk], fields={"assignee": team.dev.user})
    assert "assigned it to dave" in activity(client_for(team.dev.user).get(page_url(item)).content.decode())
    assert "reassigned it from paula to dave" in activity(
        client_for(team.dev.user).get(page_url(other)).content.decode()
    )


def test_the_activity_and_its_refusals_in_russian(team, client_for, item):
    comment = services.comment_create(acting=team.dev, item=item, text="Первый")
    services.comment_edit(acting=team.dev, comment=comment, text="Первый, исправлен")
    board_services.item_update(actor=team.sm.user, item=item, assignee=team.dev.user)
    client = client_for(team.dev.user)
    html = client.get(page_url(item), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    for russian in (
        "Активность",
        ">Отправить</button>",
        "(изменён ",
        "назначил(а) на dave",
        "Участники для упоминания",
    ):
        assert russian in html
    for english in ("Activity", "Post comment", "(edited", "assigned it to", "Members to mention"):
        assert english not in html
    refused = client.post(region_url(item), {"text": ""}, HTTP_ACCEPT_LANGUAGE="ru", **HTMX).content.decode()
    assert "комментарий не может быть пустым" in refused
