"""/metrics: what a request, a login and a live event add, and who may read it (ops.metrics)."""

import pytest
from django.test import Client
from prometheus_client import REGISTRY

from boards.tests.factories import BacklogItemFactory

pytestmark = pytest.mark.django_db

ROUTE = "b/<slug:slug>/"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def scrape(client: Client, **extra: str):
    return client.get("/metrics", **extra)


def test_a_page_is_counted_under_its_route_with_its_status_latency_and_queries(team):
    client = Client()
    client.force_login(team.dev.user)
    before = sample("scrum_http_requests_total", route=ROUTE, method="GET", status="200")
    timed = sample("scrum_http_request_duration_seconds_count", route=ROUTE, method="GET")
    queries = sample("scrum_db_queries_per_request_sum", route=ROUTE)
    for _ in range(3):
        assert client.get("/b/apollo/").status_code == 200
    assert client.get("/b/no-such-board/").status_code == 404
    assert sample("scrum_http_requests_total", route=ROUTE, method="GET", status="200") == before + 3
    assert sample("scrum_http_requests_total", route=ROUTE, method="GET", status="404") >= 1
    assert sample("scrum_http_request_duration_seconds_count", route=ROUTE, method="GET") == timed + 4
    # The backlog runs queries: the histogram's sum grew by at least one per request.
    assert sample("scrum_db_queries_per_request_sum", route=ROUTE) >= queries + 4


def test_routes_not_paths_so_series_do_not_grow_with_boards_and_items(team):
    client = Client()
    client.force_login(team.dev.user)
    items = [BacklogItemFactory(board=team.board) for _ in range(3)]
    for item in items:
        client.get(f"/b/apollo/items/{item.pk}/")
    text = scrape(Client(REMOTE_ADDR="127.0.0.1")).content.decode()
    assert 'route="b/<slug:slug>/items/<int:item_id>/"' in text
    assert f"/items/{items[0].pk}/" not in text


def test_loopback_and_private_networks_may_scrape(client):
    for address in ("127.0.0.1", "10.1.2.3", "172.18.0.5", "::1"):
        response = scrape(client, REMOTE_ADDR=address)
        assert response.status_code == 200, address
        assert response["Content-Type"].startswith("text/plain")
        assert response["Cache-Control"] == "no-store"
        assert "scrum_http_requests_total" in response.content.decode()
        assert 'scrum_health_ok{check="database"} 1.0' in response.content.decode()


def test_a_public_address_gets_404_even_through_the_trusted_proxy(client, settings):
    settings.TRUSTED_PROXY_IPS = ["127.0.0.1"]
    assert scrape(client, REMOTE_ADDR="203.0.113.9").status_code == 404
    # Through nginx the peer is private, but the client it names is not.
    assert scrape(client, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9").status_code == 404
    assert client.post("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_the_allowed_networks_come_from_the_settings(client, settings):
    settings.METRICS_ALLOWED_IPS = ["192.0.2.0/24"]
    assert scrape(client, REMOTE_ADDR="192.0.2.7").status_code == 200
    assert scrape(client, REMOTE_ADDR="127.0.0.1").status_code == 404


def test_wrong_passwords_and_throttled_logins_are_counted(team, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS = 2
    failures, throttled = sample("scrum_login_failures_total"), sample("scrum_login_throttled_total")
    client = Client()
    for _ in range(2):
        client.post("/accounts/login/", {"username": team.dev.user.username, "password": "wrong"})
    assert sample("scrum_login_failures_total") == failures + 2
    response = client.post("/accounts/login/", {"username": team.dev.user.username, "password": "wrong"})
    assert response.status_code == 429
    assert sample("scrum_login_throttled_total") == throttled + 1


@pytest.mark.django_db(transaction=True)
def test_open_websockets_and_live_events_are_counted(team):
    from live import publish
    from live.tests.helpers import run, socket_for

    open_before = sample("scrum_websockets_open")
    events_before = sample("scrum_live_events_total", kind="board")
    sockets = [socket_for(member.user, "/ws/board/apollo/") for member in (team.dev, team.sm)]
    seen = {}

    async def scenario():
        from channels.db import database_sync_to_async

        for ws in sockets:
            assert (await ws.connect())[0]
        seen["open"] = sample("scrum_websockets_open")
        await database_sync_to_async(lambda: publish("board:apollo", "item.updated", items=[1]))()
        for ws in sockets:
            assert (await ws.receive_json_from(timeout=2))["event"] == "item.updated"
        for ws in sockets:
            await ws.disconnect()

    run(scenario)
    assert seen["open"] == open_before + 2
    assert sample("scrum_websockets_open") == open_before
    assert sample("scrum_live_events_total", kind="board") == events_before + 1
