import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_it_answers_pong_in_plain_text_without_database_or_session(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/ping")
    assert response.status_code == 200
    assert response.content == b"pong"
    assert response["Content-Type"].startswith("text/plain")
    assert ctx.captured_queries == []
    assert not response.cookies


def test_it_refuses_other_methods(client):
    assert client.post("/ping").status_code == 405
