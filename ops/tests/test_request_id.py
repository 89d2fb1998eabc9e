import re

import pytest


@pytest.mark.django_db
def test_it_echoes_the_request_id_from_nginx(client):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="0f3c9a7e5b2d4c1a8e6f0b9d7c5a3e1f")
    assert response["X-Request-ID"] == "0f3c9a7e5b2d4c1a8e6f0b9d7c5a3e1f"


@pytest.mark.django_db
def test_it_makes_an_id_when_none_is_given(client):
    first = client.get("/accounts/login/")["X-Request-ID"]
    second = client.get("/accounts/login/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


@pytest.mark.django_db
def test_it_replaces_an_id_that_could_forge_a_log_line(client):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID='x" "level": "CRITICAL')
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
