"""The colour theme: the system's by default, or the one the person picked, kept in a cookie."""

import pytest
from django.test import Client


@pytest.mark.parametrize("user", ["anonymous", "member"])
def test_it_follows_the_system_until_a_theme_is_picked_then_keeps_it(team, user):
    client = Client()
    if user == "member":
        client.force_login(team.dev.user)
    page = "/accounts/login/" if user == "anonymous" else "/b/apollo/"
    html = client.get(page).content.decode()
    assert '<html lang="en">' in html  # no data-theme: prefers-color-scheme decides
    assert 'name="theme" value="dark"' in html

    response = client.post("/accounts/theme/", {"theme": "dark", "next": page})
    assert (response.status_code, response["Location"]) == (302, page)
    html = client.get(page).content.decode()
    assert '<html lang="en" data-theme="dark">' in html
    assert 'name="theme" value="light"' in html

    client.post("/accounts/theme/", {"theme": "light", "next": page})
    assert '<html lang="en" data-theme="light">' in client.get(page).content.decode()
    client.post("/accounts/theme/", {"theme": "", "next": page})
    assert '<html lang="en">' in client.get(page).content.decode()


def test_an_unknown_theme_or_a_foreign_next_is_ignored(db):
    client = Client()
    response = client.post("/accounts/theme/", {"theme": "<b>neon</b>", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert "data-theme" not in client.get("/accounts/login/").content.decode()
    client.cookies["theme"] = '"><script>'
    assert 'script>"' not in client.get("/accounts/login/").content.decode()
    assert "data-theme" not in client.get("/accounts/login/").content.decode()


def test_the_switch_is_a_post(db):
    assert Client().get("/accounts/theme/").status_code == 405
