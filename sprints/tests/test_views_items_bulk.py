"""The backlog's bulk edit on the page: the bar above the list (sprints/_bulk_edit.html) and its post,
`/b/<slug>/items/bulk/`."""

import pytest

from boards.models import BacklogItem, ItemLabel, Label
from boards.selectors_labels import label_names_of
from boards.tests.conftest import HTMX, definitions_with_ticks
from boards.tests.factories import BacklogItemFactory, BoardFactory
from sprints import services
from sprints.tests.test_api_items_bulk_update import closed, stored
from sprints.tests.test_views import client_for

pytestmark = pytest.mark.django_db

URL = "/b/apollo/items/bulk/"


@pytest.fixture
def items(team):
    return [BacklogItemFactory(board=team.board, title=title) for title in ("Alpha", "Bravo", "Charlie", "Delta")]


def post(client, items, **fields):
    return client.post(URL, {"ids": [item.pk for item in items], **fields}, **HTMX)


def test_the_backlog_shows_a_checkbox_per_row_and_the_bar(team, items):
    html = client_for(team.dev.user).get("/b/apollo/").content.decode()
    assert html.count('class="select-item" name="ids"') == 4
    assert f'value="{items[0].pk}" form="bulk-edit" aria-label="Select #{items[0].pk} Alpha"' in html
    assert 'id="bulk-edit"' in html and "Apply to selected" in html
    assert 'name="status"' in html and 'name="assignee"' in html and 'name="points"' in html


def test_only_the_product_owner_and_scrum_master_are_offered_open_sprints(team, items):
    services.sprint_create(acting=team.po, goal="Ship")
    closed(services.sprint_create(acting=team.po, goal="Old"))
    assert 'id="bulk_sprint"' not in client_for(team.dev.user).get("/b/apollo/").content.decode()
    html = client_for(team.sm.user).get("/b/apollo/").content.decode()
    html = html[html.index('id="bulk_sprint"') :]
    html = html[: html.index("</select>")]  # the bulk bar's sprints (the filters list every sprint)
    assert '<option value="1">Sprint 1</option>' in html and "Sprint 2" not in html
    assert "none: back to the backlog" in html


@pytest.mark.parametrize("who", ["dev", "sm", "po"])
def test_every_member_sets_status_assignee_and_points_on_the_selected_rows(team, items, who):
    response = post(client_for(getattr(team, who).user), items[1:3], status="testing", assignee="dave", points="8")
    assert response.status_code == 200
    assert "Changed 2 items." in response.content.decode()
    assert "backlog-changed" in response["HX-Trigger"]
    assert stored(items, "status", "points") == [("todo", None), ("testing", 8), ("testing", 8), ("todo", None)]
    assert BacklogItem.objects.filter(assignee=team.dev.user).count() == 2


def test_the_product_owner_moves_the_selected_rows_into_a_sprint_and_back(team, items):
    sprint = services.sprint_create(acting=team.po, goal="Ship")
    client = client_for(team.po.user)
    assert post(client, items[:3], sprint="1").status_code == 200
    assert stored(items, "sprint") == [(sprint.pk,)] * 3 + [(None,)]
    assert post(client, items[:1], sprint="none", assignee="none", points="none").status_code == 200
    assert stored(items[:1], "sprint", "assignee", "points") == [(None, None, None)]


def test_a_developer_who_posts_a_sprint_gets_403_and_nothing_changes(team, items):
    services.sprint_create(acting=team.po, goal="Ship")
    response = post(client_for(team.dev.user), items[:2], sprint="1", status="testing")
    assert response.status_code == 403
    assert stored(items[:2], "sprint", "status") == [(None, "todo"), (None, "todo")]


