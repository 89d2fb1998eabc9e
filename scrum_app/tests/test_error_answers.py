"""Every error under /api/ is JSON, `{"detail": …}`; pages keep their HTML errors."""

import pytest
from django.test import Client

from boards.models import Membership
from boards.tests.api_client import api_as

pytestmark = pytest.mark.django_db

LIMIT = 10 * 1024 * 1024


def quiet(client):
    client.raise_request_exception = False
    return client


def logged_in(team) -> Client:
    client = Client()
    client.force_login(team.sm.user)
    return client


def is_json(response) -> bool:
    return response["Content-Type"] == "application/json"


@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/nothing", "/api/v1/boards/apollo/nothing/"])
def test_an_unknown_api_address_is_a_json_404(team, path):
    response = api_as(team.sm).get(path)
    assert (response.status_code, is_json(response)) == (404, True)
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_page_address_stays_an_html_404(team):
    response = logged_in(team).get("/b/apollo/nothing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"Not found" in response.content


def test_a_method_the_api_does_not_take_is_a_json_405(team):
    response = api_as(team.sm).put("/api/v1/boards/")
    assert (response.status_code, is_json(response)) == (405, True)
    assert response.json() == {"detail": 'Method "PUT" not allowed.'}


@pytest.mark.urls("scrum_app.tests.urls_with_failures")
def test_a_server_error_under_the_api_is_json_and_a_page_s_stays_html(team):
    api = quiet(api_as(team.sm)).get("/api/v1/fail/")
    assert (api.status_code, is_json(api), api.json()) == (500, True, {"detail": "A server error occurred."})
    page = quiet(Client()).get("/fail/")
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


def test_a_body_over_the_limit_is_a_json_413_naming_the_limit(team):
    response = api_as(team.sm).post(
        "/api/v1/boards/apollo/items/", b'"' + b"x" * LIMIT + b'"', content_type="application/json"
    )
    assert (response.status_code, is_json(response)) == (413, True)
    assert response.json() == {"detail": "The request body is larger than the 10 MB this server accepts."}


def test_the_limit_lets_a_body_of_10_mb_through(team):
    body = '{"title": "Big", "description": "' + "x" * (LIMIT - 100) + '"}'
    response = api_as(team.sm).post("/api/v1/boards/apollo/items/", body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["description"]


def test_a_form_over_the_limit_is_an_html_413(team):
    response = logged_in(team).post("/b/apollo/items/new/", {"title": "x" * (LIMIT + 1)})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert b"larger than the 10 MB" in response.content


def test_too_many_form_fields_under_the_api_is_a_json_400():
    response = api_as(None).post("/api/v1/auth/token/", {f"f{i}": "1" for i in range(1001)})
    assert (response.status_code, is_json(response)) == (400, True)
    assert "detail" in response.json()


# NUL characters (PostgreSQL refuses them in text) in a path segment, a query or a form.


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_a_nul_in_a_member_s_username_is_a_json_404(team, method):
    response = getattr(api_as(team.sm), method)("/api/v1/boards/apollo/members/da%00ve/", {"role": "developer"})
    assert (response.status_code, is_json(response)) == (404, True)
    assert response.json() == {"detail": "Not found."}
    assert Membership.objects.filter(board=team.board).count() == 3


def test_a_nul_in_a_page_s_path_is_an_html_404(team):
    response = logged_in(team).post("/b/apollo/settings/members/da%00ve/remove/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert Membership.objects.filter(board=team.board).count() == 3


@pytest.mark.parametrize("query", ["assignee=da%00ve", "status=%00", "sprint=1%00", "page=1&q=%00"])
def test_a_nul_in_a_query_is_a_json_400_naming_the_parameter(team, query):
    response = api_as(team.sm).get(f"/api/v1/boards/apollo/items/?{query}")
    assert (response.status_code, is_json(response)) == (400, True)
    name = query.rsplit("&", 1)[-1].split("=")[0]
    assert response.json() == {name: ["Null characters are not allowed."]}


def test_a_nul_in_a_query_parameter_s_name_is_a_json_400(team):
    response = api_as(team.sm).get("/api/v1/boards/apollo/items/?st%00atus=done")
    assert (response.status_code, is_json(response)) == (400, True)
    assert response.json() == {"detail": "A query parameter's name: Null characters are not allowed."}


@pytest.mark.parametrize("query", ["scope=%00", "sprint=%00"])
def test_a_nul_in_a_page_s_query_is_an_html_400(team, query):
    response = logged_in(team).get(f"/b/apollo/board/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_login_form_over_the_limit_is_an_html_413_for_anyone(db):
    response = quiet(Client()).post("/accounts/login/", {"username": "x" * (LIMIT + 1), "password": "p"})
    assert response.status_code == 413
    assert b"larger than the 10 MB" in response.content
