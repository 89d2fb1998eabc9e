import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import BacklogItem, Kind
from boards.tests.conftest import HTMX, assert_sends_anonymous_visitors_to_log_in, titles
from boards.tests.factories import BacklogItemFactory, BoardFactory, UserFactory

# --- who may see it -------------------------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_log_in(team, client):
    assert_sends_anonymous_visitors_to_log_in(client, "/b/apollo/")


def test_it_hides_the_board_from_outsiders(team, client_for):
    assert client_for(team.outsider).get("/b/apollo/").status_code == 404
    assert client_for(team.outsider).get("/b/nope/").status_code == 404


def test_each_row_names_its_item_by_its_id_not_by_its_position(team, client_for):
    later = BacklogItemFactory(board=team.board, title="Later")
    first = BacklogItemFactory(board=team.board, title="First")
    BacklogItem.objects.filter(pk=first.pk).update(rank=-100)
    html = client_for(team.dev.user).get("/b/apollo/").content.decode()
    assert f'<span class="item-id" title="Position 1 in this list">#{first.pk}</span>' in html
    assert f'<span class="item-id" title="Position 2 in this list">#{later.pk}</span>' in html
    assert 'class="pos"' not in html


def test_it_shows_items_in_priority_order_with_points_kind_ready_and_assignee(team, client_for):
    BacklogItemFactory(board=team.board, title="Second", kind=Kind.BUG, points=5, ready=True, assignee=team.dev.user)
    first = BacklogItemFactory(board=team.board, title="First")
    BacklogItem.objects.filter(pk=first.pk).update(rank=-100)
    response = client_for(team.dev.user).get("/b/apollo/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("First") < html.index("Second")
    row = html[html.index('id="item-', html.index("First")) :]
    row = row[: row.index("</li>")]
    assert "Bug" in row
    assert "5 pts" in row
    assert "✔ Ready" in row
    assert "dave" in row


def test_product_owner_and_scrum_master_see_reorder_controls(team, client_for, backlog):
    for member in (team.po, team.sm):
        html = client_for(member.user).get("/b/apollo/").content.decode()
        assert "data-reorderable" in html
        assert 'data-sortable="backlog"' in html
        assert 'aria-label="Move “C” up"' in html
        assert f"/b/apollo/items/{backlog[2].pk}/delete/" in html


def test_a_developer_sees_no_reorder_or_delete_controls(team, client_for, backlog):
    html = client_for(team.dev.user).get("/b/apollo/").content.decode()
    assert "data-reorderable" not in html
    assert "data-sortable" not in html
    assert "Move “C” up" not in html
    assert "/delete/" not in html
    assert "Edit #" in html


def test_up_and_down_point_at_the_neighbours(team, client_for, backlog):
    a, b, c, d, e = backlog
    html = client_for(team.po.user).get("/b/apollo/").content.decode()
    row = html[html.index(f'id="item-{c.pk}"') :]
    row = row[: row.index("</li>")]
    assert f'name="before" value="{b.pk}"' in row
    assert f'name="after" value="{d.pk}"' in row


# --- filters --------------------------------------------------------------------------------------------------


def test_it_filters_by_kind_ready_assignee_and_text(team, client_for):
    BacklogItemFactory(board=team.board, title="Crash on login", kind=Kind.BUG, ready=True, assignee=team.dev.user)
    BacklogItemFactory(board=team.board, title="Login page", kind=Kind.STORY, ready=True, assignee=team.dev.user)
    BacklogItemFactory(board=team.board, title="Crash report", kind=Kind.BUG, ready=False)
    client = client_for(team.dev.user)

    def shown(query):
        items = client.get(f"/b/apollo/?{query}").context["items"]
        return [item.title for item in items]

    assert shown("kind=bug") == ["Crash on login", "Crash report"]
    assert shown("kind=bug&ready=yes") == ["Crash on login"]
    assert shown("ready=no") == ["Crash report"]
    assert shown("assignee=dave") == ["Crash on login", "Login page"]
    assert shown("assignee=none") == ["Crash report"]
    assert shown("q=login") == ["Crash on login", "Login page"]


def test_the_filter_answers_htmx_with_only_the_list(team, client_for, backlog):
    response = client_for(team.dev.user).get("/b/apollo/?q=C", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="item-list"')
    assert "<html" not in html
    assert "1 item matches the filter" in html
    assert response["Vary"].count("HX-Request") == 1


def test_a_bad_filter_value_is_a_400_naming_the_field(team, client_for, backlog):
    response = client_for(team.dev.user).get("/b/apollo/?kind=saga")
    assert response.status_code == 400
    assert "kind" in response.context["filter_form"].errors
    assert len(response.context["items"]) == 5


# --- query counts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["po", "dev"])
def test_the_page_runs_the_same_queries_for_5_and_500_items(team, client_for, role):
    client = client_for(getattr(team, role).user)
    BacklogItem.objects.bulk_create(
        [BacklogItem(board=team.board, title=f"Item {n}", rank=n * 10, assignee=team.dev.user) for n in range(5)]
    )
    with CaptureQueriesContext(connection) as few:
        assert client.get("/b/apollo/").status_code == 200
    BacklogItem.objects.bulk_create(
        [BacklogItem(board=team.board, title=f"Item {n}", rank=n * 10, assignee=team.po.user) for n in range(5, 500)]
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get("/b/apollo/")
    assert len(response.context["items"]) == 500
    assert len(many) == len(few)


# --- add inline -----------------------------------------------------------------------------------------------


def test_every_member_adds_an_item_inline_at_the_bottom(team, client_for, backlog):
    response = client_for(team.dev.user).post(
        "/b/apollo/items/new/", {"title": "Fresh idea", "kind": "bug", "points": "3"}, **HTMX
    )
    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {"backlog-changed": {}}
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="add-item"')
    assert "Added #" in html and "Fresh idea" in html
    assert 'name="title" maxlength="200" required id="add_title"' in html  # the form comes back empty
    item = BacklogItem.objects.get(title="Fresh idea")
    assert (item.kind, item.points, item.created_by) == ("bug", 3, team.dev.user)
    assert titles(team.board)[-1] == "Fresh idea"


def test_adding_without_javascript_redirects_to_the_backlog(team, client_for):
    response = client_for(team.dev.user).post("/b/apollo/items/new/", {"title": "Plain", "kind": "story"})
    assert response.status_code == 302
    assert response["Location"] == "/b/apollo/"
    assert titles(team.board) == ["Plain"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "kind": "story"}, "title"),
        ({"title": "x" * 10_000, "kind": "story"}, "title"),
        ({"title": "Ok", "kind": "saga"}, "kind"),
        ({"title": "Ok", "kind": "story", "points": "4"}, "points"),
    ],
)
def test_bad_input_re_renders_the_form_with_a_400_naming_the_field(team, client_for, data, field):
    response = client_for(team.dev.user).post("/b/apollo/items/new/", data, **HTMX)
    assert response.status_code == 400
    assert "HX-Trigger" not in response
    html = response.content.decode()
    assert f'id="add_{field}_errors"' in html
    assert BacklogItem.objects.count() == 0


