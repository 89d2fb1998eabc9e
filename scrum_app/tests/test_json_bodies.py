"""What the API's JSON parser refuses before any view sees it: bodies nested too deep, NUL characters and lone
surrogates (text PostgreSQL cannot store and UTF-8 cannot encode)."""

import pytest

from boards.models import BacklogItem
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
ITEMS = "/api/v1/boards/apollo/items/"
BULK = "/api/v1/boards/apollo/items/bulk/"


def post(client, url, body: str):
    client.raise_request_exception = False
    return client.post(url, body, content_type="application/json")


@pytest.mark.parametrize("depth", [10_000, 100_000, 33])
@pytest.mark.parametrize(("opening", "inner", "closing"), [("[", "", "]"), ('{"a":', "1", "}")])
def test_it_refuses_a_body_nested_too_deep_without_logging_in(depth, opening, inner, closing):
    response = post(api_as(None), TOKEN, opening * depth + inner + closing * depth)
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - the request body nests deeper than 32 levels."}


def test_it_refuses_a_deep_body_on_every_json_endpoint(team):
    response = post(api_as(team.sm), ITEMS, "[" * 10_000 + "]" * 10_000)
    assert response.status_code == 400
    assert "nests deeper than 32 levels" in response.json()["detail"]
    assert not BacklogItem.objects.exists()


def test_it_takes_a_body_nested_as_deep_as_the_limit(team):
    body = '{"title": "Deep", "description": ' + "[" * 31 + "]" * 31 + "}"
    response = post(api_as(team.sm), ITEMS, body)
    assert response.status_code == 400
    assert response.json() == {"description": ["Not a valid string."]}


@pytest.mark.parametrize("text", [r"\ud800", r"a\udfffb", r"\u0000", r"x\u0000"])
def test_it_refuses_nul_and_lone_surrogates_naming_the_field(team, text):
    response = post(api_as(team.sm), ITEMS, '{"title": "%s"}' % text)  # noqa: UP031
    assert response.status_code == 400
    assert list(response.json()) == ["title"]
    assert not BacklogItem.objects.exists()


def test_it_names_the_entry_and_field_of_a_bulk_body(team):
    response = post(api_as(team.sm), BULK, r'[{"title": "ok"}, {"title": "ok", "description": "\ud83d"}]')
    assert response.status_code == 400
    assert response.json() == {
        "1": {"description": ["Lone surrogates are not allowed: send text as UTF-8 (a pair like \\ud83d\\ude00 is)."]}
    }


@pytest.mark.parametrize("key", [r"\ud800", r"\u0000"])
def test_it_refuses_such_a_key_without_echoing_it(team, key):
    response = post(api_as(team.sm), ITEMS, '{"title": "T", "%s": 1}' % key)  # noqa: UP031
    assert response.status_code == 400
    assert "key" in response.json()["detail"]


def test_it_keeps_a_surrogate_pair_and_other_text(team):
    response = post(api_as(team.sm), ITEMS, r'{"title": "Ship \ud83d\ude80 \u00e9t\u00e9"}')
    assert response.status_code == 201
    assert response.json()["title"] == "Ship 🚀 été"


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=B"])
def test_it_refuses_nul_in_a_form_body_of_a_patch_naming_the_field(team, content_type):
    item = BacklogItemFactory(board=team.board, title="Keep")
    if content_type.startswith("multipart"):
        body = '--B\r\nContent-Disposition: form-data; name="assignee"\r\n\r\nda\x00ve\r\n--B--\r\n'
    else:
        body = "assignee=da%00ve"
    client = api_as(team.sm)
    response = client.patch(f"{ITEMS}{item.pk}/", body, content_type=content_type)
    assert response.status_code == 400
    assert response.json() == {"assignee": ["Null characters are not allowed."]}
