"""The Jira CSV import over the API, on the file Jira writes: what it creates, maps and reports, and what it
refuses (naming the row) without writing anything."""

import io

import pytest

from boards.models import BacklogItem, CriterionCheck
from boards.services.definitions import definitions_add_defaults
from boards.tests.api_client import api_as
from transfer.tests.jira_csv import HEADER, issue, jira_csv

pytestmark = pytest.mark.django_db

URL = "/api/v1/boards/apollo/import/jira/"

BACKLOG = [
    issue("Sign in with Google", "APP-1", points="5", assignee="dave", labels=["auth", "web"], sprints=["S1", "S2"]),
    issue(
        "Crash on empty cart",
        "APP-2",
        type="Bug",
        status="In Progress",
        description='Steps:\n1. Empty the cart\n2. Check out, "quickly"',
        comments=["seen twice", "fixed?"],
        points="6",
    ),
    issue("Set up CI", "APP-3", type="Task", status="Done", assignee="someone@elsewhere.org", points="0.5"),
    issue("Wire the button", "APP-4", type="Sub-task", parent="10000", status="Blocked"),
    issue("Экспорт отчёта", "APP-5", type="Story", points="200"),
]


def upload(who, data: bytes, **fields):
    file = io.BytesIO(data)
    file.name = "Jira.csv"
    return api_as(who).post(URL, {"file": file, **fields}, format="multipart")


def test_the_product_owner_imports_a_jira_export_in_file_order_with_its_fields_mapped(team):
    definitions_add_defaults(board=team.board)  # a Definition of Done: Done in Jira arrives ticked
    answer = upload(team.po, jira_csv(BACKLOG))
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert (body["created"], body["updated"], body["skipped"], body["dry_run"]) == (5, 0, 0, False)
    items = list(BacklogItem.objects.filter(board=team.board).order_by("rank"))
    assert [item.jira_key for item in items] == ["APP-1", "APP-2", "APP-3", "APP-4", "APP-5"]
    login, crash, ci, button, export = items
    assert (login.title, login.kind, login.status, login.points, login.assignee) == (
        "Sign in with Google",
        "story",
        "todo",
        5,
        team.dev.user,
    )
    assert (crash.kind, crash.status, crash.points) == ("bug", "in_progress", 8)
    assert crash.description == 'Steps:\n1. Empty the cart\n2. Check out, "quickly"'
    assert (ci.kind, ci.status, ci.points, ci.assignee) == ("chore", "done", 1, None)
    assert CriterionCheck.objects.filter(item=ci).count() == 3  # the whole Definition of Done
    assert (button.kind, button.status) == ("chore", "todo")
    assert (export.title, export.points) == ("Экспорт отчёта", 100)
    warnings = {(w["row"], w["message"]) for w in body["warnings"]}
    assert warnings == {
        (3, "6 story points rounded up to 8."),
        (4, "someone@elsewhere.org is not a member of this board: left unassigned."),
        (4, "0.5 story points rounded up to 1."),
        (5, "A sub-task: imported as an item of its own."),
        (6, "200 story points: over the deck, set to 100."),
    }
    assert body["status_map"] == {"To Do": "todo", "In Progress": "in_progress", "Done": "done", "Blocked": "todo"}
    assert body["unknown_statuses"] == ["Blocked"]


def test_labels_and_epics_come_over_with_their_links(team):
    from boards.models import Label

    Label.objects.create(board=team.board, name="Web")
    issues = [
        issue("Payments", "PAY-1", type="Epic"),
        issue("Pay by card", "PAY-2", labels=["web", "payments"], epic="PAY-1"),
        issue("Pay by invoice", "PAY-3", parent="10000"),  # next-gen: the parent's issue id (PAY-1's)
        issue("Refunds", "PAY-4", epic="PAY-9"),  # no such epic
        issue("Bad label", "PAY-5", labels=["a,b"]),
    ]
    body = upload(team.po, jira_csv(issues)).json()
    items = {item.jira_key: item for item in BacklogItem.objects.filter(board=team.board)}
    assert items["PAY-1"].kind == "epic"
    assert items["PAY-2"].epic == items["PAY-1"] and items["PAY-3"].epic == items["PAY-1"]
    assert items["PAY-4"].epic is None
    assert sorted(label.name.lower() for label in items["PAY-2"].labels.all()) == ["payments", "web"]
    assert Label.objects.filter(board=team.board).count() == 2  # "web" is the board's "Web"
    messages = {(w["row"], w["message"]) for w in body["warnings"]}
    assert (5, "PAY-9 is no epic of this file or board: left out of any epic.") in messages
    assert any(row == 6 and "Label 'a,b' left out" in message for row, message in messages)
    again = upload(team.po, jira_csv(issues)).json()
    assert (again["created"], again["updated"], again["skipped"]) == (0, 0, 5)


