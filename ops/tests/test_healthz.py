import json
import os
import socket

import pytest

HEALTHY_REDIS = os.environ.get("REDIS_URL_TEST", "redis://127.0.0.1:6379/4")


def closed_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_it_reports_ok_without_redis_configured(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_it_reports_ok_when_redis_answers(client, settings):
    settings.REDIS_URL = HEALTHY_REDIS
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


@pytest.mark.django_db
def test_it_answers_503_when_redis_is_down(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_loopback_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["redis"].startswith("error: ")


def test_it_answers_503_when_the_database_refuses(client, settings):
    # No django_db mark: pytest-django refuses every database access, as a database that is down would.
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert body["database"].startswith("error: ")


@pytest.mark.django_db
def test_it_answers_whatever_the_host_header(client, settings):
    # Docker's HEALTHCHECK probes localhost, which production's ALLOWED_HOSTS does not list.
    settings.ALLOWED_HOSTS = ["scrum.example.com"]
    settings.REDIS_URL = ""
    assert client.get("/healthz", HTTP_HOST="localhost:8000").status_code == 200
    assert client.get("/accounts/login/", HTTP_HOST="localhost:8000").status_code == 400


@pytest.mark.django_db
def test_it_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.REDIS_URL = ""
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


@pytest.mark.django_db
def test_it_refuses_writes(client, settings):
    settings.REDIS_URL = ""
    # Only GET/HEAD are health probes; anything else goes through the normal stack (no such page: 404).
    assert client.post("/healthz").status_code == 404
