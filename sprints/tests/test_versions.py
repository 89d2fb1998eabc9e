"""Lost updates on sprints: the API's ETag, If-Match (412) and body version (409), and the planning page's sprint form
that saves only what was changed and shows a stale save beside the other person's value."""

import pytest

from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory
from scrum_app.testing import form_data
from sprints import services
from sprints.models import Sprint

pytestmark = pytest.mark.django_db

SPRINT = "/api/v1/boards/apollo/sprints/1/"


@pytest.fixture
def sprint(team):
    return services.sprint_create(acting=team.sm, goal="Ship search", name="Search")


def someone_else_edits(team, **fields):
    current = Sprint.objects.get(number=1)
    services.sprint_update(acting=team.po, sprint=current, version=current.version, **fields)


def test_it_answers_a_get_with_the_version_as_etag(team, sprint):
    response = api_as(team.dev).get(SPRINT)
    assert response["ETag"] == '"1"'
    assert response.json()["version"] == 1


def test_it_refuses_a_stale_if_match_with_412_and_the_current_sprint(team, sprint):
    someone_else_edits(team, goal="Ship search and filters")
    response = api_as(team.sm).patch(SPRINT, {"name": "Find"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert response.json() == api_as(team.sm).get(SPRINT).json()
    assert response.json()["goal"] == "Ship search and filters"
    assert Sprint.objects.get().name == "Search"


def test_it_refuses_a_stale_body_version_with_409_and_the_current_sprint(team, sprint):
    someone_else_edits(team, goal="Ship search and filters")
    response = api_as(team.sm).patch(SPRINT, {"goal": "Mine", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["version"] == 2
    assert Sprint.objects.get().goal == "Ship search and filters"


def test_it_still_edits_without_a_version_and_answers_the_new_etag(team, sprint):
    someone_else_edits(team, goal="Ship search and filters")
    response = api_as(team.sm).patch(SPRINT, {"name": "Find"}, format="json")
    assert response.status_code == 200
    assert response["ETag"] == '"3"'
    assert Sprint.objects.get().goal == "Ship search and filters"


def test_starting_a_sprint_makes_an_edit_from_before_stale(team, sprint):
    services.sprint_add_items(acting=team.sm, sprint=sprint, item_ids=[BacklogItemFactory(board=team.board).pk])
    services.sprint_start(acting=team.sm, sprint=sprint)
    response = api_as(team.po).patch(SPRINT, {"goal": "Other"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert response.json()["state"] == "active"


def test_it_documents_version_and_the_stale_answers(team):
    schema = api_as(team.dev).get("/api/v1/schema/?format=json").json()
    patch = schema["paths"]["/api/v1/boards/{slug}/sprints/{number}/"]["patch"]
    assert {"409", "412"} <= set(patch["responses"])
    assert schema["components"]["schemas"]["SprintOut"]["properties"]["version"]["readOnly"] is True
    body = patch["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "version" in schema["components"]["schemas"][body]["properties"]


def test_a_stale_save_of_the_sprint_form_shows_both_values_and_saves_nothing(team, client, sprint):
    client.force_login(team.po.user)
    data = form_data(client.get("/b/apollo/sprints/1/plan/").content.decode(), "/sprints/1/edit/")
    assert data["version"] == ["1"]
    data["goal"] = ["Mine"]
    someone_else_edits(team, goal="Theirs")

    response = client.post("/b/apollo/sprints/1/edit/", data)

    html = response.content.decode()
    assert response.status_code == 409
    assert "Saved meanwhile by someone else: <strong>Theirs</strong>" in html
    assert form_data(html, "/sprints/1/edit/")["goal"] == ["Mine"]
    assert Sprint.objects.get().goal == "Theirs"


def test_renaming_a_sprint_on_the_page_keeps_a_goal_changed_behind_its_back(team, client, sprint):
    client.force_login(team.po.user)
    data = form_data(client.get("/b/apollo/sprints/1/plan/").content.decode(), "/sprints/1/edit/")
    data["name"] = ["Find"]
    Sprint.objects.filter(pk=sprint.pk).update(goal="Theirs")

    assert client.post("/b/apollo/sprints/1/edit/", data).status_code == 302
    assert (Sprint.objects.get().name, Sprint.objects.get().goal) == ("Find", "Theirs")
