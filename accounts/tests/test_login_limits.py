"""The login limits (accounts.throttle) as the login page, the admin's login and the token endpoint apply them."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import LoginCounter
from boards.tests.factories import PASSWORD, UserFactory
from conftest import postgres_only
from scrum_app.testing import all_at_once

# Each entry's path and its answers to a right and to a wrong password.
ENTRIES = {
    "page": ("/accounts/login/", 302, 400),
    "admin": ("/admin/login/", 302, 200),
    "api": ("/api/v1/auth/token/", 200, 400),
}
# Redis configured, but nothing listens there.
REDIS_DOWN = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def attempt(username, password, address="10.0.0.1", entry="page"):
    """'ok', 'wrong' or 'refused' (a 429 with Retry-After); anything else fails the test."""
    path, right, wrong = ENTRIES[entry]
    response = APIClient(REMOTE_ADDR=address).post(path, {"username": username, "password": password})
    if response.status_code == 429:
        assert int(response["Retry-After"]) > 0
        return "refused"
    assert response.status_code in (right, wrong), response.content
    return "ok" if response.status_code == right else "wrong"


@pytest.fixture
def sam(db):
    return UserFactory(username="sam", is_staff=True)  # staff, so that the admin's login lets sam in too


@pytest.mark.parametrize("entry", ENTRIES)
@override_settings(LOGIN_FAILURES_PER_ACCOUNT=3, LOGIN_FAILURES_PER_ADDRESS=100)
def test_it_counts_every_spelling_that_logs_in_as_the_account_against_it(sam, entry):
    assert attempt("ｓａｍ", PASSWORD, entry=entry) == "ok"  # fullwidth letters log in as sam
    assert attempt("ｓａｍ", "guess1", address="10.0.0.1", entry=entry) == "wrong"
    assert attempt("ＳＡＭ", "guess2", address="10.0.0.2", entry=entry) == "wrong"
    assert attempt(" Sam", "guess3", address="10.0.0.3", entry=entry) == "wrong"

    assert attempt("sam", PASSWORD, address="10.0.0.4", entry=entry) == "refused"
    assert attempt("ｓａｍ", PASSWORD, address="10.0.0.4", entry=entry) == "refused"


@pytest.mark.parametrize("name", ["sam", "ghost"])
@override_settings(LOGIN_FAILURES_PER_ACCOUNT=2, LOGIN_FAILURES_PER_ADDRESS=100)
def test_an_unknown_name_is_counted_per_normalised_name_as_a_known_one_is(sam, name):
    # Both behave alike: the limits do not tell a guesser which names are taken.
    assert attempt(name.upper(), "guess", address="10.0.0.1") == "wrong"
    assert attempt(name.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}), "guess", address="10.0.0.2") == "wrong"
    assert attempt(name, "guess", address="10.0.0.3") == "refused"


@override_settings(LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=3, LOGIN_FAILURES_PER_ACCOUNT=100)
def test_a_right_password_resets_the_count_of_its_account_and_address(sam):
    for _ in range(3):
        assert attempt("sam", "typo", address="10.0.0.1") == "wrong"
        assert attempt("sam", "typo", address="10.0.0.1") == "wrong"
        assert attempt("sam", PASSWORD, address="10.0.0.1") == "ok"


@override_settings(LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=3, LOGIN_FAILURES_PER_ACCOUNT=4)
def test_a_right_password_from_one_address_leaves_the_account_ceiling_counting(sam):
    assert [attempt("sam", "guess", address="10.0.0.1") for _ in range(2)] == ["wrong"] * 2
    assert attempt("sam", PASSWORD, address="10.0.0.1") == "ok"
    assert [attempt("sam", "guess", address="10.0.0.2") for _ in range(2)] == ["wrong"] * 2

    assert attempt("sam", PASSWORD, address="10.0.0.1") == "refused"
    assert attempt("sam", PASSWORD, address="10.0.0.3") == "refused"


@override_settings(LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=5, LOGIN_FAILURES_PER_ACCOUNT=8, LOGIN_FAILURES_PER_ADDRESS=100)
def test_one_address_guessing_cannot_lock_the_account_out_for_everyone(sam):
    outcomes = [attempt("sam", f"guess{n}", address="10.6.6.6") for n in range(20)]
    assert outcomes == ["wrong"] * 5 + ["refused"] * 15  # refused attempts count nowhere

    assert attempt("sam", PASSWORD, address="10.0.0.1") == "ok"


@override_settings(LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=2)
def test_the_limit_lifts_when_its_window_has_passed(sam):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        attempt("sam", "guess")
        attempt("sam", "guess")
        clock.shift(timedelta(seconds=100))
        refused = APIClient(REMOTE_ADDR="10.0.0.1").post("/accounts/login/", {"username": "sam", "password": PASSWORD})
        assert refused.status_code == 429
        assert refused["Retry-After"] == "200"
        assert b"Too many failed login attempts. Try again in 4 minutes." in refused.content

        clock.shift(timedelta(seconds=201))
        assert attempt("sam", PASSWORD) == "ok"


@pytest.mark.parametrize("entry", ENTRIES)
@override_settings(CACHES=REDIS_DOWN, LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=2)
def test_login_works_and_counts_with_redis_down(sam, entry):
    assert attempt("sam", PASSWORD, entry=entry) == "ok"
    assert attempt("sam", "guess", entry=entry) == "wrong"
    assert attempt("sam", "guess", entry=entry) == "wrong"
    assert attempt("sam", PASSWORD, entry=entry) == "refused"
    assert attempt("sam", PASSWORD, address="10.0.0.2", entry=entry) == "ok"


@override_settings(CACHES=REDIS_DOWN)
def test_the_login_page_opens_with_redis_down(client, db):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/admin/login/").status_code == 200


@postgres_only()
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("limits", "addresses"),
    [
        ({"LOGIN_FAILURES_PER_ACCOUNT_ADDRESS": 3}, ["10.0.0.1"] * 12),
        ({"LOGIN_FAILURES_PER_ACCOUNT": 3}, [f"10.0.0.{n}" for n in range(12)]),
        ({"LOGIN_FAILURES_PER_ADDRESS": 3}, ["10.0.0.1"] * 12),
    ],
    ids=["per account and address", "per account", "per address"],
)
def test_a_concurrent_burst_cannot_pass_a_limit(settings, limits, addresses):
    settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS = settings.LOGIN_FAILURES_PER_ACCOUNT = 100
    settings.LOGIN_FAILURES_PER_ADDRESS = 100
    for name, limit in limits.items():
        setattr(settings, name, limit)
    UserFactory(username="sam")
    names = ["sam"] * 12 if "LOGIN_FAILURES_PER_ADDRESS" not in limits else [f"name{n}" for n in range(12)]
    outcomes: list[str] = []

    def guess(name, address):
        return lambda: outcomes.append(attempt(name, "guess", address=address, entry="api"))

    assert all_at_once([guess(name, address) for name, address in zip(names, addresses, strict=True)]) == []
    assert sorted(outcomes) == ["refused"] * 9 + ["wrong"] * 3
    assert max(LoginCounter.objects.values_list("count", flat=True)) == 3


# Another worker: a process of its own, logging in with the Django test client against the same test database.
OTHER_WORKER = """
import django, sys
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
client = Client(REMOTE_ADDR="10.0.0.1")
for password in sys.argv[1:]:
    print(client.post("/accounts/login/", {"username": "sam", "password": password}).status_code)
"""


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_workers_without_redis_share_the_counts():
    UserFactory(username="sam")
    assert attempt("sam", "guess") == "wrong"
    assert attempt("sam", "guess") == "wrong"

    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    db = connection.settings_dict
    env.update(
        DJANGO_SETTINGS_MODULE="scrum_app.settings_test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        LOG_LEVEL="CRITICAL",  # stdout carries the statuses only
        LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=str(settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS),
    )
    statuses = subprocess.run(
        [sys.executable, "-c", OTHER_WORKER, "guess", "guess", "guess", PASSWORD],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    assert statuses == ["400", "400", "400", "429"]