def test_importing_the_same_file_again_creates_nothing_and_updates_what_changed(team):
    assert upload(team.sm, jira_csv(BACKLOG)).status_code == 201
    changed = [dict(entry) for entry in BACKLOG]
    changed[0]["summary"] = "Sign in with Google or Apple"
    again = upload(team.sm, jira_csv(changed)).json()
    assert (again["created"], again["updated"], again["skipped"]) == (0, 1, 4)
    assert BacklogItem.objects.filter(board=team.board).count() == 5
    assert BacklogItem.objects.get(jira_key="APP-1").title == "Sign in with Google or Apple"


def test_a_dry_run_says_what_would_happen_and_writes_nothing(team):
    answer = upload(team.po, jira_csv(BACKLOG), dry_run="true")
    assert answer.status_code == 200
    assert (answer.json()["created"], answer.json()["dry_run"]) == (5, True)
    assert not BacklogItem.objects.exists()


def test_the_user_maps_a_status_jira_names_its_own_way(team):
    answer = upload(team.po, jira_csv(BACKLOG), status_map='{"Blocked": "in_progress"}')
    assert answer.status_code == 201
    assert BacklogItem.objects.get(jira_key="APP-4").status == "in_progress"
    refused = upload(team.po, jira_csv(BACKLOG), status_map='{"Blocked": "stuck"}')
    assert refused.status_code == 400 and "status_map" in refused.json()


def test_a_file_without_a_byte_order_mark_reads_the_same(team):
    assert upload(team.po, jira_csv(BACKLOG[:2], bom=False)).json()["created"] == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (jira_csv([issue("A", "APP-1"), issue("x" * 201, "APP-2")]), "Row 3: the Summary is 201 characters"),
        (jira_csv([issue("A", "APP-1"), issue("B", "APP-1")]), "Row 3: issue APP-1 is also on row 2."),
        (jira_csv([issue("A", "APP-1"), issue("", "APP-2")]), "Row 3: the Summary is empty."),
        (jira_csv([issue("A", "APP-1")], header=["Title", *HEADER[1:]]), "it has no Summary column"),
        (b'Summary,Issue key\r\nA,APP-1\r\n"B,APP-2\r\n', "Row 3: unexpected end of data."),
        (b"Summary,Issue key\r\nA,APP-1,extra\r\n", "Row 2 has 3 fields; the header has 2."),
        ("Summary,Issue key\r\nÉté,APP-1\r\n".encode("latin-1"), "The file is not UTF-8 text (line 2)"),
        (b"", "file is empty."),
        (b"Summary,Issue key\r\n" + b"x" * (10 * 1024 * 1024), "The file is over 10 MB"),
    ],
)
def test_a_bad_file_is_refused_naming_its_row_and_nothing_is_written(team, data, message):
    answer = upload(team.po, data)
    assert answer.status_code == 400
    assert message in answer.json()["file"][0]
    assert not BacklogItem.objects.exists()


@pytest.mark.parametrize(("who", "code"), [("dev", 403), ("outsider", 404)])
def test_only_the_product_owner_and_scrum_master_import(team, who, code):
    user = team.outsider if who == "outsider" else team.dev
    assert upload(user, jira_csv(BACKLOG)).status_code == code
    assert not BacklogItem.objects.exists()


def test_the_jira_key_shows_in_the_items_api(team):
    upload(team.po, jira_csv(BACKLOG[:1]))
    rows = api_as(team.dev).get("/api/v1/boards/apollo/items/").json()["results"]
    assert [row["jira_key"] for row in rows] == ["APP-1"]
