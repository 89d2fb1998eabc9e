"""Every write that changes what the items endpoint answers shows in the very next answer, though the page before it
was cached: API, pages, sprints, poker, member removal, the admin, bulk ORM statements and raw SQL. No writer raises
the board's items version: the database does (boards/migrations/0008_items_version_triggers.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from boards import services
from boards.models import Board
from boards.tests.api_client import api_as
from boards.tests.conftest import HTMX
from boards.tests.factories import BacklogItemFactory, BoardFactory, MembershipFactory
from poker import services as poker_services
from scrum_app.errors import InvalidInput
from sprints import services as sprint_services

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/boards/apollo/items/"


@pytest.fixture
def backlog(team):
    """Login, Search, Export: created by paula, Search assigned to dave."""
    return [
        services.item_create(board=team.board, actor=team.po.user, title=title, assignee=assignee)
        for title, assignee in (("Login", None), ("Search", team.dev.user), ("Export", None))
    ]


@pytest.fixture
def reader(team, backlog):
    """The developer's API client, whose list of the backlog is cached before each test's write."""
    client = api_as(team.dev)
    listed(client)
    with CaptureQueriesContext(connection) as ctx:
        listed(client)
    assert len(ctx.captured_queries) == 1  # the token with the membership; the page came from the cache
    return client


def listed(client, **params):
    response = client.get(ITEMS, params)
    assert response.status_code == 200, response.content
    return {row["title"]: row for row in response.json()["results"]}


def titles(client):
    return list(listed(client))


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- the API ----------------------------------------------------------------------------------------------------


def test_an_item_added_over_the_api_shows_next(team, reader):
    assert api_as(team.dev).post(ITEMS, {"title": "Billing"}, format="json").status_code == 201
    assert titles(reader) == ["Login", "Search", "Export", "Billing"]


def test_many_items_added_at_once_show_next(team, reader):
    response = api_as(team.po).post(f"{ITEMS}bulk/", [{"title": "A"}, {"title": "B"}], format="json")
    assert response.status_code == 201
    assert titles(reader)[-2:] == ["A", "B"]


def test_an_edit_over_the_api_shows_next(team, reader, backlog):
    response = api_as(team.dev).patch(f"{ITEMS}{backlog[0].pk}/", {"points": 5, "status": "testing"}, format="json")
    assert response.status_code == 200
    assert (listed(reader)["Login"]["points"], listed(reader)["Login"]["status"]) == (5, "testing")


def test_a_deletion_over_the_api_shows_next(team, reader, backlog):
    assert api_as(team.po).delete(f"{ITEMS}{backlog[1].pk}/").status_code == 204
    assert titles(reader) == ["Login", "Export"]


def test_a_move_over_the_api_shows_next(team, reader, backlog):
    response = api_as(team.po).post(f"{ITEMS}{backlog[2].pk}/move/", {"position": "top"}, format="json")
    assert response.status_code == 200
    assert titles(reader) == ["Export", "Login", "Search"]


def test_removing_a_member_unassigns_their_items_next(team, reader):
    assert api_as(team.sm).delete("/api/v1/boards/apollo/members/dave/").status_code == 204
    # dave's own token no longer opens the board; the Product Owner's list shows Search unassigned.
    assert reader.get(ITEMS).status_code == 404
    assert listed(api_as(team.po))["Search"]["assignee"] is None


# --- the pages --------------------------------------------------------------------------------------------------


def test_an_item_added_on_the_backlog_page_shows_next(team, reader):
    response = logged_in(team.dev.user).post("/b/apollo/items/new/", {"title": "Billing", "kind": "bug"}, **HTMX)
    assert response.status_code == 200
    assert listed(reader)["Billing"]["kind"] == "bug"


def test_an_inline_edit_shows_next(team, reader, backlog):
    response = logged_in(team.dev.user).post(
        f"/b/apollo/items/{backlog[0].pk}/edit/", {"title": "Sign in", "kind": "story", "assignee": "dave"}, **HTMX
    )
    assert response.status_code == 204
    assert listed(reader)["Sign in"]["assignee"] == "dave"


def test_an_edit_on_the_item_page_shows_next(team, reader, backlog):
    response = logged_in(team.dev.user).post(
        f"/b/apollo/items/{backlog[0].pk}/",
        {"title": "Login", "kind": "chore", "status": "po_review", "description": "With SSO"},
    )
    assert response.status_code == 302
    assert (listed(reader)["Login"]["kind"], listed(reader)["Login"]["description"]) == ("chore", "With SSO")


def test_a_card_moved_across_the_board_shows_next(team, reader, backlog):
    response = logged_in(team.dev.user).post(f"/b/apollo/items/{backlog[1].pk}/status/", {"status": "done"}, **HTMX)
    assert response.status_code == 200
    assert listed(reader)["Search"]["status"] == "done"


def test_a_reorder_on_the_backlog_page_shows_next(team, reader, backlog):
    response = logged_in(team.po.user).post(f"/b/apollo/items/{backlog[0].pk}/move/", {"position": "bottom"}, **HTMX)
    assert response.status_code in (200, 204)
    assert titles(reader) == ["Search", "Export", "Login"]


def test_a_deletion_on_the_backlog_page_shows_next(team, reader, backlog):
    response = logged_in(team.sm.user).post(f"/b/apollo/items/{backlog[0].pk}/delete/")
    assert response.status_code in (200, 204, 302)
    assert titles(reader) == ["Search", "Export"]


def test_removing_a_member_on_the_settings_page_shows_next(team, reader):
    assert logged_in(team.sm.user).post("/b/apollo/settings/members/dave/remove/").status_code in (200, 302)
    assert listed(api_as(team.po))["Search"]["assignee"] is None


# --- sprints and poker ------------------------------------------------------------------------------------------


def test_planning_items_into_and_out_of_a_sprint_shows_next(team, reader, backlog):
    sprint_services.sprint_create(acting=team.po, goal="Sign-in")
    po = api_as(team.po)
    ids = [backlog[0].pk, backlog[1].pk]
    assert po.post("/api/v1/boards/apollo/sprints/1/items/", {"items": ids}, format="json").status_code == 200
    assert [row["sprint"] for row in listed(reader).values()] == [1, 1, None]

    response = po.delete("/api/v1/boards/apollo/sprints/1/items/", {"items": [backlog[0].pk]}, format="json")
    assert response.status_code == 200
    assert [row["sprint"] for row in listed(reader).values()] == [None, 1, None]


def test_planning_on_the_sprint_page_shows_next(team, reader, backlog):
    sprint_services.sprint_create(acting=team.po, goal="Sign-in")
    response = logged_in(team.po.user).post("/b/apollo/sprints/1/plan/add/", {"items": [backlog[2].pk]})
    assert response.status_code == 302
    assert listed(reader)["Export"]["sprint"] == 1


def test_closing_a_sprint_sends_unfinished_items_to_the_top_next(team, reader, backlog):
    sprint = sprint_services.sprint_create(acting=team.po, goal="Export")
    sprint_services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[backlog[2].pk])
    sprint_services.sprint_start(acting=team.sm, sprint=sprint)
    assert listed(reader)["Export"]["sprint"] == 1

    response = api_as(team.sm).post("/api/v1/boards/apollo/sprints/1/close/", {"unfinished": "backlog"}, format="json")
    assert response.status_code == 200
    assert titles(reader)[0] == "Export"
    assert listed(reader)["Export"]["sprint"] is None


def test_an_accepted_poker_estimate_shows_next(team, reader, backlog):
    session = poker_services.session_start(acting=team.sm, auto_reveal=False)
    sm = api_as(team.sm)
    assert sm.post(f"/api/v1/boards/apollo/poker/{session.pk}/reveal/").status_code == 200
    response = sm.post(f"/api/v1/boards/apollo/poker/{session.pk}/accept/", {"points": 8}, format="json")
    assert response.status_code == 200
    # The session estimated the unestimated items in backlog order: Login first.
    assert [row["points"] for row in listed(reader).values()] == [8, None, None]


# --- the admin --------------------------------------------------------------------------------------------------


@pytest.fixture
def admin(db):
    return logged_in(get_user_model().objects.create_superuser("root", "root@example.com", "pw"))


def test_an_admin_edit_shows_next(team, reader, backlog, admin):
    form = {"kind": "bug", "title": "Login", "status": "todo", "description": "", "acceptance_criteria": ""}
    response = admin.post(f"/admin/boards/backlogitem/{backlog[0].pk}/change/", form)
    assert response.status_code == 302
    assert listed(reader)["Login"]["kind"] == "bug"


def test_an_admin_deletion_shows_next(team, reader, backlog, admin):
    response = admin.post(f"/admin/boards/backlogitem/{backlog[0].pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert titles(reader) == ["Search", "Export"]


def test_items_deleted_in_bulk_in_the_admin_show_next(team, reader, backlog, admin):
    form = {"action": "delete_selected", "post": "yes", "_selected_action": [backlog[0].pk, backlog[2].pk]}
    assert admin.post("/admin/boards/backlogitem/", form).status_code == 302
    assert titles(reader) == ["Search"]


def test_a_sprint_deleted_in_the_admin_takes_its_items_out_of_it_next(team, reader, backlog, admin):
    sprint = sprint_services.sprint_create(acting=team.po, goal="Export")
    sprint_services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[backlog[2].pk])
    assert listed(reader)["Export"]["sprint"] == 1
    assert admin.post(f"/admin/sprints/sprint/{sprint.pk}/delete/", {"post": "yes"}).status_code == 302
    assert listed(reader)["Export"]["sprint"] is None


def test_a_user_renamed_in_the_admin_shows_under_the_new_name_next(team, reader, admin):
    paula = team.po.user
    form = {
        "username": "paula.p",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        "initial-date_joined_0": "2026-01-05",
        "initial-date_joined_1": "09:00:00",
    }
    response = admin.post(f"/admin/auth/user/{paula.pk}/change/", form)
    assert response.status_code == 302, response.content[:3000]
    # Search: assigned to dave, created by the renamed paula.
    assert listed(reader)["Search"]["created_by"] == "paula.p"


def test_an_assignee_deleted_in_the_admin_leaves_their_items_unassigned_next(team, backlog, admin):
    po = api_as(team.po)
    assert listed(po)["Search"]["assignee"] == "dave"
    assert admin.post(f"/admin/auth/user/{team.dev.user.pk}/delete/", {"post": "yes"}).status_code == 302
    assert listed(po)["Search"]["assignee"] is None


def test_a_rename_raises_only_the_boards_that_show_the_user_or_have_them_as_member(team, backlog):
    member_there = BoardFactory(slug="member-there")
    MembershipFactory(board=member_there, user=team.dev.user)  # a member there, on none of its items
    BoardFactory(slug="elsewhere")
    before = dict(Board.objects.values_list("slug", "items_version"))
    get_user_model().objects.filter(pk=team.dev.user.pk).update(username="david")
    get_user_model().objects.filter(pk=team.dev.user.pk).update(last_login=None)  # a login renames nobody
    after = dict(Board.objects.values_list("slug", "items_version"))
    assert {slug: after[slug] - before[slug] for slug in after} == {"apollo": 1, "member-there": 1, "elsewhere": 0}


def test_a_member_removed_in_the_admin_is_no_longer_an_assignee_filter_next(team, backlog, admin):
    po = api_as(team.po)
    assert po.get(ITEMS, {"assignee": "dave"}).status_code == 200
    assert admin.post(f"/admin/boards/membership/{team.dev.pk}/delete/", {"post": "yes"}).status_code == 302
    response = po.get(ITEMS, {"assignee": "dave"})
    assert response.status_code == 400
    assert "assignee" in response.json()
    assert listed(po)["Search"]["assignee"] is None  # the service unassigned their items


def test_a_member_without_items_renamed_in_the_admin_is_no_longer_an_assignee_filter_next(team, backlog, admin):
    po = api_as(team.po)
    assert po.get(ITEMS, {"assignee": "sam"}).json()["count"] == 0
    form = {"username": "samuel", "is_active": "on", "date_joined_0": "2026-01-05", "date_joined_1": "09:00:00"}
    assert admin.post(f"/admin/auth/user/{team.sm.user.pk}/change/", form).status_code == 302
    assert po.get(ITEMS, {"assignee": "sam"}).status_code == 400
    assert po.get(ITEMS, {"assignee": "samuel"}).status_code == 200


def test_checklist_entries_added_ticked_moved_and_removed_show_next(team, reader, backlog):
    url = f"{ITEMS}{backlog[0].pk}/checklist/"
    client = api_as(team.dev)
    first = client.post(url, {"text": "Schema"}, format="json").json()
    assert [e["text"] for e in listed(reader)["Login"]["checklist"]] == ["Schema"]
    second = client.post(url, {"text": "Tests"}, format="json").json()
    client.patch(f"{url}{first['id']}/", {"done": True}, format="json")
    assert [(e["text"], e["done"]) for e in listed(reader)["Login"]["checklist"]] == [
        ("Schema", True),
        ("Tests", False),
    ]
    client.patch(f"{url}{second['id']}/", {"position": 0}, format="json")
    assert [e["text"] for e in listed(reader)["Login"]["checklist"]] == ["Tests", "Schema"]
    client.delete(f"{url}{second['id']}/")
    assert [e["text"] for e in listed(reader)["Login"]["checklist"]] == ["Schema"]


def test_checklist_entries_written_by_bulk_orm_statements_and_raw_sql_show_next(team, reader, backlog):
    from boards.models import ChecklistEntry

    ChecklistEntry.objects.create(board=team.board, item=backlog[1], text="Raw", position=0)
    assert [e["text"] for e in listed(reader)["Search"]["checklist"]] == ["Raw"]
    ChecklistEntry.objects.filter(item=backlog[1]).update(done=True)
    assert listed(reader)["Search"]["checklist"][0]["done"] is True
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM boards_checklistentry")
    assert listed(reader)["Search"]["checklist"] == []


def test_a_checklist_entry_on_the_item_page_shows_next(team, reader, backlog):
    response = logged_in(team.dev.user).post(f"/b/apollo/items/{backlog[0].pk}/checklist/", {"text": "Schema"}, **HTMX)
    assert response.status_code == 200
    assert [e["text"] for e in listed(reader)["Login"]["checklist"]] == ["Schema"]


def test_a_bulk_edit_shows_next(team, reader, backlog):
    sprint = sprint_services.sprint_create(acting=team.po, goal="Export")
    ids = [item.pk for item in backlog[:2]]
    changes = {"status": "testing", "points": 3, "assignee": "sam", "sprint": sprint.number}
    response = api_as(team.po).post(f"{ITEMS}bulk-update/", {"ids": ids, "set": changes}, format="json")
    assert response.status_code == 200
    rows = listed(reader)
    assert {
        (rows[t]["status"], rows[t]["points"], rows[t]["assignee"], rows[t]["sprint"]) for t in ("Login", "Search")
    } == {("testing", 3, "sam", sprint.number)}


def test_a_refused_write_leaves_the_version_as_it_was(team, backlog):
    """The raise is part of the write's transaction: when the write is refused, both are rolled back."""
    sprint = sprint_services.sprint_create(acting=team.po, goal="Export")
    foreign = BacklogItemFactory(board=BoardFactory())
    version = Board.objects.get(pk=team.board.pk).items_version
    with pytest.raises(InvalidInput):
        sprint_services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[backlog[0].pk, foreign.pk])
    assert Board.objects.get(pk=team.board.pk).items_version == version
    services.item_update(actor=team.dev.user, item=backlog[0], points=5)
    assert Board.objects.get(pk=team.board.pk).items_version == version + 1


