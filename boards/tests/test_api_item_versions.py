"""Lost updates over the API: an item's GET carries its version as an ETag; a write naming an older version (in
If-Match or in the body) is refused with the item as it is now, and nothing is written."""

import pytest

from boards.models import BacklogItem
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/boards/apollo/items/"


@pytest.fixture
def item(team):
    return BacklogItemFactory(board=team.board, title="Login", points=3)


def url(item):
    return f"{ITEMS}{item.pk}/"


def test_it_answers_a_get_with_the_version_as_etag(team, item):
    response = api_as(team.dev).get(url(item))
    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert response["ETag"] == '"1"'


def test_it_raises_the_version_with_every_edit_and_answers_the_new_etag(team, item):
    response = api_as(team.dev).patch(url(item), {"title": "Log in"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'
    assert api_as(team.po).get(url(item))["ETag"] == '"2"'


def test_it_refuses_a_stale_if_match_with_412_and_the_current_item(team, item):
    api_as(team.po).patch(url(item), {"points": 8}, format="json", HTTP_IF_MATCH='"1"')
    response = api_as(team.dev).patch(url(item), {"title": "Log in"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert response.json() == api_as(team.dev).get(url(item)).json()
    assert response.json()["points"] == 8
    assert response["ETag"] == '"2"'
    stored = BacklogItem.objects.get(pk=item.pk)
    assert (stored.title, stored.points, stored.version) == ("Login", 8, 2)


def test_it_refuses_a_stale_body_version_with_409_and_the_current_item(team, item):
    api_as(team.po).patch(url(item), {"points": 8, "version": 1}, format="json")
    response = api_as(team.dev).patch(url(item), {"points": 5, "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["points"] == 8
    assert response.json()["version"] == 2
    assert BacklogItem.objects.get(pk=item.pk).points == 8


def test_it_still_writes_without_a_version_for_scripts(team, item):
    api_as(team.po).patch(url(item), {"points": 8}, format="json")
    response = api_as(team.dev).patch(url(item), {"title": "Log in"}, format="json")
    assert response.status_code == 200
    stored = BacklogItem.objects.get(pk=item.pk)
    assert (stored.title, stored.points, stored.version) == ("Log in", 8, 3)


def test_it_takes_if_match_star_as_any_version(team, item):
    api_as(team.po).patch(url(item), {"points": 8}, format="json")
    response = api_as(team.dev).patch(url(item), {"title": "Log in"}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 200


def test_it_refuses_an_if_match_that_is_no_etag_of_ours_with_412(team, item):
    response = api_as(team.dev).patch(url(item), {"title": "Log in"}, format="json", HTTP_IF_MATCH='"abc"')
    assert response.status_code == 412
    assert BacklogItem.objects.get(pk=item.pk).title == "Login"


def test_it_refuses_a_body_version_that_contradicts_if_match_naming_version(team, item):
    response = api_as(team.dev).patch(url(item), {"title": "x", "version": 2}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 400
    assert "version" in response.json()


def test_it_refuses_a_version_that_is_not_a_number_naming_the_field(team, item):
    response = api_as(team.dev).patch(url(item), {"title": "x", "version": "new"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["version"]


def test_it_refuses_a_version_on_create(team):
    response = api_as(team.dev).post(ITEMS, {"title": "x", "version": 4}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["version"]


def test_it_keeps_a_stale_delete_from_deleting_an_edited_item(team, item):
    api_as(team.dev).patch(url(item), {"points": 8}, format="json")
    response = api_as(team.po).delete(url(item), HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert response.json()["points"] == 8
    assert BacklogItem.objects.filter(pk=item.pk).exists()
    assert api_as(team.po).delete(url(item), HTTP_IF_MATCH='"2"').status_code == 204


def test_it_documents_version_etag_and_the_stale_answers(team):
    schema = api_as(team.dev).get("/api/v1/schema/?format=json").json()
    item_path = schema["paths"]["/api/v1/boards/{slug}/items/{item_id}/"]
    assert {"409", "412"} <= set(item_path["patch"]["responses"])
    assert "412" in item_path["delete"]["responses"]
    assert "If-Match" in [p["name"] for p in item_path["patch"]["parameters"]]
    assert "ETag" in item_path["get"]["responses"]["200"]["headers"]
    stale = item_path["patch"]["responses"]["412"]["content"]["application/json"]["schema"]["$ref"]
    assert stale.endswith("/ItemOut")
    components = schema["components"]["schemas"]
    assert components["ItemOut"]["properties"]["version"]["readOnly"] is True
    edit_in = item_path["patch"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "version" in components[edit_in]["properties"]
    assert "version" not in components[edit_in].get("required", [])
