"""The Jira import page: upload, preview (nothing written), confirm with the statuses chosen; who may see it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import BacklogItem
from transfer.models import PendingImport
from transfer.tests.jira_csv import issue, jira_csv
from transfer.tests.test_jira_import import BACKLOG

pytestmark = pytest.mark.django_db

PAGE = "/b/apollo/import/jira/"


def upload(client, data: bytes):
    return client.post(PAGE, {"file": SimpleUploadedFile("Sprint 7.csv", data, content_type="text/csv")})


def test_the_product_owner_uploads_sees_the_preview_and_nothing_is_written_yet(team, client_for):
    client = client_for(team.po.user)
    assert 'type="file" name="file"' in client.get(PAGE).content.decode()
    html = upload(client, jira_csv(BACKLOG)).content.decode()
    assert "Preview of Sprint 7.csv" in html
    assert "5 new, 0 updated, 0 unchanged." in html
    assert "Row 6: 200 story points: over the deck, set to 100." in html
    assert 'name="status:Blocked"' in html and ">choose<" in html
    assert "Экспорт отчёта" in html
    assert not BacklogItem.objects.exists()
    assert PendingImport.objects.count() == 1


def test_confirming_imports_with_the_statuses_chosen_and_forgets_the_upload(team, client_for):
    client = client_for(team.sm.user)
    upload(client, jira_csv(BACKLOG))
    pending = PendingImport.objects.get()
    html = client.post(f"{PAGE}confirm/", {"upload": pending.pk, "status:Blocked": "testing"}).content.decode()
    assert "5 new, 0 updated, 0 unchanged." in html
    assert BacklogItem.objects.get(jira_key="APP-4").status == "testing"
    assert not PendingImport.objects.exists()
    assert client.post(f"{PAGE}confirm/", {"upload": pending.pk}).status_code == 404


def test_a_bad_file_is_refused_on_the_page_naming_the_row(team, client_for):
    answer = upload(client_for(team.po.user), jira_csv([issue("A", "APP-1"), issue("B", "APP-1")]))
    assert answer.status_code == 400
    assert "Row 3: issue APP-1 is also on row 2." in answer.content.decode()
    assert not PendingImport.objects.exists()
    missing = client_for(team.po.user).post(PAGE, {})
    assert missing.status_code == 400 and "Choose Jira&#x27;s CSV file to upload." in missing.content.decode()


def test_one_member_cannot_import_anothers_upload(team, client_for):
    upload(client_for(team.po.user), jira_csv(BACKLOG))
    pending = PendingImport.objects.get()
    assert client_for(team.sm.user).post(f"{PAGE}confirm/", {"upload": pending.pk}).status_code == 404
    assert client_for(team.sm.user).post(f"{PAGE}confirm/", {"upload": "x"}).status_code == 404
    assert not BacklogItem.objects.exists()


def test_developers_are_told_who_imports_and_outsiders_see_nothing(team, client_for):
    html = client_for(team.dev.user).get(PAGE).content.decode()
    assert "The Product Owner and the Scrum Master import a backlog." in html and 'type="file"' not in html
    assert upload(client_for(team.dev.user), jira_csv(BACKLOG)).status_code == 403
    assert client_for(team.outsider).get(PAGE).status_code == 404
    assert upload(client_for(team.outsider), jira_csv(BACKLOG)).status_code == 404
    assert "Import from Jira" in client_for(team.po.user).get("/b/apollo/").content.decode()
    assert "Import from Jira" not in client_for(team.dev.user).get("/b/apollo/").content.decode()


def queries(action) -> int:
    with CaptureQueriesContext(connection) as ctx:
        action()
    return len(ctx.captured_queries)


def test_the_preview_and_the_import_cost_the_same_queries_for_5_and_50_issues(team, client_for):
    client = client_for(team.po.user)
    counts = []
    for size in (5, 50):
        data = jira_csv([issue(f"S{size}-{n}", f"K{size}-{n}", assignee="dave", points="3") for n in range(size)])
        preview = queries(lambda data=data: upload(client, data))
        pending = PendingImport.objects.get()
        done = queries(lambda pending=pending: client.post(f"{PAGE}confirm/", {"upload": pending.pk}))
        counts.append((preview, done))
    assert counts[0] == counts[1]
    assert BacklogItem.objects.count() == 55


def test_a_member_imports_a_board_export_on_its_page_and_lands_on_the_new_backlog(team, client_for):
    from boards.tests.api_client import api_as
    from boards.tests.factories import BacklogItemFactory

    BacklogItemFactory(board=team.board, title="Login")
    exported = api_as(team.po).get("/api/v1/boards/apollo/export/?format=json").content
    client = client_for(team.dev.user)
    assert 'type="file" name="file"' in client.get("/boards/import/").content.decode()
    answer = client.post("/boards/import/", {"file": SimpleUploadedFile("board.json", exported)})
    assert answer.status_code == 302 and answer["Location"] == "/b/apollo-2/"
    assert "Board Apollo imported." in client.get(answer["Location"]).content.decode()
    assert BacklogItem.objects.filter(board__slug="apollo-2", title="Login").exists()


def test_a_file_that_is_not_a_board_export_is_refused_on_the_page(team, client_for):
    client = client_for(team.dev.user)
    answer = client.post("/boards/import/", {"file": SimpleUploadedFile("x.json", b"{not json")})
    assert answer.status_code == 400 and "This file is not JSON" in answer.content.decode()
    answer = client.post("/boards/import/", {"file": SimpleUploadedFile("x.json", b'{"format": "other"}')})
    assert answer.status_code == 400 and "This is not a board export of this app." in answer.content.decode()
    assert client_for(None).get("/boards/import/").status_code == 302  # to the login


def test_the_settings_page_links_both_exports(team, client_for):
    html = client_for(team.dev.user).get("/b/apollo/settings/").content.decode()
    assert 'href="/api/v1/boards/apollo/export/?format=csv"' in html
    assert 'href="/api/v1/boards/apollo/export/?format=json"' in html
    assert "Or import a board from an export" in client_for(team.dev.user).get("/").content.decode()