def test_the_definition_of_done_refuses_the_whole_bulk_naming_the_item(team, items):
    definitions_with_ticks(team, kinds=("ready", "done"))
    items[1].checks.filter(criterion__kind="done").delete()
    response = post(client_for(team.dev.user), items[:3], status="done", points="3")
    assert response.status_code == 409
    html = response.content.decode()
    assert f"#{items[1].pk} “Bravo” is not done yet" in html and "Nothing was changed." in html
    assert 'value="done" selected' in html  # what was chosen is kept, to try again
    assert stored(items[:3], "status", "points") == [("todo", None)] * 3


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"status": "testing"}, 400, "Select at least one item."),
        ({"ids": "ITEMS", "points": "4"}, 400, "Story points:"),
        ({"ids": "ITEMS"}, 400, "Choose what to change."),
    ],
)
def test_bad_input_is_a_4xx_saying_why_and_nothing_changes(team, items, fields, status, message):
    data = {k: ([i.pk for i in items[:2]] if v == "ITEMS" else v) for k, v in fields.items()}
    response = client_for(team.dev.user).post(URL, data, **HTMX)
    assert response.status_code == status
    assert message in response.content.decode()
    assert stored(items, "status", "points") == [("todo", None)] * 4


def test_an_item_of_another_board_refuses_the_whole_bulk(team, items):
    foreign = BacklogItemFactory(board=BoardFactory())
    response = post(client_for(team.dev.user), [items[0], foreign], status="testing")
    assert response.status_code == 400
    assert f"Item {foreign.pk} is not on this board." in response.content.decode()
    assert stored(items[:1], "status") == [("todo",)] and BacklogItem.objects.get(pk=foreign.pk).status == "todo"


def test_a_closed_sprint_refuses_the_bulk(team, items):
    sprint = services.sprint_create(acting=team.po, goal="Old")
    BacklogItem.objects.filter(pk=items[0].pk).update(sprint=sprint)
    closed(sprint)
    services.sprint_create(acting=team.po, goal="New")
    response = post(client_for(team.po.user), items[:2], sprint="2")
    assert response.status_code == 409
    assert "closed Sprint 1" in response.content.decode()
    assert stored(items[1:2], "sprint") == [(None,)]


def test_without_javascript_a_change_goes_back_to_the_filtered_backlog(team, items):
    data = {"ids": [items[0].pk], "status": "testing", "next": "/b/apollo/?kind=story"}
    response = client_for(team.dev.user).post(URL, data)
    assert (response.status_code, response.url) == (302, "/b/apollo/?kind=story")
    assert stored(items[:1], "status") == [("testing",)]


def test_outsiders_get_404(team, items):
    response = post(client_for(team.outsider), items[:1], status="testing")
    assert response.status_code == 404
    assert stored(items[:1], "status") == [("todo",)]


def test_the_bar_offers_labels_only_on_a_board_that_has_some(team, items):
    assert 'id="bulk_labels_add"' not in client_for(team.dev.user).get("/b/apollo/").content.decode()
    spike = Label.objects.create(board=team.board, name="spike")
    html = client_for(team.dev.user).get("/b/apollo/").content.decode()
    added = html[html.index('id="bulk_labels_add"') :]
    assert f'<option value="{spike.pk}">spike</option>' in added[: added.index("</select>")]
    removed = html[html.index('id="bulk_labels_remove"') :]
    assert '<option value="all">all labels</option>' in removed[: removed.index("</select>")]


def test_a_member_adds_a_label_to_the_selected_rows_and_takes_another_off(team, items):
    spike, ui = (Label.objects.create(board=team.board, name=name) for name in ("spike", "UI"))
    ItemLabel.objects.create(board=team.board, item=items[0], label=spike)
    client = client_for(team.dev.user)
    response = post(client, items[:2], labels_add=str(ui.pk), labels_remove=str(spike.pk))
    assert response.status_code == 200 and "Changed 2 items." in response.content.decode()
    assert [sorted(names) for names in label_names_of([i.pk for i in items[:3]]).values()] == [["UI"], ["UI"], []]
    # "all labels" off and one on: that one alone.
    assert post(client, items[:1], labels_remove="all", labels_add=str(spike.pk)).status_code == 200
    assert label_names_of([items[0].pk]) == {items[0].pk: ["spike"]}
    assert post(client, items[:2], labels_remove="all").status_code == 200
    assert not ItemLabel.objects.exists()


def test_a_label_of_another_board_is_not_a_choice(team, items):
    foreign = Label.objects.create(board=BoardFactory(), name="elsewhere")
    response = post(client_for(team.po.user), items[:1], labels_add=str(foreign.pk))
    assert response.status_code == 400
    assert "Add label" in response.content.decode()
    assert not ItemLabel.objects.exists()
