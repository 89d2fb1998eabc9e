"""GET /api/v1/boards/{slug}/standups/{date}/, PUT …/me/ and POST …/timebox/."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.tests.api_client import api_as
from boards.tests.factories import MembershipFactory
from standups.models import Blocker, StandupEntry
from standups.services import standup_entry_save, timebox_start
from standups.tests.conftest import MONDAY

DAY = "/api/v1/boards/apollo/standups/2026-03-02/"


def test_it_lists_the_days_entries_who_has_not_spoken_and_no_timebox_yet(team, sprint):
    standup_entry_save(acting=team.dev, day=MONDAY, done="Login", next="Search", blockers="Staging is down")
    body = api_as(team.po.user).get(DAY).json()
    assert body["date"] == "2026-03-02" and body["sprint"] == 1 and body["today"] is True
    assert [(e["member"], e["done"], e["next"], e["blockers"]) for e in body["entries"]] == [
        ("dave", "Login", "Search", "Staging is down")
    ]
    assert body["not_spoken"] == ["paula", "sam"]
    assert body["timebox"] is None


def test_put_creates_then_updates_my_entry_with_200(team, sprint):
    client = api_as(team.dev.user)
    created = client.put(f"{DAY}me/", {"done": "Login", "next": "Search", "blockers": ""}, format="json")
    assert created.status_code == 200
    assert (created.json()["member"], created.json()["done"]) == ("dave", "Login")
    updated = client.put(f"{DAY}me/", {"done": "Login, done", "next": "", "blockers": "Need a key"}, format="json")
    assert updated.status_code == 200
    assert updated.json()["id"] == created.json()["id"]
    assert StandupEntry.objects.get().done == "Login, done"
    assert list(Blocker.objects.values_list("text", flat=True)) == ["Need a key"]


@pytest.mark.parametrize("date", ["2026-03-07", "2026-03-16", "2026-02-27", "2026-13-01", "monday"])
def test_a_date_that_is_no_working_day_of_the_sprint_is_400_naming_date(team, sprint, date):
    url = f"/api/v1/boards/apollo/standups/{date}/"
    assert api_as(team.dev.user).get(url).json().keys() == {"date"}
    assert api_as(team.dev.user).get(url).status_code == 400
    response = api_as(team.dev.user).put(f"{url}me/", {"done": "x"}, format="json")
    assert response.status_code == 400 and "date" in response.json()


def test_without_an_active_sprint_every_date_is_400(team, clock):
    response = api_as(team.dev.user).get(DAY)
    assert response.status_code == 400
    assert "No sprint is active" in response.json()["date"][0]


def test_a_put_for_another_day_than_today_is_409_with_a_clear_message(team, sprint):
    response = api_as(team.dev.user).put("/api/v1/boards/apollo/standups/2026-03-03/me/", {"done": "x"}, format="json")
    assert response.status_code == 409
    assert response.json() == {
        "date": ["Stand-up entries are written on their own day: today is 2026-03-02, not 2026-03-03."]
    }
    assert not StandupEntry.objects.exists()


def test_a_past_day_is_readable_but_not_today(team, sprint, clock):
    standup_entry_save(acting=team.dev, day=MONDAY, done="Monday")
    clock.move_to(dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC))
    body = api_as(team.sm.user).get(DAY).json()
    assert body["today"] is False and [e["done"] for e in body["entries"]] == ["Monday"]
    assert api_as(team.dev.user).put(f"{DAY}me/", {"done": "late"}, format="json").status_code == 409


def test_overlong_text_is_400_naming_the_field(team, sprint):
    response = api_as(team.dev.user).put(f"{DAY}me/", {"done": "x" * 2001}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["done"]


def test_the_scrum_master_starts_the_timebox_and_everyone_sees_it(team, sprint):
    response = api_as(team.sm.user).post(f"{DAY}timebox/")
    assert response.status_code == 200
    timebox = api_as(team.dev.user).get(DAY).json()["timebox"]
    assert timebox == {
        "started_at": "2026-03-02T09:00:00Z",
        "ends_at": "2026-03-02T09:15:00Z",
        "started_by": "sam",
        "running": True,
    }


def test_the_timebox_says_when_it_has_run_out(team, sprint, clock):
    timebox_start(acting=team.sm, day=MONDAY)
    clock.shift(dt.timedelta(minutes=15))
    assert api_as(team.dev.user).get(DAY).json()["timebox"]["running"] is False


@pytest.mark.parametrize("role", ["po", "dev"])
def test_only_the_scrum_master_starts_the_timebox_403_naming_the_role(team, sprint, role):
    response = api_as(getattr(team, role).user).post(f"{DAY}timebox/")
    assert response.status_code == 403
    assert "Only the Scrum Master" in response.json()["detail"]


def test_a_second_timebox_while_one_runs_is_409(team, sprint):
    api_as(team.sm.user).post(f"{DAY}timebox/")
    assert api_as(team.sm.user).post(f"{DAY}timebox/").status_code == 409


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("outsider", 404), ("dev", 200), ("po", 200)])
def test_who_may_read_a_day(team, sprint, who, status):
    user = {"anonymous": None, "outsider": team.outsider, "dev": team.dev.user, "po": team.po.user}[who]
    assert api_as(user).get(DAY).status_code == status


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("outsider", 404)])
def test_who_may_not_write(team, sprint, who, status):
    user = {"anonymous": None, "outsider": team.outsider}[who]
    assert api_as(user).put(f"{DAY}me/", {"done": "x"}, format="json").status_code == status
    assert api_as(user).post(f"{DAY}timebox/").status_code == status
    assert not StandupEntry.objects.exists()


def test_reading_a_day_costs_the_same_queries_for_3_or_30_entries(team, sprint):
    def speak(count):
        for member in [MembershipFactory(board=team.board) for _ in range(count)]:
            standup_entry_save(acting=member, day=MONDAY, done="x", blockers="y")

    client = api_as(team.dev)
    speak(3)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(DAY).json()["entries"]) == 3
    speak(27)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(DAY).json()["entries"]) == 30
    assert len(many) == len(few)
