"""Lost updates on stand-up entries (the same member in two tabs): the API's ETag, If-Match (412) and body version
(409), and the stand-up page that saves only the answers changed and shows a stale save beside the stored answer."""

import pytest
from django.test import Client

from boards.tests.api_client import api_as
from scrum_app.testing import form_data
from standups.models import Blocker, StandupEntry
from standups.services import standup_entry_save
from standups.tests.conftest import MONDAY

ME = "/api/v1/boards/apollo/standups/2026-03-02/me/"
PAGE = "/b/apollo/standups/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def entry(team, sprint):
    return standup_entry_save(acting=team.dev, day=MONDAY, done="Login", next="Search")


def other_tab_saves(team, **answers):
    current = StandupEntry.objects.get(member=team.dev.user)
    standup_entry_save(acting=team.dev, day=MONDAY, version=current.version, **answers)


def page_form(client):
    return form_data(client.get(PAGE).content.decode(), "/standups/entry/")


def dev_with_the_form(team):
    """The developer's browser on the stand-up page, and the entry form's fields as it loaded them."""
    client = Client()
    client.force_login(team.dev.user)
    return client, page_form(client)


# --- API --------------------------------------------------------------------------------------------------------


def test_it_answers_a_get_of_my_entry_with_its_version_as_etag(team, entry):
    response = api_as(team.dev).get(ME)
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert (response.json()["done"], response.json()["version"]) == ("Login", 1)


def test_it_answers_404_for_an_entry_not_written_yet(team, sprint):
    assert api_as(team.po).get(ME).status_code == 404


def test_it_refuses_a_stale_if_match_with_412_and_my_entry_as_stored(team, entry):
    other_tab_saves(team, done="Login, reviewed", next="Search")
    response = api_as(team.dev).put(ME, {"done": "Mine", "blockers": "Staging"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert response.json() == api_as(team.dev).get(ME).json()
    assert response.json()["done"] == "Login, reviewed"
    assert not Blocker.objects.exists()


def test_it_refuses_a_stale_body_version_with_409(team, entry):
    other_tab_saves(team, done="Login, reviewed", next="Search")
    response = api_as(team.dev).put(ME, {"done": "Mine", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["version"] == 2
    assert StandupEntry.objects.get().done == "Login, reviewed"


def test_it_still_saves_without_a_version_and_answers_the_new_etag(team, entry):
    response = api_as(team.dev).put(ME, {"done": "Mine"}, format="json")
    assert response.status_code == 200
    assert response["ETag"] == '"2"'


def test_it_documents_the_entry_get_and_the_stale_answers(team):
    schema = api_as(team.dev).get("/api/v1/schema/?format=json").json()
    path = schema["paths"]["/api/v1/boards/{slug}/standups/{date}/me/"]
    assert "ETag" in path["get"]["responses"]["200"]["headers"]
    assert {"409", "412"} <= set(path["put"]["responses"])


# --- the page ---------------------------------------------------------------------------------------------------


def test_a_stale_save_from_another_tab_shows_both_answers_and_saves_nothing(team, entry):
    client, data = dev_with_the_form(team)
    assert data["version"] == ["1"]
    data["done"] = ["Login and logout"]
    other_tab_saves(team, done="Login, reviewed")

    response = client.post(f"{PAGE}entry/", data, **HTMX)

    html = response.content.decode()
    assert response.status_code == 409
    assert "Saved meanwhile by someone else: <strong>Login, reviewed</strong>" in html
    assert form_data(html, "/standups/entry/")["done"] == ["Login and logout"]
    assert StandupEntry.objects.get().done == "Login, reviewed"


def test_changing_one_answer_keeps_another_saved_from_another_tab(team, entry):
    client, data = dev_with_the_form(team)
    data["blockers"] = ["Staging is down"]
    StandupEntry.objects.update(next="Search, then filters")  # behind the form's back, without a version

    assert client.post(f"{PAGE}entry/", data, **HTMX).status_code == 200
    stored = StandupEntry.objects.get()
    assert (stored.next, stored.blockers) == ("Search, then filters", "Staging is down")
    assert Blocker.objects.get().text == "Staging is down"


def test_a_first_entry_posted_from_two_tabs_does_not_overwrite_the_first(team, sprint):
    client, data = dev_with_the_form(team)
    assert data["version"] == ["0"]
    data["done"] = ["Tab two"]
    standup_entry_save(acting=team.dev, day=MONDAY, done="Tab one")

    response = client.post(f"{PAGE}entry/", data)

    assert response.status_code == 409
    assert "Saved meanwhile by someone else" in response.content.decode()
    assert StandupEntry.objects.get().done == "Tab one"