def test_bad_input_without_javascript_keeps_what_was_typed(team, client_for, backlog):
    response = client_for(team.dev.user).post("/b/apollo/items/new/", {"title": "Keep me", "points": "4"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Keep me"' in html
    assert 'id="add_points_errors"' in html
    assert "<html" in html and len(response.context["items"]) == 5


def test_outsiders_cannot_add_items(team, client_for):
    response = client_for(team.outsider).post("/b/apollo/items/new/", {"title": "Sneaky", "kind": "story"})
    assert response.status_code == 404
    assert BacklogItem.objects.count() == 0


# --- edit inline ----------------------------------------------------------------------------------------------


def test_edit_swaps_the_row_into_a_form(team, client_for, backlog):
    item = backlog[1]
    response = client_for(team.dev.user).get(f"/b/apollo/items/{item.pk}/edit/", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="item-{item.pk}" class="item-row editing">')
    assert f'value="{item.title}"' in html
    assert "Cancel" in html


def test_edit_without_javascript_goes_to_the_item_page(team, client_for, backlog):
    response = client_for(team.dev.user).get(f"/b/apollo/items/{backlog[0].pk}/edit/")
    assert response.status_code == 302
    assert response["Location"] == f"/b/apollo/items/{backlog[0].pk}/"


def test_saving_an_inline_edit_updates_the_item_and_refreshes_the_list(team, client_for, backlog):
    item = backlog[1]
    response = client_for(team.dev.user).post(
        f"/b/apollo/items/{item.pk}/edit/",
        {"title": "B renamed", "kind": "chore", "points": "8", "assignee": "paula"},
        **HTMX,
    )
    assert response.status_code == 204
    assert json.loads(response["HX-Trigger"]) == {"backlog-changed": {}}
    item.refresh_from_db()
    assert (item.title, item.kind, item.points, item.assignee) == ("B renamed", "chore", 8, team.po.user)
    assert item.events.filter(field="points", new_value="8").exists()


def test_an_inline_edit_refuses_an_assignee_who_is_not_a_member(team, client_for, backlog):
    item = backlog[1]
    response = client_for(team.dev.user).post(
        f"/b/apollo/items/{item.pk}/edit/", {"title": "B", "kind": "story", "assignee": "olga"}, **HTMX
    )
    assert response.status_code == 400
    assert f'id="edit{item.pk}_assignee_errors"' in response.content.decode()
    item.refresh_from_db()
    assert item.assignee is None


def test_an_item_of_another_board_is_as_missing_as_an_unknown_one(team, client_for):
    foreign = BacklogItemFactory(board=BoardFactory(), title="Foreign")
    client = client_for(team.sm.user)
    assert client.get(f"/b/apollo/items/{foreign.pk}/edit/", **HTMX).status_code == 404
    assert (
        client.post(f"/b/apollo/items/{foreign.pk}/edit/", {"title": "Mine", "kind": "story"}, **HTMX).status_code
        == 404
    )
    assert client.post(f"/b/apollo/items/{foreign.pk}/move/", {"position": "top"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Foreign"


# --- reorder --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"position": "top"}, "DABCE"),
        ({"position": "bottom"}, "ABCED"),
        ("up", "ABDCE"),
        ("down", "ABCED"),
    ],
)
def test_the_buttons_move_an_item(team, client_for, backlog, data, expected):
    a, b, c, d, e = backlog
    if data == "up":
        data = {"before": c.pk}
    elif data == "down":
        data = {"after": e.pk}
    response = client_for(team.po.user).post(f"/b/apollo/items/{d.pk}/move/", data, **HTMX)
    assert response.status_code == 204
    assert json.loads(response["HX-Trigger"]) == {"backlog-changed": {}}
    assert titles(team.board) == list(expected)


def test_a_move_without_javascript_returns_to_the_filtered_backlog(team, client_for, backlog):
    response = client_for(team.sm.user).post(
        f"/b/apollo/items/{backlog[4].pk}/move/", {"position": "top", "next": "/b/apollo/?q=E"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/b/apollo/?q=E"
    assert titles(team.board) == list("EABCD")


def test_a_move_never_returns_to_another_site(team, client_for, backlog):
    response = client_for(team.sm.user).post(
        f"/b/apollo/items/{backlog[4].pk}/move/", {"position": "top", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/b/apollo/"


def test_a_developer_may_not_reorder_and_is_told_which_role_may(team, client_for, backlog):
    response = client_for(team.dev.user).post(f"/b/apollo/items/{backlog[4].pk}/move/", {"position": "top"})
    assert response.status_code == 403
    assert "Only the Product Owner or the Scrum Master can change the backlog order" in response.content.decode()
    assert titles(team.board) == list("ABCDE")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"position": "sideways"}, "position"),
        ({}, "Give exactly one of before, after or position."),
        ({"before": "999999"}, "No item 999999 on this board."),
    ],
)
def test_a_bad_move_is_a_400_shown_in_the_flash_region(team, client_for, backlog, data, message):
    response = client_for(team.po.user).post(f"/b/apollo/items/{backlog[0].pk}/move/", data, **HTMX)
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#flash"
    assert message in response.content.decode()
    assert titles(team.board) == list("ABCDE")


def test_a_move_onto_an_item_of_another_board_is_refused(team, client_for, backlog):
    foreign = BacklogItemFactory(board=BoardFactory())
    response = client_for(team.po.user).post(f"/b/apollo/items/{backlog[0].pk}/move/", {"after": foreign.pk})
    assert response.status_code == 400
    assert f"No item {foreign.pk} on this board." in response.content.decode()


# --- delete ---------------------------------------------------------------------------------------------------


def test_delete_asks_for_confirmation_then_deletes(team, client_for, backlog):
    client = client_for(team.po.user)
    confirm = client.get(f"/b/apollo/items/{backlog[2].pk}/delete/")
    assert confirm.status_code == 200
    assert "Delete #" in confirm.content.decode() and "“C”?" in confirm.content.decode()
    assert titles(team.board) == list("ABCDE")
    response = client.post(f"/b/apollo/items/{backlog[2].pk}/delete/")
    assert response.status_code == 302
    assert titles(team.board) == list("ABDE")


def test_a_developer_may_not_delete(team, client_for, backlog):
    client = client_for(team.dev.user)
    for method in (client.get, client.post):
        response = method(f"/b/apollo/items/{backlog[2].pk}/delete/")
        assert response.status_code == 403
        assert "Only the Product Owner or the Scrum Master can delete items" in response.content.decode()
    assert titles(team.board) == list("ABCDE")


def test_an_htmx_refusal_carries_its_message_for_the_flash_region(team, client_for, backlog):
    response = client_for(team.dev.user).post(f"/b/apollo/items/{backlog[0].pk}/move/", {"position": "top"}, **HTMX)
    assert response.status_code == 403
    assert "data-error-message" in response.content.decode()


def test_a_member_of_another_board_is_an_outsider_here(team, client_for, backlog):
    stranger = UserFactory(username="stranger")
    BoardFactory(slug="elsewhere").memberships.create(user=stranger, role="scrum_master")
    client = client_for(stranger)
    assert client.get("/b/apollo/").status_code == 404
    assert client.post(f"/b/apollo/items/{backlog[0].pk}/move/", {"position": "bottom"}).status_code == 404
    assert client.post(f"/b/apollo/items/{backlog[0].pk}/delete/").status_code == 404
    assert titles(team.board) == list("ABCDE")
