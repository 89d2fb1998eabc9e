"""Lost updates on board settings: the API's ETag, If-Match (412) and body version (409), and the settings page that
saves only what its Scrum Master changed and shows a stale save beside the other person's value."""

import pytest

from boards import services
from boards.models import Board, Membership, WipLimit
from boards.tests.api_client import api_as
from scrum_app.testing import form_data

pytestmark = pytest.mark.django_db

BOARD = "/api/v1/boards/apollo/"


def someone_else_changes_settings(team, **fields):
    board = Board.objects.get(pk=team.board.pk)
    services.board_update(acting=Membership.objects.get(pk=team.sm.pk), version=board.version, **fields)


# --- API --------------------------------------------------------------------------------------------------------


def test_it_answers_a_get_with_the_settings_version_as_etag(team):
    response = api_as(team.dev).get(BOARD)
    assert response["ETag"] == '"1"'
    assert response.json()["version"] == 1


def test_it_raises_the_version_once_for_settings_and_limits_together(team):
    response = api_as(team.sm).patch(BOARD, {"name": "Apollo 2", "wip_limits": {"testing": 2}}, format="json")
    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    assert response.json()["wip_limits"] == {"testing": 2}


def test_it_refuses_a_stale_if_match_with_412_and_the_current_settings(team):
    someone_else_changes_settings(team, retro_vote_budget=5)
    response = api_as(team.sm).patch(
        BOARD, {"name": "Apollo 2", "wip_limits": {"testing": 2}}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 412
    assert response.json()["retro_vote_budget"] == 5
    assert response["ETag"] == '"2"'
    assert Board.objects.get(pk=team.board.pk).name == "Apollo"
    assert not WipLimit.objects.exists()


def test_it_refuses_a_stale_body_version_with_409_and_the_current_settings(team):
    someone_else_changes_settings(team, name="Artemis")
    response = api_as(team.sm).patch(BOARD, {"retro_vote_budget": 3, "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["name"] == "Artemis"
    assert Board.objects.get(pk=team.board.pk).retro_vote_budget == 2


def test_it_still_changes_settings_without_a_version(team):
    someone_else_changes_settings(team, name="Artemis")
    response = api_as(team.sm).patch(BOARD, {"retro_vote_budget": 3}, format="json")
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["retro_vote_budget"]) == ("Artemis", 3)


def test_it_documents_the_stale_answers_of_a_settings_change(team):
    schema = api_as(team.dev).get("/api/v1/schema/?format=json").json()
    patch = schema["paths"]["/api/v1/boards/{slug}/"]["patch"]
    assert {"409", "412"} <= set(patch["responses"])
    assert "If-Match" in [p["name"] for p in patch["parameters"]]


# --- the settings page ------------------------------------------------------------------------------------------


def settings_form(client):
    return form_data(client.get("/b/apollo/settings/").content.decode(), "/b/apollo/settings/")


def test_the_settings_form_carries_the_version_and_what_it_showed(team, client_for):
    data = settings_form(client_for(team.sm.user))
    assert data["version"] == ["1"]
    assert data["initial-working_days"] == ["1", "2", "3", "4", "5"]
    assert data["initial-name"] == ["Apollo"]


def test_a_stale_settings_save_shows_both_values_and_saves_nothing(team, client_for):
    client = client_for(team.sm.user)
    data = settings_form(client)
    data["retro_vote_budget"] = ["4"]
    data["wip_testing"] = ["3"]
    someone_else_changes_settings(team, retro_vote_budget=6, working_days=[1, 2, 3])

    response = client.post("/b/apollo/settings/", data)

    html = response.content.decode()
    assert response.status_code == 409
    assert "Saved meanwhile by someone else: <strong>6</strong>" in html
    assert "Saved meanwhile by someone else: <strong>Mon, Tue, Wed</strong>" in html
    shown = form_data(html, "/b/apollo/settings/")
    assert (shown["retro_vote_budget"], shown["wip_testing"]) == (["4"], ["3"])
    assert shown["working_days"] == ["1", "2", "3"]
    board = Board.objects.get(pk=team.board.pk)
    assert (board.retro_vote_budget, board.working_days) == (6, [1, 2, 3])
    assert not WipLimit.objects.exists()


def test_a_settings_save_leaves_what_this_person_did_not_change(team, client_for):
    client = client_for(team.sm.user)
    data = settings_form(client)
    data["wip_testing"] = ["3"]
    Board.objects.filter(pk=team.board.pk).update(name="Artemis")  # behind the form's back, without a version

    response = client.post("/b/apollo/settings/", data)

    assert response.status_code == 302
    assert Board.objects.get(pk=team.board.pk).name == "Artemis"
    assert WipLimit.objects.get().limit == 3
