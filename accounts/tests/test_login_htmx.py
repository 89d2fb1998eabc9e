"""A session that ends while a page is open: its htmx requests send the whole page to log in, and back."""

import pytest
from django.test import Client

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/b/apollo/standups/"}


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_htmx_request_logged_out_loads_the_login_page_whole_coming_back_to_the_page(db, method):
    response = getattr(Client(), method)("/b/apollo/standups/entries/", **HTMX)
    assert response.status_code == 200  # htmx acts on HX-Redirect only on a 2xx
    assert response["HX-Redirect"] == "/accounts/login/?next=/b/apollo/standups/"
    assert response.content == b""


def test_a_page_of_another_origin_is_not_where_logging_in_leads(db):
    headers = {**HTMX, "HTTP_HX_CURRENT_URL": "https://evil.example/b/apollo/"}
    response = Client().get("/b/apollo/standups/entries/", **headers)
    assert response["HX-Redirect"] == "/accounts/login/?next=/"


def test_a_plain_visit_logged_out_is_redirected_as_before(db):
    response = Client().get("/b/apollo/standups/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/b/apollo/standups/")
    assert "HX-Redirect" not in response


def test_other_redirects_of_htmx_requests_are_left_alone(team):
    client = Client()
    client.force_login(team.dev.user)
    restore = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
    response = client.get("/b/apollo/standups/entries/", **restore)
    assert (response.status_code, response["Location"]) == (302, "/b/apollo/standups/")
