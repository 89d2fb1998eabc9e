"""A database that restarts, hangs or does not answer costs a 503 with Retry-After, never a 500 or a hung worker.

Real faults on PostgreSQL, no mocks: the test's own backend is terminated from a second connection (what a restart does
to every open connection), a table is locked past a short statement_timeout (a hung query), and the connection is
pointed at a loopback port that accepts nothing (a server that does not answer).
"""

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.db import connection
from django.test import Client

from boards.models import BacklogItem
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory
from conftest import postgres_only
from scrum_app.testing import TcpGate, postgres_url

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]

ITEMS = "/api/v1/boards/apollo/items/"


def lose_the_connection() -> None:
    """Terminate this test's own PostgreSQL backend from a second connection, as a restart would."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with psycopg.connect(postgres_url(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@contextlib.contextmanager
def connection_options(**changes: object) -> Iterator[None]:
    """Reconnect with changed settings (host, port, OPTIONS); the test's own settings are back afterwards. The pool
    (DB_POOL) was made with the old ones: it is closed, and the next connection makes one with the new."""
    saved = {key: connection.settings_dict[key] for key in ("HOST", "PORT", "OPTIONS")}
    options = {**saved["OPTIONS"], **changes.pop("OPTIONS", {})}
    connection.close()
    connection.close_pool()
    connection.settings_dict.update(changes, OPTIONS=options)
    try:
        yield
    finally:
        connection.close()
        connection.close_pool()
        connection.settings_dict.update(saved)


def waiting_at_most(seconds: float) -> dict:
    """With the pool (DB_POOL), a request waits for a connection up to the pool's timeout, not the connect's."""
    pool = connection.settings_dict["OPTIONS"].get("pool")
    return {"pool": {**pool, "timeout": seconds}} if pool else {}


@pytest.fixture
def member_client(client, team):
    client.force_login(team.dev.user)
    return client


def test_it_reads_a_page_again_on_a_fresh_connection_when_the_connection_was_lost(member_client, team):
    BacklogItemFactory(board=team.board, title="Survives a restart")
    lose_the_connection()
    response = member_client.get("/b/apollo/")
    assert response.status_code == 200
    assert "Survives a restart" in response.text


def test_it_reads_an_api_list_again_when_the_connection_was_lost(team):
    BacklogItemFactory(board=team.board, title="Listed after a restart")
    api = api_as(team.po)
    lose_the_connection()
    response = api.get(ITEMS)
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["results"]] == ["Listed after a restart"]


def test_it_answers_503_with_retry_after_to_a_page_write_whose_connection_was_lost(member_client, team):
    lose_the_connection()
    response = member_client.post("/b/apollo/items/new/", {"title": "Not twice", "kind": "story"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Try again shortly" in response.text
    assert not BacklogItem.objects.filter(title="Not twice").exists()


def test_it_answers_503_json_to_an_api_write_whose_connection_was_lost(team):
    api = api_as(team.po)
    lose_the_connection()
    response = api.post(ITEMS, {"title": "Not twice", "kind": "story"}, format="json")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/json"
    assert "try again" in response.json()["detail"]
    assert not BacklogItem.objects.filter(title="Not twice").exists()


def test_the_configured_statement_timeout_is_in_force_on_every_connection(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "10s"  # DB_STATEMENT_TIMEOUT_MS's default


def test_a_query_held_past_the_statement_timeout_answers_503_in_well_under_a_second(team):
    api = api_as(team.po)
    with (
        connection_options(OPTIONS={"options": "-c statement_timeout=300"}),
        psycopg.connect(postgres_url()) as locker,
    ):
        locker.execute("LOCK TABLE boards_board IN ACCESS EXCLUSIVE MODE")  # held until the locker rolls back
        started = time.monotonic()
        response = api.get(ITEMS)
        elapsed = time.monotonic() - started
        locker.rollback()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert elapsed < 2


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that completes TCP handshakes (the kernel's backlog) but never answers: a hung server."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_a_database_that_does_not_answer_costs_a_503_after_the_connect_timeout_and_ping_still_answers(
    member_client, silent_port
):
    with connection_options(HOST="127.0.0.1", PORT=silent_port, OPTIONS={"connect_timeout": 2, **waiting_at_most(2)}):
        started = time.monotonic()
        page = member_client.get("/b/apollo/")
        page_seconds = time.monotonic() - started
        started = time.monotonic()
        ping = member_client.get("/ping")
        ping_seconds = time.monotonic() - started
        health = member_client.get("/healthz")
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert page_seconds < 5
    assert (ping.status_code, ping.text, ping_seconds < 0.5) == (200, "pong", True)
    assert health.status_code == 503
    assert health.json()["database"].startswith("error: ")


@pytest.mark.parametrize("path", ["/b/apollo/", "/healthz"])
def test_a_database_frozen_under_an_open_connection_costs_a_503_once_the_request_waited_too_long(
    member_client, settings, path
):
    """statement_timeout is PostgreSQL's own: a server frozen whole never fires it. The request's socket is shut."""
    settings.DATABASE_STUCK_SECONDS = 1.5
    gate = TcpGate(int(connection.settings_dict["PORT"] or 5432), connection.settings_dict["HOST"] or "127.0.0.1")

    def frozen_request():
        try:
            connection.ensure_connection()  # through the gate, before the server hangs
            gate.freeze()
            started = time.monotonic()
            page = member_client.get(path)
            return page, time.monotonic() - started
        finally:
            connection.close()

    with connection_options(HOST="127.0.0.1", PORT=gate.port), ThreadPoolExecutor(1) as pool:
        try:
            page, seconds = pool.submit(frozen_request).result(timeout=20)
        finally:
            gate.close()  # without the watchdog, only this frees the request
    assert page.status_code == 503
    assert seconds < 6  # 1.5 s, a watchdog round, the 503; running it again would add a 5 s connect timeout


def test_requests_from_many_clients_share_one_watchdog_thread():
    # The test client builds the middleware anew for every client; one watching thread each once made thousands.
    # Counted by name: other tests' threads (thread pools, live listeners) may still be ending while this runs.
    def watchdogs() -> int:
        return sum(thread.name == "db-watchdog" for thread in threading.enumerate())

    Client().get("/accounts/login/")
    for _ in range(30):
        assert Client().get("/accounts/login/").status_code == 200
    assert watchdogs() == 1


def test_a_request_that_finds_the_pool_full_answers_503_not_500(member_client):
    """Every connection the process may hold is taken (here: one, held by another thread): the request waits the
    pool's timeout and answers 503 with Retry-After, as for a database that is down, not a 500."""
    pool = connection.settings_dict["OPTIONS"].get("pool")
    assert pool, "DB_POOL is on by default"
    held, release = threading.Event(), threading.Event()

    def hold_the_only_connection() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            held.set()
            release.wait(10)
        finally:
            connection.close()  # back to the pool

    with connection_options(OPTIONS={"pool": {**pool, "min_size": 0, "max_size": 1, "timeout": 0.5}}):
        holder = threading.Thread(target=hold_the_only_connection)
        holder.start()
        try:
            assert held.wait(5)
            started = time.monotonic()
            full = member_client.get("/b/apollo/")
            waited = time.monotonic() - started
        finally:
            release.set()
            holder.join()
        again = member_client.get("/b/apollo/")  # the connection is back in the pool
    assert (full.status_code, full["Retry-After"]) == (503, "5")
    assert 0.4 < waited < 3
    assert again.status_code == 200
