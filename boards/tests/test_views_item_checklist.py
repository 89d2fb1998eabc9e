"""An item's checklist on its page (boards/item.html#checklist), and its "3/5" on the backlog's rows and the board's
cards."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import ChecklistEntry
from boards.tests.conftest import HTMX
from boards.tests.conftest import checklist_texts as texts
from boards.tests.factories import BacklogItemFactory, BoardFactory, ChecklistEntryFactory

pytestmark = pytest.mark.django_db


def page_url(item):
    return f"/b/apollo/items/{item.pk}/"


def checklist_url(item, entry=None):
    return f"{page_url(item)}checklist/" + (f"{entry.pk}/" if entry else "")


def test_the_item_page_shows_the_checklist_in_order_with_its_progress(team, client_for, item, steps):
    ChecklistEntry.objects.filter(pk=steps[0].pk).update(done=True)
    html = client_for(team.dev.user).get(page_url(item)).content.decode()
    assert 'id="item-checklist"' in html
    assert html.index('value="Schema"') < html.index('value="View"') < html.index('value="Tests"')
    assert '<span class="checklist-progress" title="1 of 3 done">1/3</span>' in html
    assert 'data-live-topic="board:apollo"' in html and 'data-live-refresh="item.updated item.deleted"' in html


def test_an_item_without_entries_says_so(team, client_for, item):
    html = client_for(team.dev.user).get(page_url(item)).content.decode()
    assert "No sub-tasks yet." in html and "checklist-progress" not in html


def test_outsiders_get_404_everywhere(team, client_for, item, steps):
    client = client_for(team.outsider)
    assert client.get(checklist_url(item), **HTMX).status_code == 404
    assert client.post(checklist_url(item), {"text": "X"}, **HTMX).status_code == 404
    assert client.post(checklist_url(item, steps[0]), {"action": "tick"}, **HTMX).status_code == 404
    assert texts(item) == [("Schema", False), ("View", False), ("Tests", False)]


def test_an_entry_of_another_boards_item_is_missing(team, client_for, item):
    foreign = ChecklistEntryFactory(item=BacklogItemFactory(board=BoardFactory()))
    response = client_for(team.dev.user).post(checklist_url(item, foreign), {"action": "tick"}, **HTMX)
    assert response.status_code == 404
    assert not ChecklistEntry.objects.get(pk=foreign.pk).done


def test_the_region_answers_htmx_and_sends_a_plain_visit_to_the_page(team, client_for, item, steps):
    client = client_for(team.dev.user)
    response = client.get(checklist_url(item), **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="item-checklist"') and "activity-heading" not in html
    assert client.get(checklist_url(item)).url == page_url(item)


@pytest.mark.parametrize("who", ["dev", "sm", "po"])
def test_every_member_adds_an_entry_and_gets_the_region_back(team, client_for, item, steps, who):
    response = client_for(getattr(team, who).user).post(checklist_url(item), {"text": " Docs "}, **HTMX)
    assert response.status_code == 200
    assert 'value="Docs"' in response.content.decode()
    assert texts(item)[-1] == ("Docs", False)


def test_an_empty_or_too_long_entry_is_a_400_that_keeps_what_was_typed(team, client_for, item):
    client = client_for(team.dev.user)
    response = client.post(checklist_url(item), {"text": "   "}, **HTMX)
    assert response.status_code == 400
    assert "Write something." in response.content.decode()
    response = client.post(checklist_url(item), {"text": "x" * 201}, **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep it to 200 characters." in html and "x" * 201 in html
    assert not ChecklistEntry.objects.exists()


def test_a_nul_character_is_refused_not_stored(team, client_for, item):
    response = client_for(team.dev.user).post(checklist_url(item), {"text": "a\x00b"}, **HTMX)
    assert response.status_code == 400
    assert not ChecklistEntry.objects.exists()


def test_adding_without_javascript_goes_back_to_the_page(team, client_for, item):
    response = client_for(team.dev.user).post(checklist_url(item), {"text": "Docs"})
    assert (response.status_code, response.url) == (302, page_url(item))
    assert texts(item) == [("Docs", False)]


def test_a_member_ticks_renames_moves_and_removes_entries(team, client_for, item, steps):
    client = client_for(team.dev.user)
    response = client.post(checklist_url(item, steps[0]), {"action": "tick"}, **HTMX)
    assert response.status_code == 200 and "1/3" in response.content.decode()
    client.post(checklist_url(item, steps[2]), {"action": "rename", "text": "Tests pass"}, **HTMX)
    client.post(checklist_url(item, steps[2]), {"action": "up"}, **HTMX)
    assert texts(item) == [("Schema", True), ("Tests pass", False), ("View", False)]
    client.post(checklist_url(item, steps[0]), {"action": "down"}, **HTMX)
    client.post(checklist_url(item, steps[0]), {"action": "down"}, **HTMX)
    client.post(checklist_url(item, steps[0]), {"action": "down"}, **HTMX)  # already last: stays
    assert [text for text, _ in texts(item)] == ["Tests pass", "View", "Schema"]
    client.post(checklist_url(item, steps[0]), {"action": "untick"}, **HTMX)
    client.post(checklist_url(item, steps[1]), {"action": "delete"}, **HTMX)
    assert texts(item) == [("Tests pass", False), ("Schema", False)]


def test_a_rename_to_nothing_is_a_400_and_changes_nothing(team, client_for, item, steps):
    response = client_for(team.dev.user).post(checklist_url(item, steps[0]), {"action": "rename", "text": ""}, **HTMX)
    assert response.status_code == 400
    assert "Write something." in response.content.decode()
    assert texts(item)[0] == ("Schema", False)


def test_an_unknown_action_is_a_400(team, client_for, item, steps):
    response = client_for(team.dev.user).post(checklist_url(item, steps[0]), {"action": "explode"}, **HTMX)
    assert response.status_code == 400


def test_the_backlog_row_and_the_board_card_show_progress_only_with_entries(team, client_for, item, steps):
    ChecklistEntry.objects.filter(pk__in=[steps[0].pk, steps[1].pk]).update(done=True)
    BacklogItemFactory(board=team.board, title="Bare")
    client = client_for(team.dev.user)
    for url in ("/b/apollo/", "/b/apollo/board/?scope=all"):
        html = client.get(url).content.decode()
        assert html.count("checklist-progress") == 1, url
        assert '<span class="checklist-progress" title="Checklist: 2 of 3 done">2/3</span>' in html, url


def test_the_backlog_reads_checklist_progress_in_the_same_queries_for_5_and_50_items(team, client_for):
    client = client_for(team.dev.user)

    def count(n):
        for _ in range(n - team.board.items.count()):
            ChecklistEntryFactory(item=BacklogItemFactory(board=team.board), done=True)
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/b/apollo/").content.decode()
        assert html.count(">1/1</span>") == n
        return len(ctx.captured_queries)

    assert count(5) == count(50)
