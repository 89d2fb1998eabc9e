"""A whole sprint over the API with tokens, as a script of the team would drive it."""

import datetime as dt

import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

BASE = "/api/v1/boards/apollo"


def token_client(member):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=member.user).key}")
    return client


def test_a_team_plans_starts_works_and_closes_a_sprint_over_the_api(team):
    po, sm, dev = token_client(team.po), token_client(team.sm), token_client(team.dev)
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC), tick=False):
        ids = [
            po.post(f"{BASE}/items/", {"title": title, "points": points}, format="json").json()["id"]
            for title, points in [("Sign in", 5), ("Export", 3), ("Search", 8)]
        ]
        assert po.post(f"{BASE}/sprints/", {"goal": "Sign in and export"}, format="json").status_code == 201
        assert po.post(f"{BASE}/sprints/1/items/", {"items": ids[:2]}, format="json").status_code == 200
        assert po.post(f"{BASE}/sprints/", {"goal": "Search"}, format="json").status_code == 201
        assert po.post(f"{BASE}/sprints/2/items/", {"items": ids[2:]}, format="json").status_code == 200
        assert [r["id"] for r in dev.get(f"{BASE}/items/?sprint=1").json()["results"]] == ids[:2]
        started = sm.post(f"{BASE}/sprints/1/start/")
        assert (started.status_code, started.json()["committed_points"]) == (200, 8)
    with time_machine.travel(dt.datetime(2026, 3, 3, 15, tzinfo=dt.UTC), tick=False):
        assert dev.patch(f"{BASE}/items/{ids[0]}/", {"status": "done"}, format="json").status_code == 200
        assert dev.patch(f"{BASE}/items/{ids[1]}/", {"status": "testing"}, format="json").status_code == 200
        days = dev.get(f"{BASE}/sprints/1/burndown/").json()["days"]
        # Mon: 8 left, nothing moved. Tue: 5 done → 3 left; weights Done 4 + testing 2 over 4 × 2 items.
        assert [(d["remaining"], d["weighted_progress"]) for d in days[:3]] == [(8, 0.0), (3, 0.75), (None, None)]
    with time_machine.travel(dt.datetime(2026, 3, 13, 16, tzinfo=dt.UTC), tick=False):
        closed = sm.post(f"{BASE}/sprints/1/close/", {"unfinished": "next"}, format="json")
        assert (closed.json()["state"], closed.json()["completed_points"]) == ("closed", 5)
    assert [r["id"] for r in dev.get(f"{BASE}/items/?sprint=2").json()["results"]] == [ids[1], ids[2]]  # backlog order
    assert dev.get(f"{BASE}/velocity/").json() == {
        "sprints": [{"number": 1, "committed": 8, "completed": 5}],
        "average": 5.0,
    }
    history = dev.get(f"{BASE}/items/{ids[1]}/history/").json()["results"]
    assert [(e["field"], e["old_value"], e["new_value"]) for e in history] == [
        ("created", "", "todo"),
        ("sprint", "", "1"),
        ("status", "todo", "testing"),
        ("sprint", "1", "2"),
    ]