def test_the_release_before_the_version_column_still_creates_boards(db):
    """Migrations work with the release before them: its INSERT names no items_version; the database fills it in."""
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO boards_board (name, slug, description, sprint_length_weeks, retro_vote_budget, working_days, "
            "time_zone, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            ["Old", "old", "", 2, 2, "[1, 2, 3, 4, 5]", "UTC", timezone.now()],
        )
    assert Board.objects.get(slug="old").items_version == 0


def board_admin_form(board, *, members: int) -> dict[str, str]:
    """The board admin's change form as posted, with `members` membership rows (the caller fills them in)."""
    return {
        "name": board.name,
        "slug": board.slug,
        "description": "",
        "sprint_length_weeks": "2",
        "retro_vote_budget": "2",
        "refinement_minutes": "60",
        "working_days": "[1, 2, 3, 4, 5]",
        "time_zone": "UTC",
        "memberships-TOTAL_FORMS": str(members),
        "memberships-INITIAL_FORMS": str(members),
        "wip_limits-TOTAL_FORMS": "0",
        "wip_limits-INITIAL_FORMS": "0",
    }


def test_a_member_removed_in_the_board_admins_inline_is_no_longer_an_assignee_filter_next(team, backlog, admin):
    po = api_as(team.po)
    assert po.get(ITEMS, {"assignee": "dave"}).status_code == 200
    board = team.board
    form = board_admin_form(board, members=3)
    for index, member in enumerate((team.po, team.sm, team.dev)):
        form |= {
            f"memberships-{index}-id": str(member.pk),
            f"memberships-{index}-board": str(board.pk),
            f"memberships-{index}-user": str(member.user.pk),
            f"memberships-{index}-role": member.role,
        }
    form["memberships-2-DELETE"] = "on"
    response = admin.post(f"/admin/boards/board/{board.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert po.get(ITEMS, {"assignee": "dave"}).status_code == 400


def test_a_board_saved_in_the_admin_never_writes_back_an_items_version_it_read(team, admin):
    board = team.board
    form = board_admin_form(board, members=0) | {"name": "Apollo renamed"}
    with CaptureQueriesContext(connection) as queries:
        response = admin.post(f"/admin/boards/board/{board.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "boards_board"')]
    assert [sql for sql in updates if "items_version" in sql] == []
    assert any('"name" =' in sql for sql in updates)
    board.refresh_from_db()
    assert board.name == "Apollo renamed"


# --- labels -----------------------------------------------------------------------------------------------------


def test_labels_put_on_and_taken_off_an_item_show_next(team, reader, backlog):
    from boards.services.labels import label_create

    label_create(acting=team.po, name="UX")
    dev = api_as(team.dev)
    assert dev.patch(f"{ITEMS}{backlog[0].pk}/", {"labels": ["UX"]}, format="json").status_code == 200
    assert listed(reader)["Login"]["labels"] == ["UX"]
    assert dev.patch(f"{ITEMS}{backlog[0].pk}/", {"labels": []}, format="json").status_code == 200
    assert listed(reader)["Login"]["labels"] == []


def test_a_label_written_beside_the_services_shows_next(team, reader, backlog):
    """The through table's own triggers: a raw insert and delete, no item row touched."""
    from boards.models import ItemLabel, Label

    label = Label.objects.create(board=team.board, name="Raw")
    listed(reader)  # cached again at the version the label's insert raised
    ItemLabel.objects.create(board=team.board, item=backlog[1], label=label)
    assert listed(reader)["Search"]["labels"] == ["Raw"]
    ItemLabel.objects.filter(label=label).delete()
    assert listed(reader)["Search"]["labels"] == []


def test_a_label_renamed_shows_under_its_new_name_next_and_a_recolour_raises_nothing(team, reader, backlog):
    from boards.models import Label
    from boards.services.labels import label_create

    label = label_create(acting=team.po, name="Bakend")
    services.item_update(actor=team.dev.user, item=backlog[1], labels=["Bakend"])
    assert listed(reader)["Search"]["labels"] == ["Bakend"]
    response = api_as(team.dev).patch(f"/api/v1/boards/apollo/labels/{label.pk}/", {"name": "Backend"}, format="json")
    assert response.status_code == 200
    assert listed(reader)["Search"]["labels"] == ["Backend"]
    version = Board.objects.get(pk=team.board.pk).items_version
    Label.objects.filter(pk=label.pk).update(color="#c62f2f")
    assert Board.objects.get(pk=team.board.pk).items_version == version
    Label.objects.filter(pk=label.pk).update(name="BE")  # a rename outside the services raises as well
    assert Board.objects.get(pk=team.board.pk).items_version == version + 1


def test_a_label_deleted_leaves_its_items_and_its_filter_next(team, reader, backlog):
    from boards.services.labels import label_create, label_delete

    label = label_create(acting=team.po, name="UX")
    services.item_update(actor=team.dev.user, item=backlog[0], labels=["UX"])
    assert api_as(team.dev).get(ITEMS, {"label": "UX"}).json()["count"] == 1
    label_delete(acting=team.dev, label=label)
    assert listed(reader)["Login"]["labels"] == []
    assert api_as(team.dev).get(ITEMS, {"label": "UX"}).status_code == 400


def test_an_item_put_into_an_epic_shows_next_with_the_epics_progress(team, reader, backlog):
    epic = services.item_create(board=team.board, actor=team.po.user, title="Epic", kind="epic")
    assert listed(reader)["Epic"]["progress"]["items_total"] == 0
    services.item_update(actor=team.dev.user, item=backlog[0], epic=epic.pk, status="done")
    rows = listed(reader)
    assert (rows["Login"]["epic"], rows["Epic"]["progress"]["items_done"]) == (epic.pk, 1)
